/**
 * The terminal report of an exposure (CLI and demo). Every string that came from the tenant passes
 * through `terminalSafe`: a display name carrying ANSI escapes or bidi overrides must not repaint or
 * reorder the operator's terminal.
 */
import {
  SEVERITIES,
  isEscalation,
  type Evidence,
  type Exposure,
  type Finding,
  type Severity,
} from "../exposure/types.js";
import type { Change, Diff } from "../diff/types.js";
import { onPremProtectedNote } from "./reachNotes.js";
import { acceptanceSentence } from "./acceptanceWords.js";

export interface TextReportOptions {
  diff?: Diff;
  /** ANSI colours for severities and headings. Default false. */
  color?: boolean;
}

// C0 and C1 controls, DEL, and the bidi embedding/override/isolate characters (Trojan Source).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Strip terminal control characters and bidi controls; newlines and tabs become spaces. */
export function terminalSafe(text: string | null | undefined): string {
  if (text === null || text === undefined) return "";
  return text.replace(/[\r\n\t]+/g, " ").replace(UNSAFE, "");
}

const SGR: Record<Severity | "bold" | "dim", string> = {
  critical: "\u001b[1;31m",
  high: "\u001b[31m",
  medium: "\u001b[33m",
  low: "\u001b[36m",
  info: "\u001b[2m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
};
const RESET = "\u001b[0m";

const SAMPLE_SHOWN = 3;

export function renderTextReport(exposure: Exposure, options: TextReportOptions = {}): string {
  const paint = (style: keyof typeof SGR, text: string) => (options.color ? `${SGR[style]}${text}${RESET}` : text);
  const s = terminalSafe;
  const lines: string[] = [];

  lines.push(paint("bold", `writeback-watch exposure report — tenant ${s(exposure.tenantId)}`));
  lines.push(`snapshot ${s(exposure.snapshotId)} taken ${s(exposure.takenAt)}`);
  lines.push("");

  const h = exposure.headline;
  const figure = (n: number | null) => (n === null ? "unknown" : String(n));
  const label = h.potential ? "POTENTIAL reset-to-on-prem paths" : "Reset-to-on-prem paths";
  lines.push(paint("bold", `${label}: ${figure(h.resetPaths)}`));
  lines.push(
    `  resetters: ${figure(h.resetters)}   synced users reached: ${figure(h.syncedUsersReached)} of ${figure(h.syncedUsers)}`,
  );
  if (h.oneHop) {
    lines.push(
      `  one-hop paths (one step from a reset, apart from the above): ${figure(h.oneHop.resetPaths)} from ${figure(h.oneHop.resetters)} principal${h.oneHop.resetters === 1 ? "" : "s"}`,
    );
  }
  if (h.unaccepted) {
    const accepted = exposure.findings.filter((f) => f.acceptance?.status === "accepted").length;
    lines.push(
      `  not accepted: ${figure(h.unaccepted.resetPaths)} paths from ${figure(h.unaccepted.resetters)} resetters, ${h.unaccepted.findings} findings (${accepted} accepted)`,
    );
  }
  if (h.potential) lines.push("  POTENTIAL: writeback is unknown; these are the paths that exist if it is on.");
  if (exposure.writeback.state === "off") lines.push("  Writeback is off: cloud resets do not reach on-premises AD.");
  const protectedNote = onPremProtectedNote(exposure);
  if (protectedNote) lines.push(`  ${protectedNote}`);
  lines.push("");

  lines.push(...writebackLines(exposure, paint));
  lines.push(...ssprLines(exposure));
  lines.push("");

  if (options.diff) {
    lines.push(...diffLines(options.diff, paint));
    lines.push("");
  }

  lines.push(paint("bold", "Findings"));
  for (const severity of SEVERITIES) {
    const group = exposure.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(severity, `${severity.toUpperCase()} (${group.length})`));
    // Info findings say "nothing to reach on-prem here": one line each keeps the report about risk.
    for (const f of group) lines.push(...(severity === "info" ? [`  - ${s(f.title)}`] : findingLines(f)));
  }
  if (exposure.findings.length === 0) lines.push("  none");
  lines.push("");

  lines.push(...coverageLines(exposure, paint));
  const problems = exposure.acceptances?.problems ?? [];
  if (problems.length > 0) {
    lines.push(paint("bold", `Acceptances file problems (${problems.length}; those entries do not apply)`));
    for (const p of problems) lines.push(`  - ${s(p)}`);
  }
  return lines.join("\n") + "\n";
}

type Paint = (style: keyof typeof SGR, text: string) => string;

function writebackLines(exposure: Exposure, paint: Paint): string[] {
  const wb = exposure.writeback;
  const decisive = wb.evidence.find((e) => e.decisive);
  const out = [
    `Password writeback: ${paint(wb.state === "on" ? "high" : wb.state === "off" ? "low" : "medium", wb.state.toUpperCase())}`,
  ];
  out.push(decisive ? `  decided by ${evidenceLine(decisive)}` : "  no evidence decides it");
  for (const e of wb.evidence.filter((x) => !x.decisive)) out.push(`  also: ${evidenceLine(e)}`);
  return out;
}

function evidenceLine(e: Evidence): string {
  return `[${e.source}, says ${e.indicates}] ${terminalSafe(e.detail)}`;
}

function ssprLines(exposure: Exposure): string[] {
  const sp = exposure.sspr;
  const users =
    sp.usersScope === "unknown"
      ? "unknown"
      : `${sp.usersScope} (${sp.ssprEnabledSyncedUsers ?? "?"} of ${sp.syncedUsers ?? "?"} synced users enabled)`;
  const admins = sp.adminSspr === null ? "unknown" : sp.adminSspr ? "enabled" : "disabled";
  return [`SSPR: users ${users}; administrators ${admins} (allowedToUseSSPR)`];
}

function findingLines(f: Finding): string[] {
  const s = terminalSafe;
  const out = [`  • ${s(f.title)}`];
  const facts: string[] = [];
  if (f.principal) {
    const upn = f.principal.userPrincipalName ? ` <${s(f.principal.userPrincipalName)}>` : "";
    const synced = f.principal.synced ? ", synced from on-prem" : "";
    facts.push(`who: ${s(f.principal.displayName) || s(f.principal.id)}${upn} (${f.principal.type}${synced})`);
  }
  if (f.role)
    facts.push(`role: ${s(f.role.displayName) || s(f.role.templateId)}${f.role.isBuiltIn ? "" : " (custom)"}`);
  if (f.scope !== "tenant") {
    facts.push(`scope: ${f.scope === "/" ? "tenant-wide" : `AU ${s(f.scopeDisplayName) || s(f.scope)}`}`);
  }
  if (f.assignment) facts.push(f.assignment);
  if (f.via)
    facts.push(`via ${f.via.kind === "group" ? "group" : "permission"} ${s(f.via.displayName) || s(f.via.id)}`);
  if (facts.length > 0) out.push(`    ${facts.join(" · ")}`);
  if (f.hop)
    out.push(`    one step: ${s(f.hop.step)} → ${s(f.hop.leadsTo.displayName) || s(f.hop.leadsTo.templateId)}`);
  if (
    f.kind === "reset-path" ||
    f.kind === "app-permission" ||
    f.kind === "sspr" ||
    f.kind === "synced-reset" ||
    isEscalation(f.kind)
  ) {
    const n = f.reach.syncedUsers;
    const sample = (f.reach.sample ?? []).slice(0, SAMPLE_SHOWN).map(s);
    out.push(
      `    reach: ${n === null ? "unknown (a needed section could not be read)" : `${n} synced user${n === 1 ? "" : "s"}`}${sample.length ? ` (e.g. ${sample.join(", ")})` : ""}`,
    );
    if (f.reach.assumed) out.push(`    reach ASSUMED: ${s(f.reach.assumed)}`);
  }
  if (f.remediation) out.push(`    fix: ${s(f.remediation)}`);
  if (f.acceptance) out.push(`    ${s(acceptanceSentence(f.acceptance))}`);
  return out;
}

/**
 * The changes between two audits on their own (`writeback-watch diff`): the headline before and
 * after, then each change, with the findings a folded change moved listed under it.
 */
export function renderDiffText(diff: Diff, options: Pick<TextReportOptions, "color"> = {}): string {
  const paint: Paint = (style, text) => (options.color ? `${SGR[style]}${text}${RESET}` : text);
  const figures = (h: Diff["headlineAfter"] | null) =>
    h
      ? `${h.potential ? "potential " : ""}reset-to-on-prem paths ${h.resetPaths ?? "unknown"}, resetters ${h.resetters ?? "unknown"}`
      : "none";
  const lines = [
    paint("bold", `writeback-watch diff — tenant ${terminalSafe(diff.tenantId)}`),
    `from snapshot ${terminalSafe(diff.fromSnapshotId)} taken ${terminalSafe(diff.fromTakenAt)}`,
    `  to snapshot ${terminalSafe(diff.toSnapshotId)} taken ${terminalSafe(diff.toTakenAt)}`,
    `Headline: ${figures(diff.headlineBefore)} → ${figures(diff.headlineAfter)}`,
    "",
    ...diffLines(diff, paint, { items: true }),
  ];
  const tally = (d: Change["direction"]) => diff.changes.filter((c) => c.direction === d).length;
  lines.push("", `${tally("increase")} increased, ${tally("decrease")} decreased, ${tally("neutral")} neutral.`);
  return `${lines.join("\n")}\n`;
}

const ARROW: Record<Change["direction"], string> = { increase: "▲", decrease: "▼", neutral: "•" };

function diffLines(diff: Diff, paint: Paint, options: { items?: boolean } = {}): string[] {
  if (diff.baseline) return [paint("bold", "Changes: first audit of this tenant (baseline, nothing to compare).")];
  const out = [paint("bold", `Changes since ${terminalSafe(diff.fromTakenAt)} (${diff.changes.length})`)];
  for (const c of diff.changes) {
    out.push(`  ${ARROW[c.direction]} ${paint(c.severity, c.severity.toUpperCase())} ${terminalSafe(c.summary)}`);
    if (!options.items) continue;
    for (const item of c.items ?? []) out.push(`      - ${terminalSafe(item.summary)}`);
    if (c.omittedItems) out.push(`      - … and ${c.omittedItems} more`);
  }
  if (diff.changes.length === 0) out.push("  no change");
  return out;
}

function coverageLines(exposure: Exposure, paint: Paint): string[] {
  const gaps = exposure.coverage.filter((c) => c.status === "unknown");
  // A section read in part (groupMembers without PIM for Groups) carries a reason while ok.
  const partial = exposure.coverage
    .filter((c) => c.status === "ok" && c.reason)
    .map((c) => {
      const fix = c.missingPermission ? ` → grant ${c.missingPermission}` : "";
      return `  - ${c.section} (partly read): ${c.reason}${c.detail ? ` — ${terminalSafe(c.detail)}` : ""}${fix}`;
    });
  if (gaps.length === 0) return [`Coverage: all ${exposure.coverage.length} sections read.`, ...partial];
  const out = [
    paint(
      "bold",
      `Coverage gaps (${gaps.length} of ${exposure.coverage.length} sections unknown; figures that need them are "unknown", never 0)`,
    ),
  ];
  for (const g of gaps) {
    const fix = g.missingPermission ? ` → grant ${g.missingPermission}` : "";
    out.push(`  - ${g.section}: ${g.reason ?? "unknown"}${g.detail ? ` — ${terminalSafe(g.detail)}` : ""}${fix}`);
  }
  return [...out, ...partial];
}
