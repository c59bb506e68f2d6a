/**
 * Building blocks shared by the alert and digest emails: escaping, the headline, one change.
 * Email-safe HTML only: tables, inline styles, no scripts, no external resources.
 * Every tenant string goes through esc() (HTML) or plain() (text) — never raw — and is clipped:
 * a display name can be thousands of characters long, and the full one is in the report.
 */
import escapeHtml from "escape-html";
import type { Change } from "../diff/types.js";
import { describeHow, describeReach, describeWho } from "../diff/describeFinding.js";
import type { Coverage, Finding, Headline } from "../exposure/types.js";
import { softBreaks } from "./lineBreaks.js";
import { changeMark } from "../diff/changeMark.js";

// C0/C1 controls and bidi overrides: they can fake line breaks, headers or reorder text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text-part safe: controls removed; newlines kept only where `multiline`. */
export function plain(s: string | null | undefined, multiline = false): string {
  const v = (s ?? "").replace(CONTROLS, "");
  return multiline ? v.replace(/\r\n?/g, "\n") : v.replace(/[\r\n\t]+/g, " ");
}

/** HTML-safe: controls removed, then escaped. */
export function esc(s: string | null | undefined): string {
  return escapeHtml(plain(s));
}

/** The longest a line about one change (or one of its items) is printed; the report has the rest. */
export const MAX_LINE_CHARS = 400;

/** At most `max` characters (code points), with an ellipsis when cut. */
export function clip(s: string, max = MAX_LINE_CHARS): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join("")}…`;
}

/** One subject line: no controls, no line breaks, bounded. */
export function subjectLine(s: string): string {
  const one = plain(s).replace(/\s+/g, " ").trim();
  return one.length > 200 ? `${one.slice(0, 197)}...` : one;
}

/** "1 increase", "2 increases". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatCount(n: number | null): string {
  return n === null ? "unknown" : n.toLocaleString("en-US");
}

export function headlineRows(h: Headline, before?: Headline | null): [string, string][] {
  const label = (name: string) => (h.potential ? `${name} (potential)` : name);
  const fig = (now: number | null, was: number | null | undefined) =>
    before === undefined || before === null || was === now
      ? formatCount(now)
      : `${formatCount(was ?? null)} → ${formatCount(now)}`;
  return [
    [label("Reset-to-on-prem paths"), fig(h.resetPaths, before?.resetPaths)],
    [label("Resetters"), fig(h.resetters, before?.resetters)],
    ...(h.oneHop
      ? [[label("One-hop paths"), fig(h.oneHop.resetPaths, before?.oneHop?.resetPaths)] as [string, string]]
      : []),
    [label("Synced users reached"), fig(h.syncedUsersReached, before?.syncedUsersReached)],
    ["Synced users", fig(h.syncedUsers, before?.syncedUsers)],
    // Both figures: every path, and those left once the accepted findings are set aside.
    ...(h.unaccepted
      ? ([
          [label("Reset-to-on-prem paths not accepted"), formatCount(h.unaccepted.resetPaths)],
          ["Findings not accepted", formatCount(h.unaccepted.findings)],
        ] as [string, string][])
      : []),
  ];
}

export function headlineNote(h: Headline): string {
  return h.potential ? "Writeback state is unknown: figures are what would be exposed if it is on." : "";
}

/** Long words wrap anywhere rather than widen the message (word-break for clients without overflow-wrap). */
const BREAK_WORDS = "overflow-wrap:anywhere;word-break:break-word";

const STYLE = {
  table: `border-collapse:collapse;width:100%;max-width:720px;font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#1b1b1b;${BREAK_WORDS}`,
  th: "text-align:left;padding:6px 8px;border-bottom:1px solid #d0d0d0;background:#f3f3f3;font-weight:600",
  td: `text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top;${BREAK_WORDS}`,
  h: `font-family:Segoe UI,Arial,sans-serif;color:#1b1b1b;${BREAK_WORDS}`,
  p: `font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#1b1b1b;${BREAK_WORDS}`,
  small: `font-family:Segoe UI,Arial,sans-serif;font-size:12px;color:#555;${BREAK_WORDS}`,
} as const;
export { STYLE };

const SEVERITY_COLOUR: Record<string, string> = {
  critical: "#a4262c",
  high: "#d83b01",
  medium: "#8a6d00",
  low: "#3a6ea5",
  info: "#555555",
};

export function severityBadge(severity: string): string {
  return badge(severity, SEVERITY_COLOUR[severity] ?? "#555555");
}

/** Green: exposure went down. */
const REDUCED_COLOUR = "#107c10";

function badge(label: string, colour: string): string {
  return `<span style="display:inline-block;padding:1px 6px;border-radius:3px;background:${colour};color:#ffffff;font-size:12px;font-weight:600">${esc(label)}</span>`;
}

/** The badge of a change (changeMark.ts): its severity, or "reduced" in green. */
export function changeBadge(c: Pick<Change, "direction" | "severity">): string {
  const mark = changeMark(c);
  return mark.tone === "reduced" ? badge("reduced", REDUCED_COLOUR) : severityBadge(mark.severity);
}

/** "[high]", "[reduced, was critical]": the text counterpart of changeBadge. */
export function changeTag(c: Pick<Change, "direction" | "severity">): string {
  const mark = changeMark(c);
  return mark.tone === "reduced" ? `[reduced, was ${mark.was}]` : `[${mark.severity}]`;
}

/** How many findings of one cause a change lists before "… and N more". */
export const ITEMS_SHOWN = 25;

function itemLines(c: Change): string[] {
  const items = c.items ?? [];
  const more = items.length - Math.min(items.length, ITEMS_SHOWN) + (c.omittedItems ?? 0);
  return [
    ...items.slice(0, ITEMS_SHOWN).map((i) => clip(i.summary)),
    ...(more > 0 ? [`… and ${formatCount(more)} more (see the report)`] : []),
  ];
}

/** The finding a change is about: the new one, or the old one when removed. */
function subject(c: Change): Finding | undefined {
  return c.after ?? c.before;
}

export interface ChangeFacts {
  what: string;
  who: string;
  how: string;
  reach: string;
  todo: string;
}

/** Who / how / reach / what to do for one change, as plain strings (tenant strings raw). */
export function changeFacts(c: Change): ChangeFacts {
  const f = subject(c);
  const reach =
    c.before && c.after && c.before.reach.syncedUsers !== c.after.reach.syncedUsers
      ? `${formatCount(c.before.reach.syncedUsers)} → ${formatCount(c.after.reach.syncedUsers)} synced users`
      : f
        ? describeReach(f)
        : "";
  return {
    what: clip(c.summary),
    who: f ? clip(describeWho(f)) : "",
    how: f ? clip(describeHow(f)) : "",
    // Tenant-level findings without a figure have no reach worth a line.
    reach: !f || (f.scope === "tenant" && f.reach.syncedUsers === null) ? "" : clip(reach),
    todo: clip(c.remediation ?? ""),
  };
}

/**
 * How much of an email one list of changes may take (UTF-8 bytes). Rows past it are counted in a
 * last line; an alert also caps the count (renderAlertEmail).
 */
export const CHANGE_LIST_BUDGET_BYTES = { html: 40 * 1024, text: 20 * 1024 } as const;

export interface ChangeListOptions {
  /** Changes shown in full at most; default all that fit the budget. */
  max?: number;
  /** The line that counts the rest, given how many there are; default "… and N more (see the report)". */
  more?: (rest: Change[]) => string;
}

/** "… and N more (see the report)". */
export function moreLine(rest: readonly unknown[]): string {
  return `… and ${formatCount(rest.length)} more (see the report)`;
}

/** The rendered rows that fit `budget` bytes (and `max`), in order; the count of the rest. */
function withinBudget(
  changes: Change[],
  render: (c: Change) => string,
  budget: number,
  max = Infinity,
): { rows: string[]; rest: Change[] } {
  const rows: string[] = [];
  let used = 0;
  for (const c of changes) {
    if (rows.length >= max) break;
    const row = render(c);
    used += Buffer.byteLength(row, "utf8");
    if (used > budget && rows.length > 0) break;
    rows.push(row);
  }
  return { rows, rest: changes.slice(rows.length) };
}

export function changeTableHtml(changes: Change[], options: ChangeListOptions = {}): string {
  const { rows, rest } = withinBudget(
    changes,
    (c) => {
      const x = changeFacts(c);
      const lines = [
        `<div style="font-weight:600">${esc(x.what)}</div>`,
        x.who ? `<div><b>Who:</b> ${esc(x.who)}</div>` : "",
        x.how && x.how !== x.what ? `<div><b>How:</b> ${esc(x.how)}</div>` : "",
        x.reach ? `<div><b>Reach:</b> ${esc(x.reach)}</div>` : "",
        x.todo ? `<div><b>What to do:</b> ${esc(x.todo)}</div>` : "",
        itemsHtml(c),
      ].join("");
      const mark = changeMark(c);
      const was = mark.tone === "reduced" ? `<div style="${STYLE.small}">was ${esc(mark.was)}</div>` : "";
      return `<tr><td style="${STYLE.td};width:80px">${changeBadge(c)}${was}</td><td style="${STYLE.td}">${lines}</td></tr>`;
    },
    CHANGE_LIST_BUDGET_BYTES.html,
    options.max,
  );
  const tail = rest.length
    ? `<tr><td style="${STYLE.td}"></td><td style="${STYLE.td}">${esc((options.more ?? moreLine)(rest))}</td></tr>`
    : "";
  return `<table role="presentation" style="${STYLE.table}" cellpadding="0" cellspacing="0"><tr><th style="${STYLE.th}">Severity</th><th style="${STYLE.th}">Change</th></tr>${rows.join("")}${tail}</table>`;
}

function itemsHtml(c: Change): string {
  const lines = itemLines(c);
  return lines.length
    ? `<ul style="margin:4px 0 0 0;padding-left:18px">${lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`
    : "";
}

/** How many context changes an alert lists (one line each) before pointing to the report. */
export const OTHER_CHANGES_SHOWN = 10;

/**
 * Context changes (below the alert threshold) as one line each: the alert stays about what grew,
 * and a day of ordinary onboarding does not bury it.
 */
export function changeLinesHtml(changes: Change[], max = OTHER_CHANGES_SHOWN): string {
  const shown = changes.slice(0, max);
  const more = changes.length - shown.length;
  const items = shown.map((c) => `<li>${changeBadge(c)} ${esc(clip(c.summary))}</li>`).join("");
  const tail = more > 0 ? `<li>${esc(`… and ${formatCount(more)} more (see the report)`)}</li>` : "";
  return `<ul style="${STYLE.p}">${items}${tail}</ul>`;
}

export function changeLinesText(changes: Change[], max = OTHER_CHANGES_SHOWN): string {
  const shown = changes.slice(0, max).map((c) => `- ${changeTag(c)} ${plain(clip(c.summary))}`);
  const more = changes.length - Math.min(changes.length, max);
  return [...shown, ...(more > 0 ? [`- … and ${formatCount(more)} more (see the report)`] : [])].join("\n");
}

export function changeListText(changes: Change[], options: ChangeListOptions = {}): string {
  const { rows, rest } = withinBudget(
    changes,
    (c) => {
      const x = changeFacts(c);
      return [
        `- ${changeTag(c)} ${plain(x.what)}`,
        x.who ? `    Who: ${plain(x.who)}` : "",
        x.how && x.how !== x.what ? `    How: ${plain(x.how)}` : "",
        x.reach ? `    Reach: ${plain(x.reach)}` : "",
        x.todo ? `    What to do: ${plain(x.todo)}` : "",
        ...itemLines(c).map((l) => `      * ${plain(l)}`),
      ]
        .filter(Boolean)
        .join("\n");
    },
    CHANGE_LIST_BUDGET_BYTES.text,
    options.max,
  );
  return [...rows, ...(rest.length ? [`- ${plain((options.more ?? moreLine)(rest))}`] : [])].join("\n");
}

export function headlineHtml(h: Headline, before?: Headline | null): string {
  const rows = headlineRows(h, before)
    .map(
      ([k, v]) =>
        `<tr><td style="${STYLE.td}">${esc(k)}</td><td style="${STYLE.td};font-weight:600">${esc(v)}</td></tr>`,
    )
    .join("");
  const note = headlineNote(h);
  return `<table role="presentation" style="${STYLE.table}" cellpadding="0" cellspacing="0">${rows}</table>${
    note ? `<p style="${STYLE.small}">${esc(note)}</p>` : ""
  }`;
}

export function headlineText(h: Headline, before?: Headline | null): string {
  const rows = headlineRows(h, before).map(([k, v]) => `  ${k}: ${v}`);
  const note = headlineNote(h);
  return [...rows, ...(note ? [`  ${note}`] : [])].join("\n");
}

export function coverageGapLines(coverage: Coverage[]): string[] {
  return coverage
    .filter((c) => c.status === "unknown")
    .map((c) => {
      const why = [c.reason, c.detail, c.missingPermission ? `grant ${c.missingPermission}` : ""]
        .filter(Boolean)
        .join("; ");
      return clip(`${c.section}${why ? `: ${why}` : ""}`);
    });
}

/** The coverage-gap section, or "" when the audit saw everything. */
export function coverageGapsHtml(heading: string, coverage: Coverage[]): string {
  const gaps = coverageGapLines(coverage);
  return gaps.length
    ? `<h3 style="${STYLE.h}">${esc(heading)}</h3><ul style="${STYLE.p}">${gaps.map((g) => `<li>${esc(g)}</li>`).join("")}</ul>`
    : "";
}

/** The coverage-gap section as text lines (led by a blank line), or none. */
export function coverageGapsText(heading: string, coverage: Coverage[]): string[] {
  const gaps = coverageGapLines(coverage);
  return gaps.length ? ["", `${heading}:`, ...gaps.map((g) => `- ${plain(g)}`)] : [];
}

export function reportLinkHtml(reportUrl: string | undefined): string {
  if (!reportUrl || !/^https?:\/\//i.test(reportUrl)) return "";
  return `<p style="${STYLE.p}"><a href="${esc(reportUrl)}" style="color:#0f6cbd">Open the current exposure report</a></p>`;
}

/** The report link as text lines (led by a blank line), or none. The URL has a line of its own: clients link it whole. */
export function reportLinkTextLines(reportUrl: string | undefined): string[] {
  return reportUrl && /^https?:\/\//i.test(reportUrl) ? ["", "Current exposure report:", plain(reportUrl)] : [];
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(
    title,
  )}</title></head><body style="margin:0;padding:16px;background:#ffffff">${softBreaks(body)}<p style="${STYLE.small}">Sent by writeback-watch, a read-only audit of password writeback exposure.</p></body></html>`;
}
