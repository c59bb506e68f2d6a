/** The order changes are listed in, and which of them alert. */
import { severityRank, type FindingKind, type Severity } from "../exposure/types.js";
import type { Change, Diff } from "./types.js";

const DIRECTION_ORDER: Record<Change["direction"], number> = { increase: 0, decrease: 1, neutral: 2 };

/** Increases first, then decreases, then neutral; coverage last; each by severity, then key. */
export function sortChanges<T extends Change>(changes: readonly T[]): T[] {
  return [...changes].sort(
    (x, y) =>
      Number(x.type === "coverage") - Number(y.type === "coverage") ||
      DIRECTION_ORDER[x.direction] - DIRECTION_ORDER[y.direction] ||
      severityRank(y.severity) - severityRank(x.severity) ||
      x.key.localeCompare(y.key),
  );
}

/** The lowest severity that alerts: one for all, or one per finding kind over a default. */
export type AlertThreshold = Severity | { default: Severity; byKind: Partial<Record<FindingKind, Severity>> };

/** The finding kind a change is about (a folded change: its first item's). */
export function changeKind(c: Change): FindingKind | undefined {
  const item = c.items?.[0];
  return (c.after ?? c.before ?? item?.after ?? item?.before)?.kind;
}

/** The lowest severity at which this change alerts. */
export function thresholdFor(c: Change, threshold: AlertThreshold): Severity {
  if (typeof threshold === "string") return threshold;
  const kind = changeKind(c);
  return (kind && threshold.byKind[kind]) || threshold.default;
}

/** Increases at or above the threshold of their finding kind, not covered by an acceptance: what alerts. */
export function alertingChanges(diff: Diff, threshold: AlertThreshold): Change[] {
  if (diff.baseline) return [];
  // A change about accepted findings only is recorded and shown, never alerted (shared/acceptance).
  return diff.changes.filter(
    (c) =>
      c.direction === "increase" &&
      !c.acceptance?.covered &&
      severityRank(c.severity) >= severityRank(thresholdFor(c, threshold)),
  );
}
