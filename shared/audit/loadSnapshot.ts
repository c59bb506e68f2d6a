/** Loading committed snapshots with their exposure recomputed by the current model. */
import type { Exposure } from "../exposure/types.js";
import { computeExposure } from "../exposure/computeExposure.js";
import type { Snapshot } from "../snapshot/types.js";
import type { SnapshotSummary } from "../store/types.js";
import type { AuditContext } from "./context.js";

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
  const summary = await ctx.stores.snapshots.getLatestSummary(tenantId, { abortSignal });
  if (!summary) return undefined;
  return loadById(ctx, tenantId, summary, abortSignal);
}

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
