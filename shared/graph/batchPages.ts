/**
 * Many collections at once: the first page of each through $batch, then the nextLinks of the
 * unfinished ones in further batches, until every collection is complete. Requests grow with the
 * number of collections and their pages, never one request per item.
 */
import { GraphRequestError } from "../errors.js";
import type { GraphClient, GraphOperationOptions } from "./GraphClient.js";
import { nextLinkOf, resolveGraphUrl, toPage } from "./GraphClient.js";
import { PageChain } from "./pageChain.js";

export interface CollectionRequest {
  key: string;
  url: string;
  headers?: Record<string, string>;
}

export interface CollectionResult<T> {
  values: T[];
  /** `@odata.count` of the first page, when asked for. */
  count?: number;
  error?: GraphRequestError;
}

export async function batchPages<T>(
  graph: GraphClient,
  requests: readonly CollectionRequest[],
  options: GraphOperationOptions & { maxPages?: number } = {},
): Promise<Map<string, CollectionResult<T>>> {
  const results = new Map<string, CollectionResult<T>>();
  let pending = requests.map((r) => ({
    ...r,
    pagesRead: 0,
    chain: new PageChain(resolveGraphUrl(graph.graphBaseUrl, r.url), options.maxPages),
  }));
  for (const r of requests) results.set(r.key, { values: [] });
  while (pending.length > 0) {
    const responses = await graph.batch(
      pending.map((r) => ({ id: r.key, url: r.url, ...(r.headers ? { headers: r.headers } : {}) })),
      options,
    );
    const next: typeof pending = [];
    responses.forEach((response, i) => {
      const request = pending[i]!;
      const result = results.get(request.key)!;
      if (response.error) {
        result.error = response.error;
        return;
      }
      const page = toPage<T>(response.body, request.url);
      result.values.push(...page.value);
      if (request.pagesRead === 0 && page.count !== undefined) result.count = page.count;
      try {
        const link = request.chain.next(page, nextLinkOf(response.body));
        if (link) next.push({ ...request, url: link, pagesRead: request.pagesRead + 1 });
      } catch (error) {
        if (!(error instanceof GraphRequestError)) throw error;
        result.error = error;
      }
    });
    pending = next;
  }
  return results;
}
