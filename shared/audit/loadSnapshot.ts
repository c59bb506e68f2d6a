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
}

/**
 * The latest committed snapshot with its exposure recomputed by the current model, so a model
 * change between releases does not show up as a change in the tenant.
 */
export async function loadLatest(
  ctx: AuditContext,
  tenantId: string,
  abortSignal?: AbortSignal,
): Promise<LoadedSnapshot | undefined> {
  // A damaged latest snapshot must not stop the watch for good: fall back to the newest intact
  // one, so the next diff still compares against real history instead of alerting on everything.
  const page = await ctx.stores.snapshots.listSummaries(tenantId, { pageSize: LOOK_BACK, abortSignal });
  for (const summary of page.items) {
    try {
      const loaded = await loadById(ctx, tenantId, summary, abortSignal);
      if (loaded) return loaded;
    } catch (error) {
      if (!(error instanceof StoredSnapshotCorruptError)) throw error;
      ctx.log(JSON.stringify({ event: "snapshot-damaged", tenantId, snapshotId: summary.snapshotId }));
    }
  }
  return undefined;
}

/** How many snapshots back loadLatest looks for an intact one. */
const LOOK_BACK = 5;

export async function loadById(
  ctx: AuditContext,
  tenantId: string,
  summary: SnapshotSummary,
  abortSignal?: AbortSignal,
): Promise<LoadedSnapshot | undefined> {
  const snapshot = await ctx.stores.snapshots.loadSnapshot(tenantId, summary.snapshotId, { abortSignal });
  if (!snapshot) return undefined;
  return { summary, snapshot, exposure: computeExposure(snapshot) };
}
