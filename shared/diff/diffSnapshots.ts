/**
 * The diff between two audits, from their snapshots: both are brought to common coverage
 * (commonCoverage.ts), both exposures are recomputed from the masked snapshots by the current model,
 * and those are compared. Coverage changes come from what each audit really read. Pure.
 */
import { computeExposure } from "../exposure/computeExposure.js";
import type { Exposure } from "../exposure/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { maskToCommonCoverage } from "./commonCoverage.js";
import { diffExposures } from "./diffExposures.js";
import type { Diff } from "./types.js";

export interface AuditOutcome {
  snapshot: Snapshot;
  /** computeExposure(snapshot), when the caller has it already. */
  exposure?: Exposure;
}

export function diffSnapshots(previous: AuditOutcome | null, current: AuditOutcome): Diff {
  const seenNow = current.exposure ?? computeExposure(current.snapshot);
  if (!previous) return diffExposures(null, seenNow);
  const seenBefore = previous.exposure ?? computeExposure(previous.snapshot);
  const common = maskToCommonCoverage(previous.snapshot, current.snapshot);
  const maskedBefore = common.changed.previous ? computeExposure(common.previous) : seenBefore;
  const maskedNow = common.changed.current ? computeExposure(common.current) : seenNow;
  return diffExposures(maskedBefore, maskedNow, { asSeen: { previous: seenBefore, current: seenNow } });
}
