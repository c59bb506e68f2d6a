/**
 * Reads what a trend is built from: every retained snapshot summary (page by page, newest first)
 * and the outbox's sent alerts. Used by GET /api/trend, the HTML report and `writeback-watch trend`.
 */
import type { OperationOptions, OutboxStore, SnapshotStore } from "../store/types.js";
import { buildTrend, type Trend } from "../report/trend.js";

export interface LoadTrendOptions extends OperationOptions {
  /** Only snapshots taken at or after this instant. Default: every retained one. */
  since?: Date;
}

const PAGE_SIZE = 100;

export async function loadTrend(
  stores: { snapshots: SnapshotStore; outbox: OutboxStore },
  tenantId: string,
  options: LoadTrendOptions = {},
): Promise<Trend> {
  const since = options.since?.toISOString();
  const summaries = [];
  let continuationToken: string | undefined;
  pages: do {
    const page = await stores.snapshots.listSummaries(tenantId, {
      pageSize: PAGE_SIZE,
      continuationToken,
      abortSignal: options.abortSignal,
    });
    for (const s of page.items) {
      // Newest first: the first one older than `since` ends the walk.
      if (since !== undefined && s.takenAt < since) break pages;
      summaries.push(s);
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  const sent = await stores.outbox.listSent(tenantId, { abortSignal: options.abortSignal });
  return buildTrend(tenantId, summaries, sent);
}
