/**
 * The report's "Trend" section: one small chart per headline figure over the retained snapshots,
 * drawn on the server as inline SVG (no script: the report's CSP allows none), with a mark where an
 * alert was sent and where coverage was lost, and the same data as a table for screen readers and
 * for reading exact values. Scales and the step line come from d3-scale and d3-shape; colours and
 * sizes from classes in the report's one stylesheet (inline style attributes would need
 * 'unsafe-inline').
 */
import { scaleLinear, scaleUtc } from "d3-scale";
import { curveStepAfter, line } from "d3-shape";
import { count, formatUtc, formatUtcDay } from "./format.js";
import { markup, type SafeHtml } from "./safeHtml.js";
import {
  TREND_FIGURE_LABEL,
  TREND_FIGURES,
  trendChanges,
  type Trend,
  type TrendFigure,
  type TrendPoint,
} from "./trend.js";

/** viewBox of one chart; the SVG scales with the page, so these are proportions, not pixels. */
const WIDTH = 360;
const HEIGHT = 132;
const MARGIN = { top: 12, right: 12, bottom: 24, left: 44 };
/** Rows of the data table; the JSON endpoint has every point. */
export const MAX_TREND_ROWS = 50;

export function trendSection(trend: Trend | undefined): SafeHtml {
  const points = trend?.points ?? [];
  const body =
    points.length < 2
      ? markup`<p>A trend needs at least two stored snapshots; ${points.length === 1 ? "there is one so far" : "there are none yet"}.</p>`
      : markup`<p class="muted">${count(points.length)} snapshots from <time class="nowrap" datetime="${points[0]!.takenAt}">${formatUtcDay(points[0]!.takenAt)}</time> to <time class="nowrap" datetime="${points.at(-1)!.takenAt}">${formatUtcDay(points.at(-1)!.takenAt)}</time>. <span class="legend"><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><path class="mark-alert" d="M6 1V11"/><path class="mark-alert-head" d="M2 1H10L6 6Z"/></svg> alert sent</span> <span class="legend"><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><path class="mark-coverage" d="M6 1V11"/><circle class="mark-coverage-dot" cx="6" cy="9" r="2.5"/></svg> coverage lost</span></p>
<div class="trend-grid">
${TREND_FIGURES.map((f) => figureChart(points, f))}
</div>
${trendTable(points)}`;
  return markup`<section aria-labelledby="h-trend">
<h2 id="h-trend">Trend</h2>
${body}
</section>`;
}

function figureChart(points: readonly TrendPoint[], figure: TrendFigure): SafeHtml {
  const times = points.map((p) => Date.parse(p.takenAt));
  const first = times[0]!;
  const last = times.at(-1)!;
  const x = scaleUtc()
    .domain([new Date(first), new Date(last > first ? last : first + 3_600_000)])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const values = points.map((p) => p[figure]);
  const known = values.filter((v): v is number => v !== null);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...known)])
    .nice(3)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const at = (p: TrendPoint) => x(new Date(p.takenAt));
  // A step line: a figure holds its value until the next snapshot, so a value followed by an unknown
  // one is drawn up to that snapshot, and the gap starts there.
  const steps: { t: string; v: number | null }[] = [];
  points.forEach((p, i) => {
    steps.push({ t: p.takenAt, v: p[figure] });
    const next = points[i + 1];
    if (next && p[figure] !== null && next[figure] === null)
      steps.push({ t: next.takenAt, v: p[figure] }, { t: next.takenAt, v: null });
  });
  const path =
    line<{ t: string; v: number | null }>()
      .defined((s) => s.v !== null)
      .x((s) => x(new Date(s.t)))
      .y((s) => y(s.v ?? 0))
      .curve(curveStepAfter)(steps) ?? "";
  const lastKnown = [...points].reverse().find((p) => p[figure] !== null);
  const firstKnown = points.find((p) => p[figure] !== null);
  const alerts = points.filter((p) => p.alertsSent > 0);
  const lost = points.filter((p) => p.coverageLost.length > 0);
  const id = `trend-${figure}`;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const description = `${TREND_FIGURE_LABEL[figure]}: ${describe(firstKnown, lastKnown, figure)}${alerts.length > 0 ? `; alerts sent after ${alerts.length} ${alerts.length === 1 ? "audit" : "audits"}` : ""}${lost.length > 0 ? `; coverage lost ${lost.length} ${lost.length === 1 ? "time" : "times"}` : ""}.`;
  return markup`<figure class="trend-panel" data-trend="${figure}">
<figcaption><span class="trend-name">${TREND_FIGURE_LABEL[figure]}</span> <span class="trend-now">${lastKnown ? count(lastKnown[figure]) : "unknown"}</span></figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-desc" focusable="false">
<desc id="${id}-desc">${description}</desc>
${y.ticks(3).map(
  (
    t,
  ) => markup`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${round(y(t))}" y2="${round(y(t))}"/>
<text class="tick" x="${MARGIN.left - 6}" y="${round(y(t))}" text-anchor="end" dominant-baseline="middle">${count(t)}</text>`,
)}
${x
  .ticks(3)
  .map(
    (t) =>
      markup`<text class="tick" x="${round(x(t))}" y="${HEIGHT - 6}" text-anchor="middle">${x.tickFormat(3)(t)}</text>`,
  )}
${lost.map(
  (p) =>
    markup`<g class="mark" data-mark="coverage-lost"><line class="mark-coverage" x1="${round(at(p))}" x2="${round(at(p))}" y1="${top}" y2="${bottom}"/><circle class="mark-coverage-dot" cx="${round(at(p))}" cy="${bottom - 4}" r="3.5"/></g>`,
)}
${alerts.map(
  (p) =>
    markup`<g class="mark" data-mark="alert"><line class="mark-alert" x1="${round(at(p))}" x2="${round(at(p))}" y1="${top}" y2="${bottom}"/><path class="mark-alert-head" d="M${round(at(p) - 5)} ${top - 6}H${round(at(p) + 5)}L${round(at(p))} ${top + 2}Z"/></g>`,
)}
<path class="trend-line" d="${path}"/>
${lastKnown ? markup`<circle class="trend-dot" cx="${round(at(lastKnown))}" cy="${round(y(lastKnown[figure]!))}" r="3.5"/>` : ""}
</svg>
</figure>`;
}

function describe(first: TrendPoint | undefined, last: TrendPoint | undefined, figure: TrendFigure): string {
  if (!first || !last) return "unknown in every snapshot";
  const from = first[figure]!;
  const to = last[figure]!;
  if (first === last) return `${count(to)}`;
  return from === to ? `${count(to)} throughout` : `from ${count(from)} to ${count(to)}`;
}

function trendTable(points: readonly TrendPoint[]): SafeHtml {
  const rows = trendChanges(points).reverse();
  return markup`<details>
<summary>Trend data: the ${count(Math.min(rows.length, MAX_TREND_ROWS))} ${rows.length > MAX_TREND_ROWS ? "newest of " + count(rows.length) + " " : ""}snapshots where something changed</summary>
<table class="stack">
<thead><tr><th scope="col" class="w18">Snapshot</th>${TREND_FIGURES.map((f) => markup`<th scope="col" class="w12">${TREND_FIGURE_LABEL[f]}</th>`)}<th scope="col" class="w25">Events</th></tr></thead>
<tbody>
${rows.slice(0, MAX_TREND_ROWS).map(
  (p) => markup`<tr>
<th scope="row"><time datetime="${p.takenAt}">${formatUtc(p.takenAt)}</time>${p.potential ? markup` <span class="badge potential">POTENTIAL</span>` : ""}</th>
${TREND_FIGURES.map((f) => markup`<td data-label="${TREND_FIGURE_LABEL[f]}">${count(p[f])}</td>`)}
<td data-label="Events">${events(p)}</td>
</tr>`,
)}
</tbody>
</table>
</details>`;
}

function events(p: TrendPoint): SafeHtml | string {
  const parts: SafeHtml[] = [];
  if (p.alertsSent > 0)
    parts.push(markup`<div>Alert sent (${count(p.alertsSent)} ${p.alertsSent === 1 ? "email" : "emails"})</div>`);
  if (p.coverageLost.length > 0)
    parts.push(
      markup`<div>Coverage lost: ${p.coverageLost.map((s, i) => markup`${i > 0 ? ", " : ""}<code>${s}</code>`)}</div>`,
    );
  return parts.length > 0 ? markup`${parts}` : "—";
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
