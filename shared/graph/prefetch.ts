/**
 * Prefetching: the first requests of many sections are independent, so collectSnapshot sends them in
 * one $batch and hands the collectors a client that answers those exact URLs from the batch. A
 * collector run alone (tests) makes the same requests directly; its code does not change.
 */
import type { BatchRequest, BatchResponse, GraphClient, GraphOperationOptions, GraphPage } from "./GraphClient.js";
import { followPages, parseCount, resolveGraphUrl } from "./GraphClient.js";

/** A request a collector makes first, with everything needed to send it in a batch. */
export interface FirstRequest {
  url: string;
  headers?: Record<string, string>;
  section: string;
}

export async function prefetch(
  graph: GraphClient,
  requests: readonly FirstRequest[],
  options: GraphOperationOptions = {},
): Promise<GraphClient> {
  const responses = await graph.batch(
    requests.map((r) => ({ id: r.url, url: r.url, section: r.section, ...(r.headers ? { headers: r.headers } : {}) })),
    options,
  );
  return withPrefetched(graph, responses);
}

/** A client answering each prefetched URL once from `responses`, and everything else from `graph`. */
export function withPrefetched(graph: GraphClient, responses: readonly BatchResponse[]): GraphClient {
  const cache = new Map<string, BatchResponse>();
  for (const response of responses) cache.set(response.request.url, response);
  const take = (path: string): BatchResponse | undefined => {
    const hit = cache.get(path);
    if (hit) cache.delete(path);
    return hit;
  };
  const bodyOf = (hit: BatchResponse): unknown => {
    if (hit.error) throw hit.error;
    return hit.body;
  };

  return {
    graphBaseUrl: graph.graphBaseUrl,
    async get<T>(path: string, options?: GraphOperationOptions): Promise<T> {
      const hit = options?.apiVersion === "beta" ? undefined : take(path);
      return hit ? (bodyOf(hit) as T) : graph.get<T>(path, options);
    },
    async *pages<T>(path: string, options: GraphOperationOptions = {}): AsyncIterableIterator<GraphPage<T>> {
      const hit = options.apiVersion === "beta" ? undefined : take(path);
      if (!hit) {
        yield* graph.pages<T>(path, options);
        return;
      }
      // One chain from the prefetched first page on, so a link back to it is seen as a loop.
      yield* followPages<T>(resolveGraphUrl(graph.graphBaseUrl, path), bodyOf(hit), (url) =>
        graph.get<unknown>(url, options),
      );
    },
    async count(path: string, options?: GraphOperationOptions): Promise<number> {
      const hit = take(path);
      return hit ? parseCount(bodyOf(hit), path) : graph.count(path, options);
    },
    async batch<T>(requests: readonly BatchRequest[], options?: GraphOperationOptions): Promise<BatchResponse<T>[]> {
      const hits = requests.map((r) => take(r.url));
      const misses = requests.filter((_, i) => !hits[i]);
      const fetched = misses.length > 0 ? await graph.batch<T>(misses, options) : [];
      let next = 0;
      return requests.map((request, i) => {
        const hit = hits[i];
        return hit ? ({ ...hit, id: request.id ?? hit.id, request } as BatchResponse<T>) : fetched[next++]!;
      });
    },
    stats: () => graph.stats(),
    grantedPermissions: () => graph.grantedPermissions?.(),
    ...(graph.tokenTenantId ? { tokenTenantId: graph.tokenTenantId.bind(graph) } : {}),
  };
}
