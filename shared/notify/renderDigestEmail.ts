/**
 * The periodic digest: every change of the period in the order it was found (a path added and
 * removed again shows both), the critical findings that stand, how many audits ran, succeeded and
 * failed, the messages of the period that could not be delivered (an alert the owners never got),
 * the current headline and coverage gaps. Sent even when nothing changed ("No change
 * since …") so owners know the watch is alive; when the audits themselves have stopped succeeding
 * the subject says that instead, since silence is then no news at all. Pure.
 */
import { describeMadeBy } from "../diff/madeBy.js";
import type { FixRanking } from "../exposure/fixes.js";
import { FIXES_SHOWN, describeRemoved, describeTogether } from "../exposure/describeFixes.js";
import type { Finding } from "../exposure/types.js";
import type { Exposure } from "../exposure/types.js";
import type { FailedNotice, LastRun, StoredChange } from "../store/types.js";
import type { AuditCounts } from "../audit/runHistory.js";
import {
  changeBadge,
  changeTag,
  clip,
  coverageGapsHtml,
  coverageGapsText,
  esc,
  headlineHtml,
  headlineText,
  ITEMS_SHOWN,
  page,
  plain,
  plural,
  reportLinkHtml,
  reportLinkTextLines,
  STYLE,
  subjectLine,
} from "./emailParts.js";
import type { RenderedEmail } from "./renderAlertEmail.js";
import { acceptanceSentence, expiringSoon } from "../report/acceptanceWords.js";

export interface DigestEmailInput {
  changes: StoredChange[];
  exposure: Exposure;
  /** Start of the period (ISO). */
  since: string;
  /** End of the period (ISO); default: the exposure's takenAt. */
  until?: string;
  lastRun?: LastRun;
  /** Audits in the period. */
  audits?: AuditCounts;
  /** Hours since the last successful audit, when two scheduled audits have passed since it. */
  silentHours?: number;
  /** When the last successful audit ran (the exposure's snapshot). */
  lastSuccessAt?: string;
  /** Messages given up on in the period (OutboxStore.listFailed): owners learn what they missed. */
  undelivered?: FailedNotice[];
  reportUrl?: string;
  /** The fixes ranked by what they remove, from the latest snapshot (shared/exposure/fixes.ts). */
  fixes?: FixRanking;
}

/** How many changes the digest lists before pointing to the report. */
export const DIGEST_CHANGES_SHOWN = 200;
/** How many undelivered messages it lists before counting the rest. */
export const UNDELIVERED_SHOWN = 20;
/** An undelivered message's subject and error are printed at most this long. */
const UNDELIVERED_CHARS = 300;

const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toISOString().slice(0, 10));
const minute = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : `${new Date(iso).toISOString().slice(0, 16)}Z`);

/**
 * The period's changes, oldest first (stable within one audit). Baseline rows are context, not
 * change, and "coverage still missing" repeats each run of an outage: its loss and return are listed.
 */
export function periodChanges(changes: readonly StoredChange[]): StoredChange[] {
  return changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.fromSnapshotId !== null && c.rule !== "coverage-missing")
    .sort((a, b) => a.c.detectedAt.localeCompare(b.c.detectedAt) || a.i - b.i)
    .map(({ c }) => c);
}

function standingCritical(exposure: Exposure): Finding[] {
  return exposure.findings.filter((f) => f.severity === "critical");
}

export function renderDigestEmail(input: DigestEmailInput): RenderedEmail {
  const { exposure, since, reportUrl, lastRun, audits, silentHours } = input;
  const until = input.until ?? exposure.takenAt;
  const listed = periodChanges(input.changes);
  const increases = listed.filter((c) => c.direction === "increase").length;
  const decreases = listed.filter((c) => c.direction === "decrease").length;
  const quiet = increases === 0 && decreases === 0;
  const period = `${day(since)} to ${day(until)}`;
  const silence = silentHours === undefined ? undefined : `no successful audit for ${silentHours} h`;
  const subject = subjectLine(
    `Password writeback watch digest: ${
      silence ??
      (quiet
        ? `no change since ${day(since)}`
        : `${plural(increases, "increase", "increases")}, ${plural(decreases, "decrease", "decreases")} (${period})`)
    }`,
  );
  const runLine = lastRun
    ? `Last audit: ${lastRun.at} (${lastRun.status}${lastRun.error ? `: ${lastRun.error}` : ""}).`
    : "";
  const auditLine = audits
    ? `Audits in the period: ${audits.run} run, ${audits.succeeded} succeeded, ${audits.failed} failed.`
    : "";
  const silenceLine = silence
    ? `Warning: ${silence} (last success ${input.lastSuccessAt ?? "unknown"}). Check the app's identity, its Graph permissions and storage; the figures below are from the latest audit stored.`
    : "";
  const undelivered = input.undelivered ?? [];
  const undeliveredLine = undelivered.length
    ? `Not delivered in the period: ${plural(undelivered.length, "message", "messages")}, given up on (auditing went on). Each is listed with its error; the report shows what an alert would have told.`
    : "";
  const undeliveredShown = undelivered.slice(0, UNDELIVERED_SHOWN).map(undeliveredSentence);
  const undeliveredMore = undelivered.length - undeliveredShown.length;
  const critical = standingCritical(exposure);
  const fixes = input.fixes ? fixLines(input.fixes) : [];
  const accepted = exposure.findings.filter((f) => f.acceptance?.status === "accepted");
  // Told a week ahead, so the owner renews the acceptance or lets the finding alert again.
  const expiring = expiringSoon(exposure.findings, new Date(until));
  const expiringLine = (f: Finding) =>
    `${f.title}: accepted until ${minute(f.acceptance!.expiresAt)}, owner ${f.acceptance!.owner} (${f.acceptance!.id})`;
  const acceptedLine = (f: Finding) => `${f.title}: ${acceptanceSentence(f.acceptance!)}`;
  const criticalLine = (f: Finding) => (f.acceptance?.status === "accepted" ? `${f.title} (accepted)` : f.title);
  const shown = listed.slice(0, DIGEST_CHANGES_SHOWN);
  const more = listed.length - shown.length;

  const html = page(
    subject,
    [
      `<h2 style="${STYLE.h}">Password writeback exposure digest</h2>`,
      silenceLine ? `<p style="${STYLE.p};font-weight:600;color:#a4262c">${esc(silenceLine)}</p>` : "",
      `<p style="${STYLE.p}">Period ${esc(period)}, tenant ${esc(exposure.tenantId)}. ${esc(runLine)}</p>`,
      auditLine ? `<p style="${STYLE.p}">${esc(auditLine)}</p>` : "",
      undeliveredLine
        ? `<p style="${STYLE.p};font-weight:600;color:#a4262c">${esc(undeliveredLine)}</p><ul style="${STYLE.p}">${undeliveredShown
            .map((line) => `<li>${esc(line)}</li>`)
            .join("")}${undeliveredMore > 0 ? `<li>${esc(`… and ${undeliveredMore} more`)}</li>` : ""}</ul>`
        : "",
      quiet && !silence ? `<p style="${STYLE.p};font-weight:600">No change since ${esc(day(since))}.</p>` : "",
      `<h3 style="${STYLE.h}">Current exposure</h3>`,
      headlineHtml(exposure.headline),
      `<h3 style="${STYLE.h}">Standing critical findings (${critical.length})</h3>`,
      critical.length
        ? `<ul style="${STYLE.p}">${critical.map((f) => `<li>${esc(criticalLine(f))}${f.remediation ? `<br><span style="${STYLE.small}">${esc(f.remediation)}</span>` : ""}</li>`).join("")}</ul>`
        : `<p style="${STYLE.p}">None.</p>`,
      fixes.length
        ? `<h3 style="${STYLE.h}">Top fixes</h3><ul style="${STYLE.p}">${fixes.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`
        : "",
      listHtml(`Acceptances expiring within a week (${expiring.length})`, expiring.map(expiringLine)),
      listHtml(`Accepted findings (${accepted.length})`, accepted.map(acceptedLine)),
      listed.length
        ? `<h3 style="${STYLE.h}">Changes in the period, in order (${listed.length})</h3>${changeTimelineHtml(shown)}${
            more > 0 ? `<p style="${STYLE.small}">${esc(`… and ${more} more (see the report)`)}</p>` : ""
          }`
        : "",
      coverageGapsHtml("Coverage gaps", exposure.coverage),
      reportLinkHtml(reportUrl),
    ].join(""),
  );

  const text = [
    "Password writeback exposure digest",
    ...(silenceLine ? [plain(silenceLine)] : []),
    plain(`Period ${period}, tenant ${exposure.tenantId}. ${runLine}`).trim(),
    ...(auditLine ? [auditLine] : []),
    ...(undeliveredLine
      ? [
          "",
          undeliveredLine,
          ...undeliveredShown.map((line) => `- ${plain(line)}`),
          ...(undeliveredMore > 0 ? [`- … and ${undeliveredMore} more`] : []),
        ]
      : []),
    ...(quiet && !silence ? ["", `No change since ${day(since)}.`] : []),
    "",
    "Current exposure:",
    headlineText(exposure.headline),
    "",
    `Standing critical findings (${critical.length}):`,
    ...(critical.length ? critical.map((f) => `- ${plain(criticalLine(f))}`) : ["- none"]),
    ...(fixes.length ? ["", "Top fixes:", ...fixes.map((l) => `- ${plain(l)}`)] : []),
    ...listText(`Acceptances expiring within a week (${expiring.length})`, expiring.map(expiringLine)),
    ...listText(`Accepted findings (${accepted.length})`, accepted.map(acceptedLine)),
    ...(listed.length
      ? [
          "",
          `Changes in the period, in order (${listed.length}):`,
          ...shown.flatMap((c) => [
            `- ${minute(c.detectedAt)} ${changeTag(c)} ${plain(c.summary)}`,
            ...(c.madeBy ? [`    made by ${plain(describeMadeBy(c.madeBy))}`] : []),
            ...(c.items ?? []).slice(0, ITEMS_SHOWN).map((i) => `      * ${plain(i.summary)}`),
          ]),
          ...(more > 0 ? [`- … and ${more} more (see the report)`] : []),
        ]
      : []),
    ...coverageGapsText("Coverage gaps", exposure.coverage),
    ...reportLinkTextLines(reportUrl),
    "",
  ].join("\n");
  return { subject, html, text };
}

/** How many accepted findings (or expiring acceptances) the digest lists before pointing to the report. */
export const DIGEST_ACCEPTED_SHOWN = 50;

/** The lines shown, and a last one saying how many more the report has. */
function bounded(lines: string[]): string[] {
  const more = lines.length - DIGEST_ACCEPTED_SHOWN;
  return more > 0 ? [...lines.slice(0, DIGEST_ACCEPTED_SHOWN), `… and ${more} more (see the report)`] : lines;
}

/** A headed list, or nothing when it is empty. */
function listHtml(heading: string, lines: string[]): string {
  if (lines.length === 0) return "";
  const items = bounded(lines).map((l) => `<li>${esc(l)}</li>`);
  return `<h3 style="${STYLE.h}">${esc(heading)}</h3><ul style="${STYLE.p}">${items.join("")}</ul>`;
}

function listText(heading: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : ["", `${heading}:`, ...bounded(lines).map((l) => `- ${plain(l)}`)];
}

/** "2026-01-05T08:00Z alert to secops@…: "subject" — ACS reported Failed (3 attempts)"; tenant strings raw. */
function undeliveredSentence(f: FailedNotice): string {
  const channel = f.channel && f.channel !== "email" ? ` (${f.channel})` : "";
  const error = f.lastError ? clip(plain(f.lastError), UNDELIVERED_CHARS) : "no error recorded";
  return `${minute(f.failedAt ?? f.createdAt)} ${f.kind} to ${clip(plain(f.recipient), UNDELIVERED_CHARS)}${channel}: "${clip(plain(f.subject), UNDELIVERED_CHARS)}" — ${error}${f.attempts > 0 ? ` (${plural(f.attempts, "attempt", "attempts")})` : ""}`;
}

/** The best few fixes, one line each, then what the best three remove together. Plain text, tenant strings raw. */
function fixLines(r: FixRanking): string[] {
  const together = describeTogether(r);
  return [
    ...r.fixes.slice(0, FIXES_SHOWN).map((f, i) => `${i + 1}. ${clip(f.summary)}: ${describeRemoved(f.removes)}`),
    ...(together && r.fixes.length ? [together] : []),
  ];
}

function changeTimelineHtml(changes: StoredChange[]): string {
  const rows = changes
    .map((c) => {
      const items = (c.items ?? []).slice(0, ITEMS_SHOWN);
      const list = items.length
        ? `<ul style="margin:4px 0 0 0;padding-left:18px">${items.map((i) => `<li>${esc(i.summary)}</li>`).join("")}</ul>`
        : "";
      const by = c.madeBy ? `<div style="${STYLE.small}">Made by ${esc(describeMadeBy(c.madeBy))}</div>` : "";
      return `<tr><td style="${STYLE.td};width:80px">${changeBadge(c)}</td><td style="${STYLE.td}"><div style="${STYLE.small}">${esc(minute(c.detectedAt))}</div>${esc(c.summary)}${by}${list}</td></tr>`;
    })
    .join("");
  return `<table role="presentation" style="${STYLE.table}" cellpadding="0" cellspacing="0"><tr><th style="${STYLE.th}">Change</th><th style="${STYLE.th}">Found, what</th></tr>${rows}</table>`;
}
