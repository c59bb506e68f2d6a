/** The order changes are listed in, and which of them alert. */
import { severityRank, type Severity } from "../exposure/types.js";
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

/** Increases at or above a severity: what alerts. */
export function alertingChanges(diff: Diff, minSeverity: Severity): Change[] {
  if (diff.baseline) return [];
  return diff.changes.filter(
    (c) => c.direction === "increase" && severityRank(c.severity) >= severityRank(minSeverity),
  );
}
