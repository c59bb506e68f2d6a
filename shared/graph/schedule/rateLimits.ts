/**
 * Graph limits some families of endpoints to a few requests per window, far below its general
 * quotas, and answers anything beyond with 429. The request pool keeps to those limits itself, so a
 * long page chain of such an endpoint is paced instead of refused, retried and finally failed.
 *
 * "Identity and access reports" (concepts/throttling-limits.md; its table is
 * includes/throttling-entra-logs-reports.md): any request, five per 10 seconds per app per tenant.
 * Its resource list names directoryAudit (`/auditLogs/...`) and, after an edit noted in the page's
 * source, authenticationMethod where it had authenticationMethodsRoot, the root of
 * `/reports/authenticationMethods/userRegistrationDetails`. Read either way, pacing every
 * `/reports/` and `/auditLogs/` request is safe: where Graph does not limit the report, the cost
 * is time, never a wrong figure.
 *
 * The window is counted per Graph root in this process (a Functions instance audits one tenant
 * with one identity), and a little longer than documented, since Graph counts when a request
 * arrives, not when it was sent. Requests another instance sends are not seen here; their 429s are
 * retried after Retry-After by the client underneath.
 */
export interface RateLimit {
  /** Named in errors and the benchmark. */
  family: string;
  requests: number;
  windowMs: number;
}

export const IDENTITY_AND_ACCESS_REPORTS: RateLimit = {
  family: "identity and access reports",
  requests: 5,
  windowMs: 10_000,
};

/** Added to every window: transit and clock differences between here and Graph. */
export const WINDOW_MARGIN_MS = 500;

const VERSION_ROOT = /^\/(?:v1\.0|beta)(?=\/)/i;

/** The documented limit a request falls under, from its URL (relative to the version root, or absolute). */
export function rateLimitOf(url: string): RateLimit | undefined {
  let path = url;
  if (/^https?:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname.replace(VERSION_ROOT, "");
    } catch {
      return undefined;
    }
  }
  const segment = path.replace(/^\/+/, "").split(/[/?(]/, 1)[0]!.toLowerCase();
  return segment === "reports" || segment === "auditlogs" ? IDENTITY_AND_ACCESS_REPORTS : undefined;
}

/** Send times per limit family; what a request of a limited family must wait before it may go. */
export class RateGate {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Milliseconds until a request under `limit` may be sent (0: now). */
  waitMs(limit: RateLimit): number {
    const times = this.recent(limit);
    if (times.length < limit.requests) return 0;
    return Math.max(1, times[times.length - limit.requests]! + limit.windowMs + WINDOW_MARGIN_MS - this.now());
  }

  /** Counts a request under `limit` as sent now. */
  record(limit: RateLimit): void {
    this.recent(limit).push(this.now());
  }

  private recent(limit: RateLimit): number[] {
    const now = this.now();
    const times = (this.sent.get(limit.family) ?? []).filter((t) => now - t < limit.windowMs + WINDOW_MARGIN_MS);
    this.sent.set(limit.family, times);
    return times;
  }
}

const gates = new Map<string, RateGate>();

/** The gate every collection against this Graph root shares in this process. */
export function sharedRateGate(graphBaseUrl: string): RateGate {
  let gate = gates.get(graphBaseUrl);
  if (!gate) {
    gate = new RateGate();
    gates.set(graphBaseUrl, gate);
  }
  return gate;
}
