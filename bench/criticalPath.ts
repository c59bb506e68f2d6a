/**
 * The longest chain of dependent round trips in a request trace, inferred from the traffic alone so
 * that it measures any version of the product the same way: a request depends on the round trip
 * that delivered what it asks for, either the `@odata.nextLink` it follows or an object id in its
 * path or query that an earlier response carried. A `$batch` is one round trip depending on all of
 * its items' sources. With every round trip costing the same latency, no schedule of these requests
 * can finish faster than that chain, so chain length × latency is the audit's lower bound. Pure.
 */

/** One HTTP round trip as the trace proxy saw it. */
export interface TracedRoundTrip {
  /** The requests it carried: one, or each item of a `$batch`; URLs normalised (see normaliseUrl). */
  items: { url: string; nextLink?: string }[];
  /** Object ids its response carried (lower case); left empty for per-user pages (see recordsIds). */
  ids: string[];
  startMs: number;
  endMs: number;
}

export interface CriticalPath {
  roundTrips: number;
  /** Round trips on the longest dependent chain. */
  depth: number;
  /** Pages in the longest nextLink chain of a per-user collection (users, userRegistrationDetails). */
  longestPerUserChain: number;
  /** The per-user chains: first pages seen (a partitioned collection has several). */
  perUserChains: number;
  /** Requests (batch items one by one) under Graph's identity and access reports limit: /reports and /auditLogs. */
  reportRequests: number;
}

/** The identity and access reports: concepts/throttling-limits.md limits them to five requests per 10 s. */
export function isReportRequest(url: string): boolean {
  return /^\/(reports|auditlogs)\//i.test(url);
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The path and query after the version segment, percent-decoded, so a nextLink matches the request that follows it. */
export function normaliseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url, "http://trace.invalid");
  } catch {
    return url;
  }
  const rest = `${u.pathname.replace(/^\/(v1\.0|beta)(?=\/|$)/i, "")}${u.search}`;
  try {
    return decodeURIComponent(rest.replace(/\+/g, " "));
  } catch {
    return rest;
  }
}

/** Per-user collections: their pages are long chains, and their object ids are not inputs of other requests worth tracing. */
export function isPerUserCollection(url: string): boolean {
  const path = url.split("?")[0]!.toLowerCase();
  return path === "/users" || path === "/reports/authenticationmethods/userregistrationdetails";
}

/** Ids worth tracing as inputs: every response except per-user pages (hundreds of thousands of ids nobody asks for). */
export function recordsIds(url: string): boolean {
  return !isPerUserCollection(url);
}

export function idsIn(text: string): string[] {
  return (text.match(GUID) ?? []).map((g) => g.toLowerCase());
}

export function criticalPath(trace: readonly TracedRoundTrip[]): CriticalPath {
  // Sources become known when a response ends; a request can only use sources that ended before it started.
  const order = trace.map((t, i) => ({ t, i })).sort((a, b) => a.t.startMs - b.t.startMs);
  const ends = trace.map((t, i) => ({ t, i })).sort((a, b) => a.t.endMs - b.t.endMs);
  const depth: number[] = new Array(trace.length).fill(0);
  const linkSource = new Map<string, { depth: number; chain: number }>();
  const idDepth = new Map<string, number>();
  const chainOf: number[][] = trace.map((t) => t.items.map(() => 1));
  let nextEnd = 0;
  let longestPerUserChain = 0;
  let perUserChains = 0;
  let reportRequests = 0;
  for (const { t, i } of order) {
    // Publish every response that ended before this request started.
    while (nextEnd < ends.length && ends[nextEnd]!.t.endMs <= t.startMs) {
      const { t: done, i: j } = ends[nextEnd++]!;
      done.items.forEach((item, k) => {
        if (item.nextLink && !linkSource.has(item.nextLink))
          linkSource.set(item.nextLink, { depth: depth[j]!, chain: chainOf[j]![k]! });
      });
      for (const id of done.ids) if (!idDepth.has(id)) idDepth.set(id, depth[j]!);
    }
    let parent = 0;
    t.items.forEach(({ url }, k) => {
      if (isReportRequest(url)) reportRequests++;
      const link = linkSource.get(url);
      if (link) {
        parent = Math.max(parent, link.depth);
        chainOf[i]![k] = link.chain + 1;
      } else if (isPerUserCollection(url)) perUserChains++;
      for (const id of idsIn(url)) parent = Math.max(parent, idDepth.get(id) ?? 0);
      if (isPerUserCollection(url)) longestPerUserChain = Math.max(longestPerUserChain, chainOf[i]![k]!);
    });
    depth[i] = parent + 1;
  }
  return {
    roundTrips: trace.length,
    depth: trace.length === 0 ? 0 : Math.max(...depth),
    longestPerUserChain,
    perUserChains,
    reportRequests,
  };
}
