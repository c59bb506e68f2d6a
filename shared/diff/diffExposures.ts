/**
 * The diff between two exposures computed under the same coverage: the rules (rules/index.ts) find
 * what changed, the causes fold what one event moved into one change, and the result is ordered.
 * Pure. Callers holding snapshots use diffSnapshots, which first brings both to common coverage.
 *
 * Given exposures whose coverage differs (they were not recomputed under common coverage), nothing
 * but the coverage is compared: with a section read on one side only, a difference in findings may
 * be the section, not the tenant, and saying nothing is the only answer that cannot be wrong.
 */
import type { Exposure } from "../exposure/types.js";
import type { Change, Diff } from "./types.js";
import { sameCoverage } from "./commonCoverage.js";
import { baselineCoverage, coverageChanges } from "./coverageChanges.js";
import { sortChanges } from "./order.js";
import { CAUSES, RULES } from "./rules/index.js";
import { findingSentence } from "./summaries.js";

export { alertingChanges, sortChanges } from "./order.js";

export interface DiffExposuresOptions {
  /**
   * The exposures as the audits saw them, when `previous` and `current` are their masked
   * recomputations: coverage lines and headlines come from these.
   */
  asSeen?: { previous: Exposure; current: Exposure };
}

export function diffExposures(previous: Exposure | null, current: Exposure, options: DiffExposuresOptions = {}): Diff {
  const seenBefore = options.asSeen?.previous ?? previous;
  const seenNow = options.asSeen?.current ?? current;
  const base = {
    tenantId: current.tenantId,
    fromSnapshotId: previous?.snapshotId ?? null,
    toSnapshotId: current.snapshotId,
    fromTakenAt: previous?.takenAt ?? null,
    toTakenAt: current.takenAt,
    headlineBefore: seenBefore?.headline ?? null,
    headlineAfter: seenNow.headline,
  };
  if (!previous) return { ...base, baseline: true, changes: baselineChanges(seenNow) };
  const coverage = coverageChanges(seenBefore!, seenNow);
  if (!sameCoverage(previous, current)) return { ...base, baseline: false, changes: coverage };
  return { ...base, baseline: false, changes: sortChanges([...findingChanges(previous, current), ...coverage]) };
}

/** Every rule's changes, then every cause's folding. */
export function findingChanges(previous: Exposure, current: Exposure): Change[] {
  const claimed = new Set<string>();
  let changes = RULES.flatMap((rule) => rule.changes({ previous, current, claimed }));
  for (const cause of CAUSES) changes = cause.fold(changes, { previous, current });
  return changes;
}

function baselineChanges(current: Exposure): Change[] {
  const findings: Change[] = current.findings.map((f) => ({
    key: f.key,
    type: "added",
    rule: "baseline",
    direction: "neutral",
    severity: f.severity,
    summary: `Baseline: ${findingSentence(f)}`,
    after: f,
  }));
  return sortChanges([...findings, ...baselineCoverage(current)]);
}
