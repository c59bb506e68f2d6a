/** The trend model (points from summary rows and sent alerts) and its SVG chart, on plain data. */
import { describe, expect, it } from "vitest";
import { buildTrend, trendChanges, TREND_FIGURES } from "../../shared/report/trend.js";
import { trendSection } from "../../shared/report/trendChart.js";
import { renderHtmlReport } from "../../shared/report/htmlReport.js";
import { renderTrendText } from "../../shared/report/trendText.js";
import { migrateHeadline } from "../../shared/exposure/migrateHeadline.js";
import type { Headline } from "../../shared/exposure/types.js";
import { hostileExposure, sampleTrend, TENANT_ID, trendNotices, trendSummaries } from "./fixtures.js";

describe("buildTrend", () => {
  const trend = sampleTrend();

  it("one point per summary, oldest first, with the headline figures and critical findings", () => {
    expect(trend.points).toHaveLength(14);
    const times = trend.points.map((p) => p.takenAt);
    expect([...times].sort()).toEqual(times);
    expect(trend.points[0]).toMatchObject({
      resetPaths: 200,
      resetters: 12,
      syncedUsersReached: 18,
      syncedUsers: 24,
      criticalFindings: 5,
    });
    expect(trend.points.at(-1)).toMatchObject({
      resetPaths: 254,
      resetters: 14,
      syncedUsersReached: 22,
      syncedUsers: 25,
      criticalFindings: 7,
    });
  });

  it("counts alert emails per snapshot and ignores digests", () => {
    const alerted = trend.points.filter((p) => p.alertsSent > 0);
    expect(alerted.map((p) => [p.resetPaths, p.alertsSent])).toEqual([[254, 2]]);
    expect(trend.points.reduce((n, p) => n + p.alertsSent, 0)).toBe(2);
  });

  it("marks coverage lost where a section became unknown, not while it stays unknown or when it returns", () => {
    const summaries = trendSummaries().reverse();
    // Two consecutive unknown days, then back: lost is marked once.
    summaries[6] = { ...summaries[6]!, coverageGaps: ["roleEligibilities", "administrativeUnits"] };
    const t = buildTrend(TENANT_ID, summaries, []);
    expect(t.points.map((p) => p.coverageLost)).toEqual([
      [],
      [],
      [],
      [],
      [],
      ["roleEligibilities"],
      ["administrativeUnits"],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(t.points[5]).toMatchObject({ resetPaths: null, resetters: null });
  });

  it("the first retained snapshot loses nothing even when it has gaps", () => {
    const [first] = trendSummaries().reverse();
    const t = buildTrend(TENANT_ID, [{ ...first!, coverageGaps: ["syncedUsers"] }], []);
    expect(t.points[0]).toMatchObject({ coverageGaps: ["syncedUsers"], coverageLost: [] });
  });

  it("trendChanges keeps the first, the last and every point where something changed", () => {
    const changed = trendChanges(trend.points).map((p) => p.resetPaths);
    expect(changed).toEqual([200, 217, null, 217, 226, 254, 254]);
  });
});

describe("trend chart (SVG)", () => {
  const html = trendSection(sampleTrend()).toString();

  it("draws one chart per headline figure, each with a step line and its current value", () => {
    const panels = [...html.matchAll(/<figure class="trend-panel" data-trend="(\w+)">/g)].map((m) => m[1]);
    expect(panels).toEqual([...TREND_FIGURES]);
    expect([...html.matchAll(/<path class="trend-line" d="M[^"]+"\/>/g)]).toHaveLength(4);
    expect(html).toMatch(
      /data-trend="resetPaths">\s*<figcaption><span class="trend-name">Reset-to-on-prem paths<\/span> <span class="trend-now">254<\/span>/,
    );
  });

  it("leaves a gap where a figure was unknown (two subpaths), none where it was always known", () => {
    const d = (figure: string) =>
      new RegExp(`data-trend="${figure}">[\\s\\S]*?<path class="trend-line" d="([^"]+)"`).exec(html)![1]!;
    expect(d("resetPaths").match(/M/g)).toHaveLength(2);
    expect(d("syncedUsersReached").match(/M/g)).toHaveLength(2);
    expect(d("criticalFindings").match(/M/g)).toHaveLength(1);
  });

  it("plots the synced users reached, not the synced-user total", () => {
    expect(TREND_FIGURES).not.toContain("syncedUsers");
    expect(html).toMatch(
      /data-trend="syncedUsersReached">\s*<figcaption><span class="trend-name">Synced users reached<\/span> <span class="trend-now">22<\/span>/,
    );
    expect(html).toContain('<desc id="trend-syncedUsersReached-desc">Synced users reached: from 18 to 22;');
  });

  it("snapshots stored before the figure was recorded are a gap in its chart only", () => {
    // The three oldest rows as a release without the figure stored them, read through migrateHeadline.
    const summaries = trendSummaries().map((s, i, all) =>
      i < all.length - 3 ? s : { ...s, headlineVersion: 1, headline: migrateHeadline(withoutReached(s.headline), 1) },
    );
    const trend = buildTrend(TENANT_ID, summaries, []);
    expect(trend.points.map((p) => p.syncedUsersReached).slice(0, 4)).toEqual([null, null, null, 19]);
    expect(trend.points.map((p) => p.resetPaths).slice(0, 4)).toEqual([200, 200, 200, 217]);
    const chart = trendSection(trend).toString();
    expect(chart).toContain('<desc id="trend-syncedUsersReached-desc">Synced users reached: from 19 to 22;');
    expect(chart).toContain('<desc id="trend-resetPaths-desc">Reset-to-on-prem paths: from 200 to 254;');
    expect(renderTrendText(trend).split("\n")[4]).toMatch(/^2026-11-10 08:00 UTC\s+200\s+12\s+\?\s+5$/);
  });

  it("marks the alert and the coverage loss on every chart, and describes each chart in words", () => {
    expect([...html.matchAll(/data-mark="alert"/g)]).toHaveLength(4);
    expect([...html.matchAll(/data-mark="coverage-lost"/g)]).toHaveLength(4);
    expect(html).toContain(
      '<desc id="trend-resetPaths-desc">Reset-to-on-prem paths: from 200 to 254; alerts sent after 1 audit; coverage lost 1 time.</desc>',
    );
  });

  it("uses no inline style or script (the report's CSP allows neither)", () => {
    expect(html).not.toMatch(/\sstyle=|<script|\son\w+=/i);
  });

  it("lists the changes as a table, newest first", () => {
    const rows = [...html.matchAll(/<tr>\s*<th scope="row"><time datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toBe(sampleTrend().points.at(-1)!.takenAt);
    expect(html).toContain("Alert sent (2 emails)");
    expect(html).toContain("Coverage lost: <code>roleEligibilities</code>");
  });

  it("says so when there are fewer than two snapshots", () => {
    expect(trendSection(undefined).toString()).toContain("there are none yet");
    const one = buildTrend(TENANT_ID, trendSummaries().slice(0, 1), trendNotices());
    expect(trendSection(one).toString()).toContain("there is one so far");
    expect(trendSection(one).toString()).not.toContain("<svg");
  });

  it("sits in the report after the headline", () => {
    const page = renderHtmlReport({
      exposure: hostileExposure(),
      recentChanges: [],
      generatedAt: "2026-11-23T22:05:00.000Z",
      trend: sampleTrend(),
    }).html;
    expect(page.indexOf('id="h-trend"')).toBeGreaterThan(page.indexOf('id="h-headline"'));
    expect(page.indexOf('id="h-trend"')).toBeLessThan(page.indexOf('id="h-state"'));
  });
});

describe("renderTrendText", () => {
  it("prints the change rows oldest first, aligned, with ? for unknown and the events", () => {
    const text = renderTrendText(sampleTrend());
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe(`Trend of tenant ${TENANT_ID}: 14 snapshots, 2026-11-10 to 2026-11-23`);
    const table = lines.slice(3);
    expect(table[0]).toMatch(/^taken\s+paths\s+resetters\s+reached\s+critical\s+events$/);
    expect(table).toHaveLength(8);
    expect(table[1]).toMatch(/^2026-11-10 08:00 UTC\s+200\s+12\s+18\s+5$/);
    expect(table[3]).toMatch(/^2026-11-15 08:00 UTC\s+\?\s+\?\s+\?\s+5\s+coverage lost: roleEligibilities$/);
    expect(table[6]).toMatch(/\s+254\s+14\s+22\s+7\s+alert sent \(2 emails\)$/);
    // Right-aligned figures: every row's "critical" column ends at the same place.
    const end = table[0]!.indexOf("critical") + "critical".length;
    for (const row of table.slice(1)) expect(row.slice(0, end)).toMatch(/\d$/);
  });
});

function withoutReached(h: Headline): Record<string, unknown> {
  const { syncedUsersReached: _dropped, ...rest } = h;
  return rest;
}
