/**
 * The periodic digest: the period's increases and decreases, the current headline and coverage gaps.
 * Sent even when nothing changed ("No change since …") so owners know the watch is alive. Pure.
 */
import type { Change } from "../diff/types.js";
import { sortChanges } from "../diff/diffExposures.js";
import type { Exposure } from "../exposure/types.js";
import type { LastRun, StoredChange } from "../store/types.js";
import {
  changeListText,
  changeTableHtml,
  coverageGapsHtml,
  coverageGapsText,
  esc,
  headlineHtml,
  headlineText,
  page,
  plain,
  plural,
  reportLinkHtml,
  reportLinkTextLines,
  STYLE,
  subjectLine,
} from "./emailParts.js";
import type { RenderedEmail } from "./renderAlertEmail.js";

export interface DigestEmailInput {
  changes: StoredChange[];
  exposure: Exposure;
  /** Start of the period (ISO). */
  since: string;
  /** End of the period (ISO); default: the exposure's takenAt. */
  until?: string;
  lastRun?: LastRun;
  reportUrl?: string;
}

const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toISOString().slice(0, 10));

/** The newest change per key: a path added then removed within the period shows its last state. */
function latestPerKey(changes: StoredChange[]): Change[] {
  const byKey = new Map<string, StoredChange>();
  for (const c of changes) {
    const seen = byKey.get(c.key);
    if (!seen || seen.detectedAt <= c.detectedAt) byKey.set(c.key, c);
  }
  return sortChanges([...byKey.values()]);
}

export function renderDigestEmail(input: DigestEmailInput): RenderedEmail {
  const { exposure, since, reportUrl, lastRun } = input;
  const until = input.until ?? exposure.takenAt;
  // Baseline rows are context, not change; coverage is reported from the current exposure.
  const real = input.changes.filter((c) => c.fromSnapshotId !== null && c.type !== "coverage");
  const latest = latestPerKey(real);
  const increases = latest.filter((c) => c.direction === "increase");
  const decreases = latest.filter((c) => c.direction === "decrease");
  const quiet = increases.length === 0 && decreases.length === 0;
  const period = `${day(since)} to ${day(until)}`;
  const subject = subjectLine(
    quiet
      ? `Password writeback watch digest: no change since ${day(since)}`
      : `Password writeback watch digest: ${plural(increases.length, "increase", "increases")}, ${plural(
          decreases.length,
          "decrease",
          "decreases",
        )} (${period})`,
  );
  const runLine = lastRun
    ? `Last audit: ${lastRun.at} (${lastRun.status}${lastRun.error ? `: ${lastRun.error}` : ""}).`
    : "";

  const html = page(
    subject,
    [
      `<h2 style="${STYLE.h}">Password writeback exposure digest</h2>`,
      `<p style="${STYLE.p}">Period ${esc(period)}, tenant ${esc(exposure.tenantId)}. ${esc(runLine)}</p>`,
      quiet ? `<p style="${STYLE.p};font-weight:600">No change since ${esc(day(since))}.</p>` : "",
      `<h3 style="${STYLE.h}">Current exposure</h3>`,
      headlineHtml(exposure.headline),
      increases.length ? `<h3 style="${STYLE.h}">Increases</h3>${changeTableHtml(increases)}` : "",
      decreases.length ? `<h3 style="${STYLE.h}">Decreases</h3>${changeTableHtml(decreases)}` : "",
      coverageGapsHtml("Coverage gaps", exposure.coverage),
      reportLinkHtml(reportUrl),
    ].join(""),
  );

  const text = [
    "Password writeback exposure digest",
    plain(`Period ${period}, tenant ${exposure.tenantId}. ${runLine}`).trim(),
    ...(quiet ? ["", `No change since ${day(since)}.`] : []),
    "",
    "Current exposure:",
    headlineText(exposure.headline),
    ...(increases.length ? ["", "Increases:", changeListText(increases)] : []),
    ...(decreases.length ? ["", "Decreases:", changeListText(decreases)] : []),
    ...coverageGapsText("Coverage gaps", exposure.coverage),
    ...reportLinkTextLines(reportUrl),
    "",
  ].join("\n");
  return { subject, html, text };
}
