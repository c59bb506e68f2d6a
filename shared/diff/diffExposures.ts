/**
 * The diff between two exposures: what changed, in which direction, how severe. Pure.
 *
 * Tenant-level states (writeback, SSPR) are compared by value; every other finding by its stable key.
 * A finding whose sections (see sectionDependencies.ts) were unknown in either snapshot never yields
 * an increase or decrease: the diff reports the lost or regained coverage instead. The same holds for
 * the writeback state when a section it is derived from was collected in one audit only, and for the
 * severities that follow it.
 */
import type { Change, Diff } from "./types.js";
import type { Exposure, Finding, FindingKind, Severity, SsprUsersScope, TriState } from "../exposure/types.js";
import { severityRank } from "../exposure/types.js";
import { SECTION_NAMES, type SectionName } from "../snapshot/types.js";
import {
  findingDependencies,
  SSPR_ADMIN_SECTIONS,
  SSPR_USERS_SECTIONS,
  WRITEBACK_SECTIONS,
  WRITEBACK_WEIGHTED_KINDS,
} from "./sectionDependencies.js";
import {
  ADMIN_SSPR_REMEDIATION,
  reachGrownRemediation,
  remediationFor,
  SSPR_WIDENED_REMEDIATION,
  WRITEBACK_ON_REMEDIATION,
} from "./remediation.js";
import { describeHow, describeReach, describeWho } from "./describeFinding.js";

/** Kinds compared through Exposure.writeback / Exposure.sspr rather than by finding key. */
const STATE_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(["writeback", "sspr", "sspr-admin"]);

export function diffExposures(previous: Exposure | null, current: Exposure): Diff {
  const base = {
    tenantId: current.tenantId,
    fromSnapshotId: previous?.snapshotId ?? null,
    toSnapshotId: current.snapshotId,
    fromTakenAt: previous?.takenAt ?? null,
    toTakenAt: current.takenAt,
    headlineBefore: previous?.headline ?? null,
    headlineAfter: current.headline,
  };
  if (!previous) return { ...base, baseline: true, changes: baselineChanges(current) };

  const before = unknownSections(previous);
  const after = unknownSections(current);
  const unknown = new Set<SectionName>([...before, ...after]);
  const writebackEvidenceMoved = WRITEBACK_SECTIONS.filter((s) => before.has(s) !== after.has(s));
  const writebackShifted = writebackEvidenceMoved.length > 0 && previous.writeback.state !== current.writeback.state;
  const changes: Change[] = [
    ...coverageChanges(before, after),
    ...writebackChanges(previous, current, writebackEvidenceMoved),
    ...ssprChanges(previous, current, unknown),
    ...findingChanges(previous, current, { unknown, writebackShifted }),
  ];
  return { ...base, baseline: false, changes: sortChanges(changes) };
}

// ---- coverage ---------------------------------------------------------------------------------

/** A section absent from `coverage` counts as unknown: missing data must never read as "nothing there". */
export function unknownSections(e: Exposure): Set<SectionName> {
  const ok = new Set(e.coverage.filter((c) => c.status === "ok").map((c) => c.section));
  return new Set(SECTION_NAMES.filter((s) => !ok.has(s)));
}

function coverageChanges(before: Set<SectionName>, after: Set<SectionName>): Change[] {
  const out: Change[] = [];
  for (const section of SECTION_NAMES) {
    const was = before.has(section);
    const is = after.has(section);
    if (!was && !is) continue;
    const summary = !was
      ? `Coverage lost: section ${section} could not be collected; findings that depend on it are not compared.`
      : !is
        ? `Coverage restored: section ${section} was collected again; findings that depend on it are compared from the next audit.`
        : `Coverage still missing: section ${section} could not be collected in either audit.`;
    out.push({
      key: `coverage:${section}`,
      type: "coverage",
      direction: "neutral",
      severity: !was ? "medium" : "info",
      summary,
      section,
    });
  }
  return out;
}

// ---- baseline ---------------------------------------------------------------------------------

function baselineChanges(current: Exposure): Change[] {
  const gaps = unknownSections(current);
  const coverage: Change[] = [...gaps].map((section) => ({
    key: `coverage:${section}`,
    type: "coverage",
    direction: "neutral",
    severity: "info",
    summary: `Coverage missing: section ${section} could not be collected in the first audit.`,
    section,
  }));
  const findings: Change[] = current.findings.map((f) => ({
    key: f.key,
    type: "added",
    direction: "neutral",
    severity: f.severity,
    summary: `Baseline: ${findingSentence(f)}`,
    after: f,
  }));
  return sortChanges([...findings, ...coverage]);
}

// ---- tenant-level states ----------------------------------------------------------------------

function stateFinding(e: Exposure, kind: FindingKind): Finding | undefined {
  return e.findings.find((f) => f.kind === kind);
}

/**
 * @param evidenceMoved - writeback evidence sections collected in one audit only. A state change then
 *   says which evidence decided, not what the tenant did: e.g. the audit log proves "on", is not
 *   collected next run, WRITEBACK_DECLARED=off decides "off", and the run after it reads "on" again.
 */
function writebackChanges(prev: Exposure, cur: Exposure, evidenceMoved: readonly SectionName[]): Change[] {
  const from: TriState = prev.writeback.state;
  const to: TriState = cur.writeback.state;
  if (from === to) return [];
  const before = stateFinding(prev, "writeback");
  const after = stateFinding(cur, "writeback");
  const common = { key: "writeback", type: "changed" as const, before, after };
  if (evidenceMoved.length > 0) {
    return [
      {
        ...common,
        direction: "neutral",
        severity: "info",
        summary: `Password writeback reads ${to} (was ${from}), but section ${evidenceMoved.join(", ")} was collected in only one of the two audits, so this is not compared as a change; it is compared again once both audits have the same evidence.`,
      },
    ];
  }
  if (to === "on") {
    return [
      {
        ...common,
        direction: "increase",
        severity: "critical",
        summary:
          from === "off"
            ? "Password writeback switched on: cloud password resets of synced users now change their on-premises passwords."
            : "Password writeback is on (it was unknown): the exposure figures are now actual, not potential.",
        remediation: WRITEBACK_ON_REMEDIATION,
      },
    ];
  }
  if (to === "off") {
    return [
      {
        ...common,
        direction: "decrease",
        severity: before?.severity ?? "critical",
        summary:
          from === "on"
            ? "Password writeback switched off: cloud resets no longer reach on-premises passwords."
            : "Password writeback is known to be off (it was unknown).",
      },
    ];
  }
  // on/off → unknown: evidence lost, not a change in exposure.
  return [
    {
      ...common,
      direction: "neutral",
      severity: "info",
      summary: `Password writeback state is no longer known (was ${from}); figures are shown as potential.`,
    },
  ];
}

const SCOPE_RANK: Record<Exclude<SsprUsersScope, "unknown">, number> = { none: 0, selected: 1, all: 2 };

function ssprChanges(prev: Exposure, cur: Exposure, unknown: Set<SectionName>): Change[] {
  const out: Change[] = [];
  const before = stateFinding(prev, "sspr");
  const after = stateFinding(cur, "sspr");
  const a = prev.sspr;
  const b = cur.sspr;
  const usersKnown =
    a.usersScope !== "unknown" && b.usersScope !== "unknown" && !SSPR_USERS_SECTIONS.some((s) => unknown.has(s));
  if (usersKnown && a.usersScope !== "unknown" && b.usersScope !== "unknown") {
    const count = (n: number | null) => (n === null ? "" : ` (${n} synced user${n === 1 ? "" : "s"})`);
    const delta = SCOPE_RANK[b.usersScope] - SCOPE_RANK[a.usersScope];
    const grew = (b.ssprEnabledSyncedUsers ?? 0) - (a.ssprEnabledSyncedUsers ?? 0);
    const common = { key: "sspr:users", type: "changed" as const, before, after };
    if (delta > 0 || (delta === 0 && b.usersScope === "selected" && grew > 0 && a.ssprEnabledSyncedUsers !== null)) {
      out.push({
        ...common,
        direction: "increase",
        severity: after?.severity ?? (delta > 0 ? "high" : "medium"),
        summary:
          delta > 0
            ? `SSPR for users widened from ${a.usersScope} to ${b.usersScope}${count(b.ssprEnabledSyncedUsers)}.`
            : `SSPR reaches more synced users: ${a.ssprEnabledSyncedUsers} → ${b.ssprEnabledSyncedUsers}.`,
        remediation: after?.remediation ?? SSPR_WIDENED_REMEDIATION,
      });
    } else if (
      delta < 0 ||
      (delta === 0 && b.usersScope === "selected" && grew < 0 && b.ssprEnabledSyncedUsers !== null)
    ) {
      out.push({
        ...common,
        direction: "decrease",
        severity: before?.severity ?? "high",
        summary:
          delta < 0
            ? `SSPR for users narrowed from ${a.usersScope} to ${b.usersScope}${count(b.ssprEnabledSyncedUsers)}.`
            : `SSPR reaches fewer synced users: ${a.ssprEnabledSyncedUsers} → ${b.ssprEnabledSyncedUsers}.`,
      });
    }
  }
  const adminKnown = a.adminSspr !== null && b.adminSspr !== null && !SSPR_ADMIN_SECTIONS.some((s) => unknown.has(s));
  if (adminKnown && a.adminSspr !== b.adminSspr) {
    const adminAfter = stateFinding(cur, "sspr-admin");
    const adminBefore = stateFinding(prev, "sspr-admin");
    out.push(
      b.adminSspr
        ? {
            key: "sspr:admin",
            type: "changed",
            direction: "increase",
            severity: adminAfter?.severity ?? "medium",
            summary: "SSPR for administrators switched on (authorizationPolicy.allowedToUseSSPR = true).",
            remediation: adminAfter?.remediation ?? ADMIN_SSPR_REMEDIATION,
            before: adminBefore,
            after: adminAfter,
          }
        : {
            key: "sspr:admin",
            type: "changed",
            direction: "decrease",
            severity: adminBefore?.severity ?? "medium",
            summary: "SSPR for administrators switched off (authorizationPolicy.allowedToUseSSPR = false).",
            before: adminBefore,
            after: adminAfter,
          },
    );
  }
  return out;
}

// ---- findings by key --------------------------------------------------------------------------

function findingSentence(f: Finding): string {
  switch (f.kind) {
    case "reset-path":
    case "app-permission":
      return `${describeWho(f)} can reset the passwords of ${describeReach(f)} (${describeHow(f)}).`;
    case "synced-privileged":
      return `Synced account ${describeWho(f)} holds a privileged role (${describeHow(f)}).`;
    default:
      return f.title;
  }
}

function dependsOnUnknown(f: Finding, unknown: Set<SectionName>, which: "existence" | "reach"): boolean {
  return findingDependencies(f)[which].some((s) => unknown.has(s));
}

interface CompareContext {
  /** Sections unknown in either snapshot. */
  unknown: Set<SectionName>;
  /** The writeback state differs only because its evidence was collected in one audit (see writebackChanges). */
  writebackShifted: boolean;
}

/** Severity is computed from every section the finding depends on, and for paths from the writeback state. */
function severityComparable(old: Finding, f: Finding, ctx: CompareContext): boolean {
  if (ctx.writebackShifted && WRITEBACK_WEIGHTED_KINDS.has(f.kind)) return false;
  return [old, f].every((x) => {
    const d = findingDependencies(x);
    return ![...d.existence, ...d.reach, ...d.severity].some((s) => ctx.unknown.has(s));
  });
}

/** Identity of a reset path regardless of active/eligible, to see eligible → active as one change. */
function pathIdentity(f: Finding): string | undefined {
  if (f.kind !== "reset-path" || !f.principal || !f.role || !f.assignment) return undefined;
  return [f.principal.id, f.role.templateId, f.scope, f.via?.kind ?? "", f.via?.id ?? ""].join("|");
}

function findingChanges(prev: Exposure, cur: Exposure, ctx: CompareContext): Change[] {
  const { unknown } = ctx;
  const compared = (e: Exposure) => e.findings.filter((f) => !STATE_KINDS.has(f.kind));
  const before = new Map(compared(prev).map((f) => [f.key, f]));
  const after = new Map(compared(cur).map((f) => [f.key, f]));
  const out: Change[] = [];

  // Eligible → active (or back) changes the key; pair them so it reads as one change.
  const addedIds = new Map<string, Finding>();
  for (const f of after.values()) {
    const id = pathIdentity(f);
    if (id && !before.has(f.key)) addedIds.set(`${id}|${f.assignment}`, f);
  }
  for (const old of [...before.values()]) {
    const id = pathIdentity(old);
    if (!id || after.has(old.key)) continue;
    const other = old.assignment === "eligible" ? "active" : "eligible";
    const now = addedIds.get(`${id}|${other}`);
    if (!now) continue;
    before.delete(old.key);
    after.delete(now.key);
    if (dependsOnUnknown(old, unknown, "existence") || dependsOnUnknown(now, unknown, "existence")) continue;
    const activated = now.assignment === "active";
    out.push({
      key: now.key,
      type: "changed",
      direction: activated ? "increase" : "decrease",
      severity: activated ? now.severity : old.severity,
      summary: activated
        ? `Eligible → active: ${describeWho(now)} now holds ${describeHow(now)} permanently; reaches ${describeReach(now)}.`
        : `Active → eligible: ${describeWho(now)} now holds ${describeHow(now)} only on activation.`,
      before: old,
      after: now,
      ...(activated ? { remediation: remediationFor(now) } : {}),
    });
  }

  for (const [key, f] of after) {
    const old = before.get(key);
    if (!old) {
      if (dependsOnUnknown(f, unknown, "existence")) continue;
      out.push({
        key,
        type: "added",
        direction: "increase",
        severity: f.severity,
        summary: addedSummary(f),
        after: f,
        remediation: remediationFor(f),
      });
      continue;
    }
    out.push(...changedFinding(old, f, ctx));
  }
  for (const [key, f] of before) {
    if (after.has(key) || dependsOnUnknown(f, unknown, "existence")) continue;
    // Audit-log resets age out of the window: that is not less exposure, and not worth a line.
    if (f.kind === "synced-reset") continue;
    out.push({
      key,
      type: "removed",
      direction: "decrease",
      severity: f.severity,
      summary: removedSummary(f),
      before: f,
    });
  }
  return out;
}

function addedSummary(f: Finding): string {
  switch (f.kind) {
    case "reset-path":
      return `New reset path: ${findingSentence(f)}`;
    case "app-permission":
      return `New app permission path: ${findingSentence(f)}`;
    case "synced-privileged":
      return `Synced account gained a privileged role: ${describeWho(f)} (${describeHow(f)}).`;
    case "synced-reset":
      return `Password resets of synced users seen in the audit log: ${f.title}`;
    case "declaration-contradicted":
      return `Declared writeback contradicted by evidence: ${f.title}`;
    default:
      return `New finding: ${f.title}`;
  }
}

function removedSummary(f: Finding): string {
  switch (f.kind) {
    case "reset-path":
    case "app-permission":
      return `Reset path removed: ${describeWho(f)} (${describeHow(f)}) no longer reaches synced users.`;
    case "synced-privileged":
      return `Synced account no longer holds the privileged role: ${describeWho(f)} (${describeHow(f)}).`;
    case "synced-reset":
      return `No new password resets of synced users in this audit window (previously: ${f.title}).`;
    case "declaration-contradicted":
      return "Declared writeback state now agrees with the evidence.";
    default:
      return `Finding resolved: ${f.title}`;
  }
}

/** At most one change per key (the change store keys rows by it): severity and reach folded together. */
function changedFinding(old: Finding, f: Finding, ctx: CompareContext): Change[] {
  const parts: string[] = [];
  let up = false;
  let down = false;
  const rankDelta = severityComparable(old, f, ctx) ? severityRank(f.severity) - severityRank(old.severity) : 0;
  if (rankDelta !== 0) {
    parts.push(`severity ${rankDelta > 0 ? "raised" : "lowered"} from ${old.severity} to ${f.severity}`);
    if (rankDelta > 0) up = true;
    else down = true;
  }
  const newResets = f.kind === "synced-reset";
  const a = old.reach.syncedUsers;
  const b = f.reach.syncedUsers;
  let reachGrew = false;
  // A synced-privileged finding repeats the reach of its reset-path finding; one line is enough.
  const tracksReach = f.kind !== "synced-privileged";
  if (tracksReach && a !== null && b !== null && a !== b && !dependsOnUnknown(f, ctx.unknown, "reach")) {
    reachGrew = b > a;
    parts.push(`reach ${reachGrew ? "grew" : "shrank"} from ${a} to ${b} synced users`);
    if (reachGrew) up = true;
    // Fewer reset targets in the audit window is not less exposure.
    else if (!newResets) down = true;
  }
  if (newResets && !reachGrew && newerResetSeen(old, f)) {
    parts.push("new resets since the previous audit");
    up = true;
  }
  if (parts.length === 0) return [];
  // Mixed signals (e.g. severity up, reach down) count as an increase: never hide a possible growth.
  const direction = up ? "increase" : down ? "decrease" : "neutral";
  const subject = newResets ? `Password resets of synced users: ${f.title}` : `${describeWho(f)} (${describeHow(f)})`;
  const text = parts.join("; ");
  return [
    {
      key: f.key,
      type: "changed",
      direction,
      severity:
        direction === "increase"
          ? onlyReachGrew(rankDelta, reachGrew, newResets)
            ? reachGrowthSeverity(a ?? 0, b ?? 0, f.severity)
            : f.severity
          : direction === "decrease"
            ? old.severity
            : "info",
      summary: `${text.charAt(0).toUpperCase()}${text.slice(1)}: ${subject}.`,
      before: old,
      after: f,
      ...(direction === "increase"
        ? { remediation: reachGrew && !newResets && rankDelta <= 0 ? reachGrownRemediation(f) : remediationFor(f) }
        : {}),
    },
  ];
}

function onlyReachGrew(rankDelta: number, reachGrew: boolean, newResets: boolean): boolean {
  return reachGrew && rankDelta <= 0 && !newResets;
}

/**
 * Ordinary onboarding of synced users grows the reach of every tenant-wide path by a few users each
 * run. That is recorded (low) but must not page the owners every hour; a path that starts reaching
 * synced users, or a step change (an AU or group widened), keeps the finding's own weight.
 */
export function reachGrowthSeverity(before: number, after: number, findingSeverity: Severity): Severity {
  if (before === 0 && after > 0) return findingSeverity;
  const grown = after - before;
  if (grown >= REACH_STEP_MIN_USERS && grown >= before * REACH_STEP_RATIO) return findingSeverity;
  if (grown >= REACH_STEP_MIN_USERS)
    return severityRank(findingSeverity) > severityRank("medium") ? "medium" : findingSeverity;
  return "low";
}
const REACH_STEP_MIN_USERS = 10;
const REACH_STEP_RATIO = 0.25;

/** Newer audit events behind the same synced-reset finding: a later newest-event time or a higher count. */
function newerResetSeen(old: Finding, f: Finding): boolean {
  const time = (x: Finding) => {
    const d = x.detail ?? {};
    const v = d["lastAt"] ?? d["newestAt"] ?? d["latestAt"];
    return typeof v === "string" ? Date.parse(v) : NaN;
  };
  const count = (x: Finding) => {
    const v = x.detail?.["count"] ?? x.detail?.["events"];
    return typeof v === "number" ? v : Array.isArray(v) ? v.length : NaN;
  };
  const t0 = time(old);
  const t1 = time(f);
  if (!Number.isNaN(t0) && !Number.isNaN(t1)) return t1 > t0;
  const c0 = count(old);
  const c1 = count(f);
  return !Number.isNaN(c0) && !Number.isNaN(c1) && c1 > c0;
}

// ---- order ------------------------------------------------------------------------------------

const DIRECTION_ORDER: Record<Change["direction"], number> = { increase: 0, decrease: 1, neutral: 2 };

/** Increases first, then decreases, then neutral; coverage last; each by severity, then key. */
export function sortChanges(changes: Change[]): Change[] {
  return [...changes].sort(
    (x, y) =>
      Number(x.type === "coverage") - Number(y.type === "coverage") ||
      DIRECTION_ORDER[x.direction] - DIRECTION_ORDER[y.direction] ||
      severityRank(y.severity) - severityRank(x.severity) ||
      x.key.localeCompare(y.key),
  );
}

/** Increases at or above a severity: what alerts. */
export function alertingChanges(diff: Diff, minSeverity: Severity): Change[] {
  if (diff.baseline) return [];
  return diff.changes.filter(
    (c) => c.direction === "increase" && severityRank(c.severity) >= severityRank(minSeverity),
  );
}
