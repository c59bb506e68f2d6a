/** Folding the product's own counters (Graph client) into the benchmark's figures. */
import type { GraphClientStats } from "../shared/graph/GraphClient.js";
import type { GraphFigures } from "./types.js";

export function graphFigures(stats: GraphClientStats): GraphFigures {
  const perSection = { ...stats.requests };
  return {
    requests: Object.values(perSection).reduce((n, v) => n + v, 0),
    httpRequests: stats.httpRequests,
    batches: stats.batches,
    batchedItems: stats.batchedRequests,
    retries: stats.retries,
    bytesReceived: stats.bytesReceived,
    perSection,
  };
}

/**
 * Every request Graph's throttling sees: each logical request once, plus each retried attempt
 * (a retried $batch item is a request again). The throttling target compares this figure.
 */
export function attempts(figures: GraphFigures): number {
  return figures.requests + figures.retries;
}
