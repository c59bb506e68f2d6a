/**
 * The headline over time: one point per retained snapshot, oldest first, built from the snapshot
 * summary rows (never the full snapshots, so a 90-day hourly history stays a few table pages) and
 * the outbox's sent alerts. Pure: the HTML chart, GET /api/trend and `writeback-watch trend` all
 * read this one shape.
 */
import type { TriState } from "../exposure/types.js";
import type { SentNotice, SnapshotSummary } from "../store/types.js";

export interface TrendPoint {
  snapshotId: string;
  takenAt: string;
  /** Null when a section the figure needs was unknown in that snapshot (never a false 0). */
  resetPaths: number | null;
  resetters: number | null;
  /**
   * Distinct synced users at least one direct reset path reaches: the plotted figure. Also null in
   * snapshots stored before the figure was recorded (their summary rows do not have it).
   */
  syncedUsersReached: number | null;
  /** Every synced user, reached or not: what the reached figure is out of (not plotted). */
  syncedUsers: number | null;
  criticalFindings: number;
  /** Writeback state unknown: the figures are what would be exposed. */
  potential: boolean;
  writeback: TriState;
  /** Sections unknown in this snapshot. */
  coverageGaps: string[];
  /** Sections unknown here that the previous point had read: where coverage was lost. */
  coverageLost: string[];
  /** Alert emails sent for this snapshot (one per recipient). */
  alertsSent: number;
}

export interface Trend {
  tenantId: string;
  points: TrendPoint[];
}

/** The figures a trend plots, in the order the report shows them. */
export const TREND_FIGURES = ["resetPaths", "resetters", "syncedUsersReached", "criticalFindings"] as const;
export type TrendFigure = (typeof TREND_FIGURES)[number];

export const TREND_FIGURE_LABEL: Record<TrendFigure, string> = {
  resetPaths: "Reset-to-on-prem paths",
  resetters: "Principals who can reset",
  syncedUsersReached: "Synced users reached",
  criticalFindings: "Critical findings",
};

/** Summaries in any order (newest first, as the store lists them, is fine). */
export function buildTrend(
  tenantId: string,
  summaries: readonly SnapshotSummary[],
  sent: readonly SentNotice[],
): Trend {
  const alertsBySnapshot = new Map<string, number>();
  for (const n of sent)
    if (n.kind === "alert") alertsBySnapshot.set(n.snapshotId, (alertsBySnapshot.get(n.snapshotId) ?? 0) + 1);
  const ordered = [...summaries].sort(
    (a, b) => a.takenAt.localeCompare(b.takenAt) || a.snapshotId.localeCompare(b.snapshotId),
  );
  let previousGaps: ReadonlySet<string> | undefined;
  const points = ordered.map((s): TrendPoint => {
    const gaps = [...s.coverageGaps].sort();
    // The first retained snapshot has nothing to lose coverage against.
    const lost = previousGaps ? gaps.filter((g) => !previousGaps!.has(g)) : [];
    previousGaps = new Set(gaps);
    return {
      snapshotId: s.snapshotId,
      takenAt: s.takenAt,
      resetPaths: s.headline.resetPaths,
      resetters: s.headline.resetters,
      syncedUsersReached: s.headline.syncedUsersReached,
      syncedUsers: s.headline.syncedUsers,
      criticalFindings: s.findingsBySeverity.critical,
      potential: s.headline.potential,
      writeback: s.writebackState,
      coverageGaps: gaps,
      coverageLost: lost,
      alertsSent: alertsBySnapshot.get(s.snapshotId) ?? 0,
    };
  });
  return { tenantId, points };
}

/**
 * The points where something a reader would notice happened (a figure, the writeback state or the
 * coverage changed, or an alert went out), plus the first and the last: what a text listing shows.
 */
export function trendChanges(points: readonly TrendPoint[]): TrendPoint[] {
  return points.filter((p, i) => {
    if (i === 0 || i === points.length - 1 || p.alertsSent > 0 || p.coverageLost.length > 0) return true;
    const q = points[i - 1]!;
    return (
      TREND_FIGURES.some((f) => p[f] !== q[f]) ||
      p.potential !== q.potential ||
      p.writeback !== q.writeback ||
      p.coverageGaps.join() !== q.coverageGaps.join()
    );
  });
}
