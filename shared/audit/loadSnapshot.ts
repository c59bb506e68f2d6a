/** Loading committed snapshots with their exposure recomputed by the current model. */
import type { Exposure } from "../exposure/types.js";
import { computeExposure } from "../exposure/computeExposure.js";
import type { Snapshot } from "../snapshot/types.js";
import type { SnapshotSummary } from "../store/types.js";
import type { AuditContext } from "./context.js";
import { StoredSnapshotCorruptError } from "../store/errors.js";

export interface LoadedSnapshot {
  summary: SnapshotSummary;
  snapshot: Snapshot;
  exposure: Exposure;
  /** Newer snapshots passed over because they cannot be read (newest first); absent when none. */
  passedOver?: UnreadableSnapshot[];
}

/** A committed snapshot whose stored payload is damaged. */
export interface UnreadableSnapshot {
  snapshotId: string;
  takenAt: string;
  /** What is wrong with it (no tenant data). */
  reason: string;
}

/** What loading needs of the audit context: the stores and the log (the CLI builds just these). */
export type LoadContext = Pick<AuditContext, "stores" | "log">;

/** How many snapshots back loadLatest looks for an intact one. */
export const LOOK_BACK = 5;

/**
 * The latest committed snapshot with its exposure recomputed by the current model, so a model
 * change between releases does not show up as a change in the tenant.
 */
export async function loadLatest(
  ctx: LoadContext,
  tenantId: string,
  abortSignal?: AbortSignal,
): Promise<LoadedSnapshot | undefined> {
  const page = await ctx.stores.snapshots.listSummaries(tenantId, { pageSize: LOOK_BACK, abortSignal });
  return loadNewestIntact(ctx, tenantId, page.items, abortSignal);
}

/**
 * The newest of these summaries (newest first) whose snapshot loads. A damaged latest snapshot
 * must not stop the watch for good: the diff then compares against real history instead of
 * alerting on everything.
 */
export async function loadNewestIntact(
  ctx: LoadContext,
  tenantId: string,
  summaries: readonly SnapshotSummary[],
  abortSignal?: AbortSignal,
): Promise<LoadedSnapshot | undefined> {
  const passedOver: UnreadableSnapshot[] = [];
  for (const summary of summaries) {
    try {
      const loaded = await loadById(ctx, tenantId, summary, abortSignal);
      if (loaded) return passedOver.length ? { ...loaded, passedOver } : loaded;
    } catch (error) {
      if (!(error instanceof StoredSnapshotCorruptError)) throw error;
      ctx.log(JSON.stringify({ event: "snapshot-damaged", tenantId, snapshotId: summary.snapshotId }));
      passedOver.push({ snapshotId: summary.snapshotId, takenAt: summary.takenAt, reason: error.reason });
    }
  }
  return undefined;
}

export async function loadById(
  ctx: LoadContext,
  tenantId: string,
  summary: SnapshotSummary,
  abortSignal?: AbortSignal,
): Promise<LoadedSnapshot | undefined> {
  const snapshot = await ctx.stores.snapshots.loadSnapshot(tenantId, summary.snapshotId, { abortSignal, summary });
  if (!snapshot) return undefined;
  return { summary, snapshot, exposure: computeExposure(snapshot) };
}
