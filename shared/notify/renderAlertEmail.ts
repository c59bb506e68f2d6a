/**
 * The alert email: what grew since the previous audit, for whom, how, its reach and what to do.
 * Pure: same input, same output.
 */
import type { Change, Diff } from "../diff/types.js";
import { alertingChanges } from "../diff/diffExposures.js";
import type { Exposure, Severity } from "../exposure/types.js";
import {
  changeLinesHtml,
  changeLinesText,
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

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface AlertEmailInput {
  diff: Diff;
  exposure: Exposure;
  /** Increases at or above this severity are what the alert is about. Default "info" (every increase). */
  minSeverity?: Severity;
  reportUrl?: string;
}

/** "writeback switched on, 2 new reset paths, SSPR widened" — from the changes themselves. */
export function describeGrowth(increases: Change[]): string {
  const parts: string[] = [];
  const count = (pred: (c: Change) => boolean) => increases.filter(pred).length;
  if (increases.some((c) => c.key === "writeback")) {
    const wb = increases.find((c) => c.key === "writeback")!;
    parts.push(/switched on/.test(wb.summary) ? "writeback switched on" : "writeback confirmed on");
  }
  const contradicted = count((c) => c.after?.kind === "declaration-contradicted" && c.type === "added");
  if (contradicted) parts.push("writeback declaration contradicted");
  const newPaths = count(
    (c) => c.type === "added" && (c.after?.kind === "reset-path" || c.after?.kind === "app-permission"),
  );
  if (newPaths) parts.push(plural(newPaths, "new reset path", "new reset paths"));
  const activated = count(
    (c) => c.type === "changed" && c.before?.assignment === "eligible" && c.after?.assignment === "active",
  );
  if (activated) parts.push(plural(activated, "eligible role made active", "eligible roles made active"));
  const grown = count(
    (c) =>
      c.type === "changed" &&
      c.before?.kind !== "synced-reset" &&
      c.before?.assignment === c.after?.assignment &&
      (c.after?.reach.syncedUsers ?? 0) > (c.before?.reach.syncedUsers ?? Infinity),
  );
  if (grown) parts.push(plural(grown, "path reaches more synced users", "paths reach more synced users"));
  if (increases.some((c) => c.key === "sspr:users")) parts.push("SSPR widened");
  if (increases.some((c) => c.key === "sspr:admin")) parts.push("administrators' SSPR switched on");
  const privileged = count((c) => c.type === "added" && c.after?.kind === "synced-privileged");
  if (privileged)
    parts.push(
      plural(privileged, "synced account gained a privileged role", "synced accounts gained privileged roles"),
    );
  if (increases.some((c) => c.after?.kind === "synced-reset")) parts.push("new password resets of synced users");
  const rest = increases.length - accountedFor(increases);
  if (rest > 0) parts.push(plural(rest, "other increase", "other increases"));
  return parts.join(", ");
}

/** How many increases describeGrowth names explicitly (the rest are "other increases"). */
function accountedFor(increases: Change[]): number {
  return increases.filter(
    (c) =>
      c.key === "writeback" ||
      c.key === "sspr:users" ||
      c.key === "sspr:admin" ||
      (c.type === "added" &&
        ["reset-path", "app-permission", "synced-privileged", "declaration-contradicted"].includes(
          c.after?.kind ?? "",
        )) ||
      (c.type === "changed" && c.before?.assignment === "eligible" && c.after?.assignment === "active") ||
      (c.type === "changed" &&
        c.before?.kind !== "synced-reset" &&
        c.before?.assignment === c.after?.assignment &&
        (c.after?.reach.syncedUsers ?? 0) > (c.before?.reach.syncedUsers ?? Infinity)) ||
      c.after?.kind === "synced-reset",
  ).length;
}

export function renderAlertEmail(input: AlertEmailInput): RenderedEmail {
  const { diff, exposure, reportUrl } = input;
  const alerting = alertingChanges(diff, input.minSeverity ?? "info");
  const others = diff.changes.filter((c) => c.type !== "coverage" && !alerting.includes(c));
  const subject = subjectLine(`Password writeback exposure increased: ${describeGrowth(alerting)}`);
  const since = diff.fromTakenAt ? ` since the audit of ${diff.fromTakenAt}` : "";

  const html = page(
    subject,
    [
      `<h2 style="${STYLE.h}">Password writeback exposure increased</h2>`,
      `<p style="${STYLE.p}">The audit of ${esc(diff.toTakenAt)} found ${esc(
        plural(alerting.length, "increase", "increases"),
      )}${esc(since)} in who can reset synced users' passwords from the cloud (tenant ${esc(diff.tenantId)}).</p>`,
      headlineHtml(diff.headlineAfter, diff.headlineBefore),
      `<h3 style="${STYLE.h}">What grew</h3>`,
      changeTableHtml(alerting),
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
    changeListText(alerting),
    ...(others.length ? ["", "Other changes:", changeLinesText(others)] : []),
    ...coverageGapsText("Not covered by this audit", exposure.coverage),
    ...reportLinkTextLines(reportUrl),
    "",
  ].join("\n");

  return { subject, html, text };
}
