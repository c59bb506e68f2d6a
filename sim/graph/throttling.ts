/**
 * Graph's documented service limits that the simulator enforces on its own, as Graph would, without
 * a fault rule asking for them.
 *
 * "Identity and access reports" (concepts/throttling-limits.md, whose table is
 * includes/throttling-entra-logs-reports.md): any request, "Five requests per 10 seconds" per app
 * per tenant, for the resources that include lists, directoryAudit among them. The list's
 * authenticationMethod entry carries the comment "Changed authenticationMethodsRoot to
 * authenticationMethod"; authenticationMethodsRoot is the `/reports/authenticationMethods` root that
 * userRegistrationDetails hangs from, and that API page is filed under the same product area
 * (ms.prod identity-and-access-reports). The simulator takes the stricter reading: the report is
 * limited too.
 *
 * Only answered requests count toward the window; a 429 says, in Retry-After, when the oldest of
 * them leaves it. throttling-limits.md does not say how Graph counts refused requests.
 */
export type ThrottleFamily = "identityAndAccessReports";

export interface ThrottleLimit {
  requests: number;
  windowMs: number;
  /** Where the figure comes from, for the 429's message. */
  source: string;
}

export const DOCUMENTED_LIMITS: Record<ThrottleFamily, ThrottleLimit> = {
  identityAndAccessReports: {
    requests: 5,
    windowMs: 10_000,
    source: "Identity and access reports: five requests per 10 seconds per app per tenant",
  },
};

/** "documented": the limits above; "off": none (tests that run many audits back to back, and say so). */
export type ThrottlingMode = "documented" | "off";

/**
 * A simulator's mode when its caller names none: "documented", unless GRAPH_SIM_THROTTLING=off
 * (the test suite sets it: it audits the same tenants many times a minute; the tests about the
 * limits ask for "documented" themselves).
 */
export function defaultThrottlingMode(): ThrottlingMode {
  return process.env["GRAPH_SIM_THROTTLING"] === "off" ? "off" : "documented";
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number; limit: ThrottleLimit };

export class DocumentedThrottle {
  private readonly answered = new Map<string, number[]>();
  refused = 0;

  constructor(
    public mode: ThrottlingMode = "documented",
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a request of `family` from `app` may be answered now; counts it when it is. */
  admit(family: ThrottleFamily, app: string): Admission {
    if (this.mode === "off") return { admitted: true };
    const limit = DOCUMENTED_LIMITS[family];
    const key = `${family}\u0000${app}`;
    const now = this.now();
    const times = (this.answered.get(key) ?? []).filter((t) => now - t < limit.windowMs);
    this.answered.set(key, times);
    if (times.length < limit.requests) {
      times.push(now);
      return { admitted: true };
    }
    this.refused++;
    const waitMs = times[0]! + limit.windowMs - now;
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), limit };
  }
}
