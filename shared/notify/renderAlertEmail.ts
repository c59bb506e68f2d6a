/**
 * The alert email: what grew since the previous audit, for whom, how, its reach and what to do.
 * However large the change, it stays one readable email that fits the outbox (fitEmail.ts): the
 * summary, the top changes in full, counts for the rest, and the link to the report.
 * Pure: same input, same output.
 */
import type { Change, Diff } from "../diff/types.js";
import { alertingChanges } from "../diff/diffExposures.js";
import type { AlertThreshold } from "../diff/order.js";
import { SEVERITIES, type Exposure } from "../exposure/types.js";
import { fitEmail, fitsEmailBounds } from "./fitEmail.js";
import {
  changeLinesHtml,
  changeLinesText,
  changeListText,
  changeTableHtml,
  coverageGapsHtml,
  coverageGapsText,
  esc,
  formatCount,
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

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface AlertEmailInput {
  diff: Diff;
  exposure: Exposure;
  /** Increases at or above this severity are what the alert is about. Default "info" (every increase). */
  minSeverity?: AlertThreshold;
  reportUrl?: string;
}

/** A kind of increase as the subject names it: one phrase per kind, with how many changes it covers. */
interface GrowthKind {
  id: string;
  phrase: (n: number, first: Change) => string;
}

function growthKind(c: Change): GrowthKind {
  const kind = c.after?.kind;
  switch (c.rule) {
    case "writeback-switched":
      return { id: "writeback", phrase: (_n, first) => `writeback switched on (${liveCount(first)} reset paths live)` };
    case "writeback":
      return {
        id: "writeback",
        phrase: (_n, first) => (/switched on/.test(first.summary) ? "writeback switched on" : "writeback confirmed on"),
      };
    case "group-role":
      return {
        id: "group-role",
        phrase: (n) => plural(n, "group handed a role to its members", "groups handed a role to their members"),
      };
    case "eligible-activated":
      return { id: "activated", phrase: (n) => plural(n, "eligible role made active", "eligible roles made active") };
    case "sspr-users":
      return { id: "sspr-users", phrase: () => "SSPR widened" };
    case "sspr-admin":
      return { id: "sspr-admin", phrase: () => "administrators' SSPR switched on" };
    case "finding-added":
      if (kind === "reset-path" || kind === "app-permission")
        return { id: "new-path", phrase: (n) => plural(n, "new reset path", "new reset paths") };
      if (kind === "synced-privileged")
        return {
          id: "synced-privileged",
          phrase: (n) =>
            plural(n, "synced account gained a privileged role", "synced accounts gained privileged roles"),
        };
      if (kind === "declaration-contradicted")
        return { id: "contradicted", phrase: () => "writeback declaration contradicted" };
      if (kind === "synced-reset") return { id: "resets", phrase: () => "new password resets of synced users" };
      break;
    case "finding-changed":
      if (kind === "synced-reset") return { id: "resets", phrase: () => "new password resets of synced users" };
      if ((c.after?.reach.syncedUsers ?? 0) > (c.before?.reach.syncedUsers ?? Infinity))
        return {
          id: "reach",
          phrase: (n) => plural(n, "path reaches more synced users", "paths reach more synced users"),
        };
      return { id: "severity", phrase: (n) => plural(n, "finding more severe", "findings more severe") };
  }
  return { id: "other", phrase: (n) => plural(n, "other increase", "other increases") };
}

function liveCount(c: Change): number {
  return c.items?.length ?? 0;
}

/**
 * "writeback switched on (9 reset paths live), 1 new reset path": one phrase per kind of increase,
 * whose counts add up to the number of increases the body lists.
 */
export function describeGrowth(increases: Change[]): string {
  const kinds = new Map<string, { kind: GrowthKind; first: Change; n: number }>();
  for (const c of increases) {
    const kind = growthKind(c);
    const seen = kinds.get(kind.id);
    if (seen) seen.n += 1;
    else kinds.set(kind.id, { kind, first: c, n: 1 });
  }
  return [...kinds.values()].map(({ kind, first, n }) => kind.phrase(n, first)).join(", ");
}

/** Increases an alert shows in full; the rest are counted by severity. */
export const ALERT_CHANGES_SHOWN = 20;

/** "… and 130 more increases (2 critical, 128 high): see the report". */
function moreIncreases(rest: Change[]): string {
  const bySeverity = SEVERITIES.map((s) => [s, rest.filter((c) => c.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${formatCount(n)} ${s}`);
  return `… and ${formatCount(rest.length)} more ${rest.length === 1 ? "increase" : "increases"} (${bySeverity.join(", ")}): see the report`;
}

export function renderAlertEmail(input: AlertEmailInput): RenderedEmail {
  const alerting = alertingChanges(input.diff, input.minSeverity ?? "info");
  const alertingSet = new Set(alerting);
  const others = input.diff.changes.filter((c) => c.type !== "coverage" && !alertingSet.has(c));
  // Fewer changes in full until it fits; at worst none, and fitEmail's short form after that.
  let shown = Math.min(ALERT_CHANGES_SHOWN, alerting.length);
  let email = renderShowing(input, alerting, others, shown);
  while (!fitsEmailBounds(email) && shown > 0) {
    shown = Math.floor(shown / 2);
    email = renderShowing(input, alerting, others, shown);
  }
  return fitEmail(email, { reportUrl: input.reportUrl, summary: opening(input.diff, alerting) });
}

function opening(diff: Diff, alerting: Change[]): string {
  const since = diff.fromTakenAt ? ` since the audit of ${diff.fromTakenAt}` : "";
  return `The audit of ${diff.toTakenAt} found ${plural(alerting.length, "increase", "increases")}${since} in who can reset synced users' passwords from the cloud (tenant ${diff.tenantId}).`;
}

function renderShowing(input: AlertEmailInput, alerting: Change[], others: Change[], shown: number): RenderedEmail {
  const { diff, exposure, reportUrl } = input;
  const subject = subjectLine(`Password writeback exposure increased: ${describeGrowth(alerting)}`);
  const since = diff.fromTakenAt ? ` since the audit of ${diff.fromTakenAt}` : "";
  const list = { max: shown, more: moreIncreases };

  const html = page(
    subject,
    [
      `<h2 style="${STYLE.h}">Password writeback exposure increased</h2>`,
      `<p style="${STYLE.p}">${esc(opening(diff, alerting))}</p>`,
      headlineHtml(diff.headlineAfter, diff.headlineBefore),
      `<h3 style="${STYLE.h}">What grew</h3>`,
      changeTableHtml(alerting, list),
      others.length ? `<h3 style="${STYLE.h}">Other changes</h3>${changeLinesHtml(others)}` : "",
      coverageGapsHtml("Not covered by this audit", exposure.coverage),
      reportLinkHtml(reportUrl),
    ].join(""),
  );

  const text = [
    "Password writeback exposure increased",
    "",
    plain(
      `The audit of ${diff.toTakenAt} found ${plural(alerting.length, "increase", "increases")}${since} (tenant ${diff.tenantId}).`,
    ),
    "",
    headlineText(diff.headlineAfter, diff.headlineBefore),
    "",
    "What grew:",
    changeListText(alerting, list),
    ...(others.length ? ["", "Other changes:", changeLinesText(others)] : []),
    ...coverageGapsText("Not covered by this audit", exposure.coverage),
    ...reportLinkTextLines(reportUrl),
    "",
  ].join("\n");

  return { subject, html, text };
}
