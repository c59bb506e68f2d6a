/**
 * The trend as plain text for `writeback-watch trend`: one row per snapshot where something changed
 * (trendChanges), oldest first, aligned columns, ASCII only, so it reads the same in a terminal, a
 * pipeline log or a file.
 */
import { count, formatUtc, formatUtcDay } from "./format.js";
import { trendChanges, TREND_FIGURES, type Trend, type TrendPoint } from "./trend.js";

const HEADERS: Record<(typeof TREND_FIGURES)[number], string> = {
  resetPaths: "paths",
  resetters: "resetters",
  syncedUsersReached: "reached",
  criticalFindings: "critical",
};

export function renderTrendText(trend: Trend): string {
  const { points } = trend;
  if (points.length === 0) return `No snapshot stored for tenant ${trend.tenantId}.\n`;
  const rows = trendChanges(points);
  const table = [
    ["taken", ...TREND_FIGURES.map((f) => HEADERS[f]), "events"],
    ...rows.map((p) => [
      formatUtc(p.takenAt),
      ...TREND_FIGURES.map((f) => (p[f] === null ? "?" : count(p[f]))),
      events(p),
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
  const span = `${formatUtcDay(points[0]!.takenAt)} to ${formatUtcDay(points.at(-1)!.takenAt)}`;
  return [
    `Trend of tenant ${trend.tenantId}: ${count(points.length)} snapshots, ${span}`,
    `(${count(rows.length)} rows: the first, the last and each where something changed; ? = unknown)`,
    "",
    ...lines,
    "",
  ].join("\n");
}

function events(p: TrendPoint): string {
  const parts: string[] = [];
  if (p.potential) parts.push("potential");
  if (p.alertsSent > 0) parts.push(`alert sent (${p.alertsSent} ${p.alertsSent === 1 ? "email" : "emails"})`);
  if (p.coverageLost.length > 0) parts.push(`coverage lost: ${p.coverageLost.join(", ")}`);
  return parts.join("; ");
}
