/**
 * One queue for every Graph request of a collection. Collectors ask for what they need when they
 * can (a first page, a nextLink, a batch of lookups); the pool gathers whatever is waiting into
 * `$batch` posts of up to 20 and sends them as soon as fewer than `maxInFlight` requests are out, so
 * no request waits for anything but its own inputs and the bound. nextLink pages go before bulk
 * lookups: chains are the collection's longest paths, lookups are wide and short.
 *
 * The bound counts logical requests (each `$batch` item is one, as Graph's throttling counts them).
 * DEFAULT_MAX_IN_FLIGHT is 80: four full `$batch` posts. At Graph's fastest (about 100 ms a round
 * trip) that is at most 800 requests a second, the identity-and-access quota of a large tenant
 * (8,000 resource units per 10 seconds per application and tenant, GET costing 1 unit with
 * `$select`) and well under the 2,000 requests a second per application across tenants
 * ("Microsoft Graph service-specific throttling limits", concepts/throttling-limits.md). Endpoints
 * with a limit of their own (the identity and access reports: rateLimits.ts) are held back further,
 * until their window has room, while everything else goes on. Graph's 429s are still retried by the
 * client underneath.
 */
import type { BatchRequest, BatchResponse, GraphClient, GraphOperationOptions, GraphPage } from "../GraphClient.js";
import { followPages, parseCount, resolveGraphUrl } from "../GraphClient.js";
import { MAX_BATCH_REQUESTS } from "../pageSizes.js";
import { rateLimitOf, type RateGate, type RateLimit } from "./rateLimits.js";

export const DEFAULT_MAX_IN_FLIGHT = 4 * MAX_BATCH_REQUESTS;

export interface RequestPoolOptions {
  /** Logical requests out at once ($batch items counted one by one). Default DEFAULT_MAX_IN_FLIGHT. */
  maxInFlight?: number;
  /** Ends the collection: queued requests are rejected with its reason, none is sent after it. */
  abortSignal?: AbortSignal;
  /** When the queue is looked at after a request is added; tests drive it by hand. Default setImmediate. */
  defer?: (flush: () => void) => void;
  /** Where the documented per-family limits are counted. Default: the client's; null: not kept. */
  rateGate?: RateGate | null;
  /** How a held request is looked at again once its window has room. Default setTimeout. */
  later?: (flush: () => void, ms: number) => void;
}

/** What the pool has done, for tests and the benchmark's explanations. */
export interface RequestPoolStats {
  /** HTTP posts or GETs the pool sent (not counting the client's retries). */
  sends: number;
  /** Most logical requests that were out at once. */
  peakInFlight: number;
  /** Times a request waited for its family's documented limit (rateLimits.ts). */
  heldForRateLimit: number;
}

export interface RequestPool extends GraphClient {
  poolStats(): RequestPoolStats;
}

type Priority = "chain" | "bulk";

interface Queued {
  request: BatchRequest;
  options: GraphOperationOptions;
  resolve: (response: BatchResponse) => void;
  reject: (error: unknown) => void;
  limit: RateLimit | undefined;
  held?: true;
}

export function createRequestPool(graph: GraphClient, options: RequestPoolOptions = {}): RequestPool {
  const maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  const defer = options.defer ?? ((flush: () => void) => void setImmediate(flush));
  const queues: Record<Priority, Queued[]> = { chain: [], bulk: [] };
  const stats: RequestPoolStats = { sends: 0, peakInFlight: 0, heldForRateLimit: 0 };
  const gate = options.rateGate === undefined ? (graph.rateGate ?? null) : options.rateGate;
  const later = options.later ?? ((flush: () => void, ms: number) => void setTimeout(flush, ms));
  let wakeScheduled = false;
  let inFlight = 0;
  let flushPending = false;
  const abortSignal = options.abortSignal;

  const abortReason = (): unknown =>
    abortSignal?.reason ?? new DOMException("The collection was aborted.", "AbortError");
  abortSignal?.addEventListener(
    "abort",
    () => {
      for (const q of [queues.chain, queues.bulk]) for (const item of q.splice(0)) item.reject(abortReason());
    },
    { once: true },
  );

  function schedule(): void {
    if (flushPending) return;
    flushPending = true;
    defer(() => {
      flushPending = false;
      flush();
    });
  }

  /** Up to `n` requests that may go now, chains first; held ones keep their place. `wait`: the shortest hold seen. */
  function take(n: number, wait: { ms: number }): Queued[] {
    const out: Queued[] = [];
    for (const queue of [queues.chain, queues.bulk]) {
      for (let i = 0; i < queue.length && out.length < n;) {
        const item = queue[i]!;
        const waitMs = item.limit && gate ? gate.waitMs(item.limit) : 0;
        if (waitMs > 0) {
          if (!item.held) stats.heldForRateLimit++;
          item.held = true;
          wait.ms = Math.min(wait.ms, waitMs);
          i++;
          continue;
        }
        if (item.limit && gate) gate.record(item.limit);
        queue.splice(i, 1);
        out.push(item);
      }
    }
    return out;
  }

  function flush(): void {
    const wait = { ms: Infinity };
    while (inFlight < maxInFlight && queues.chain.length + queues.bulk.length > 0) {
      const group = take(Math.min(MAX_BATCH_REQUESTS, maxInFlight - inFlight), wait);
      if (group.length === 0) break;
      inFlight += group.length;
      stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
      stats.sends++;
      void send(group).finally(() => {
        inFlight -= group.length;
        schedule();
      });
    }
    // Held requests: look again when the first may go. Sends only push a window's room later, so
    // one pending wake-up is enough.
    if (wait.ms !== Infinity && !wakeScheduled && !abortSignal?.aborted) {
      wakeScheduled = true;
      later(() => {
        wakeScheduled = false;
        schedule();
      }, wait.ms);
    }
  }

  async function send(group: Queued[]): Promise<void> {
    // The items share one post; the first item's options carry the accounting tag of a lone request.
    const opts = { ...group[0]!.options, ...(abortSignal ? { abortSignal } : {}) };
    try {
      const responses = await graph.batch(
        group.map((q) => ({ ...q.request, section: q.request.section ?? q.options.section ?? "untagged" })),
        opts,
      );
      responses.forEach((response, i) => group[i]!.resolve({ ...response, request: group[i]!.request }));
    } catch (error) {
      for (const q of group) q.reject(error);
    }
  }

  function enqueue(request: BatchRequest, opts: GraphOperationOptions, priority: Priority): Promise<BatchResponse> {
    if (abortSignal?.aborted) return Promise.reject(abortReason());
    return new Promise((resolve, reject) => {
      queues[priority].push({ request, options: opts, resolve, reject, limit: rateLimitOf(request.url) });
      schedule();
    });
  }

  async function getBody(path: string, opts: GraphOperationOptions, priority: Priority): Promise<unknown> {
    // A batch is per version: beta requests go on their own.
    if (opts.apiVersion === "beta") return graph.get(path, opts);
    const response = await enqueue(
      {
        url: path,
        ...(opts.headers ? { headers: opts.headers } : {}),
        ...(opts.section ? { section: opts.section } : {}),
      },
      opts,
      priority,
    );
    if (response.error) throw response.error;
    return response.body;
  }

  return {
    graphBaseUrl: graph.graphBaseUrl,
    get: async <T>(path: string, opts: GraphOperationOptions = {}) => (await getBody(path, opts, "chain")) as T,
    async *pages<T>(path: string, opts: GraphOperationOptions = {}): AsyncIterableIterator<GraphPage<T>> {
      const first = resolveGraphUrl(graph.graphBaseUrl, path, opts.apiVersion);
      yield* followPages<T>(first, await getBody(path, opts, "chain"), (url) => getBody(url, opts, "chain"));
    },
    async count(path: string, opts: GraphOperationOptions = {}): Promise<number> {
      const body = await getBody(
        path,
        { ...opts, headers: { ConsistencyLevel: "eventual", Accept: "text/plain", ...opts.headers } },
        "chain",
      );
      return parseCount(body, path);
    },
    async batch<T>(requests: readonly BatchRequest[], opts: GraphOperationOptions = {}): Promise<BatchResponse<T>[]> {
      const responses = await Promise.all(
        requests.map((r) =>
          enqueue({ ...r, ...(r.section || opts.section ? { section: r.section ?? opts.section } : {}) }, opts, "bulk"),
        ),
      );
      return responses.map((response, i) => ({
        ...(response as BatchResponse<T>),
        id: requests[i]!.id ?? String(i),
        request: requests[i]!,
      }));
    },
    stats: () => graph.stats(),
    poolStats: () => ({ ...stats }),
    ...(graph.tokenTenantId ? { tokenTenantId: graph.tokenTenantId.bind(graph) } : {}),
    ...(graph.rateGate ? { rateGate: graph.rateGate } : {}),
  };
}
