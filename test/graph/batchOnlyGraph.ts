/**
 * A fake Graph client for request-pool tests: only `batch` works, answered by the test, so a test
 * sees every post the pool makes; a pool that sends a request on its own fails loudly.
 */
import type { BatchRequest, BatchResponse, GraphClient } from "../../shared/graph/GraphClient.js";

export function batchOnlyGraph(
  batch: <T>(requests: readonly BatchRequest[]) => Promise<BatchResponse<T>[]>,
): GraphClient {
  return {
    graphBaseUrl: "https://graph.test",
    get: () => Promise.reject(new Error("the pool must batch")),
    pages: () => {
      throw new Error("the pool must batch");
    },
    count: () => Promise.reject(new Error("the pool must batch")),
    batch,
    stats: () => ({ requests: {}, httpRequests: 0, batches: 0, batchedRequests: 0, retries: 0, bytesReceived: 0 }),
  };
}
