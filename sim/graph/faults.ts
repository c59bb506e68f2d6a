/**
 * Fault injection: rules match a request by section name, path pattern and method, and fire on a
 * schedule (first N matching calls, every Nth, or with a probability from a seeded RNG so a
 * benchmark run is reproducible).
 */
import { decodeSkipToken, encodeSkipToken } from "./odata/query.js";

export type FaultEffect =
  | { type: "status"; status: 429 | 503 | 403 | 500 | 504; retryAfterSeconds?: number }
  | { type: "latency"; ms: number }
  | { type: "reset" }
  /** Serve fewer items than asked (keep, default half) and still link to the rest. */
  | { type: "truncate"; keep?: number }
  /** Send no response at all, not even headers, until the client gives up (or the server closes). */
  | { type: "stall" }
  /**
   * Send the headers at once, then the body one byte every `intervalMs` (wall clock: not scaled by
   * the time factor, since what it tests is a client's own clock).
   */
  | { type: "trickle"; intervalMs: number }
  /**
   * A broken @odata.nextLink: "self" links the page to itself (the same link forever), "first" to the
   * collection's first page (page 1 replayed), "back" to a page starting `items` earlier than it should
   * (overlapping pages: the same objects twice, none missing).
   */
  | { type: "nextLink"; to: "self" | "first" | "back"; items?: number };

export type FaultSchedule =
  { first: number } | { every: number } | { probability: number; seed?: number } | { always: true };

export interface FaultRule {
  match: {
    /** A route's section, e.g. "syncedUsers" (see REQUESTS.md). */
    section?: string;
    /**
     * A path after /v1.0 or /beta, without query, matched segment by segment (case-insensitive):
     * `*` matches one segment and `**` the rest, e.g. "/users" or "/groups/(star)/transitiveMembers".
     */
    path?: string;
    method?: string;
  };
  effect: FaultEffect;
  /** Default: always. */
  when?: FaultSchedule;
}

export interface FaultStats {
  total: number;
  byType: Record<string, number>;
}

/** mulberry32: small, fast, good enough for reproducible fault schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pathMatcher(pattern: string): (path: string) => boolean {
  const segs = pattern.split("/").filter(Boolean);
  return (path) => {
    const parts = path.split("/").filter(Boolean);
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      if (s === "**") return true;
      const p = parts[i];
      if (p === undefined) return false;
      if (s !== "*" && s.toLowerCase() !== p.toLowerCase()) return false;
    }
    return parts.length === segs.length;
  };
}

interface ArmedRule {
  rule: FaultRule;
  matchesPath: (path: string) => boolean;
  calls: number;
  random: () => number;
}

export class FaultInjector {
  private rules: ArmedRule[] = [];
  readonly stats: FaultStats = { total: 0, byType: {} };

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => {
      const when = rule.when;
      const seed = when && "probability" in when ? (when.seed ?? 1) : 1;
      return {
        rule,
        matchesPath: rule.match.path ? pathMatcher(rule.match.path) : () => true,
        calls: 0,
        random: seededRandom(seed),
      };
    });
  }

  resetStats(): void {
    this.stats.total = 0;
    this.stats.byType = {};
  }

  /** The effects that fire for this request, in rule order; counts them. */
  pick(section: string, path: string, method: string): FaultEffect[] {
    const fired: FaultEffect[] = [];
    for (const armed of this.rules) {
      const { match } = armed.rule;
      if (match.section && match.section !== section) continue;
      if (match.method && match.method.toUpperCase() !== method) continue;
      if (!armed.matchesPath(path)) continue;
      armed.calls++;
      if (!this.fires(armed)) continue;
      fired.push(armed.rule.effect);
      const key = armed.rule.effect.type === "status" ? `status${armed.rule.effect.status}` : armed.rule.effect.type;
      this.stats.total++;
      this.stats.byType[key] = (this.stats.byType[key] ?? 0) + 1;
    }
    return fired;
  }

  private fires(armed: ArmedRule): boolean {
    const when = armed.rule.when ?? { always: true };
    if ("first" in when) return armed.calls <= when.first;
    if ("every" in when) return when.every > 0 && armed.calls % when.every === 0;
    if ("probability" in when) return armed.random() < when.probability;
    return true;
  }
}

/** A collection page's body after a "nextLink" fault; `requestUrl` is the absolute URL this page was read from. */
export function withBrokenNextLink(
  body: unknown,
  effect: Extract<FaultEffect, { type: "nextLink" }>,
  requestUrl: string,
): unknown {
  if (typeof body !== "object" || body === null || !Array.isArray((body as { value?: unknown }).value)) return body;
  const page = body as Record<string, unknown>;
  if (effect.to === "self") return { ...page, "@odata.nextLink": requestUrl };
  if (effect.to === "first") return { ...page, "@odata.nextLink": withSkipToken(requestUrl, undefined) };
  const link = page["@odata.nextLink"];
  const token = typeof link === "string" ? skipTokenOf(link) : undefined;
  if (typeof link !== "string" || token === undefined) return body;
  const offset = Math.max(0, decodeSkipToken(token) - (effect.items ?? 1));
  return { ...page, "@odata.nextLink": withSkipToken(link, encodeSkipToken(offset)) };
}

// Edited as text: re-serialising through URLSearchParams would re-encode the other options.
const SKIPTOKEN = /([?&])\$skiptoken=([^&]*)/i;

function skipTokenOf(url: string): string | undefined {
  const match = SKIPTOKEN.exec(url);
  return match ? decodeURIComponent(match[2]!) : undefined;
}

function withSkipToken(url: string, token: string | undefined): string {
  if (token !== undefined) return url.replace(SKIPTOKEN, `$1$skiptoken=${token}`);
  return url.replace(SKIPTOKEN, "$1").replace(/[?&]$/, "").replace("?&", "?").replace(/&&/, "&");
}
