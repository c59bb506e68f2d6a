/**
 * Which findings an acceptance covers, and where a covered finding stands against it. One place, for
 * every finding kind: a key names one finding (a reset path whether active or eligible, so a path
 * that turns active stays under its acceptance and is reported as grown past it), a principal +
 * role pattern names every finding of that principal holding that role, at any scope.
 */
import { severityRank, type Finding } from "../exposure/types.js";
import { GUID_PATTERN } from "../guid.js";
import type { Acceptance, AcceptanceStatus, AcceptanceTarget, AcceptedBounds, FindingAcceptance } from "./types.js";

/** `reset-path:<principal>:<role>:<scope>:<active|eligible>[:via:<group>]`, the assignment part cut out. */
const RESET_PATH_KEY = /^(reset-path:[^:]+:[^:]+:[^:]*):(?:active|eligible)((?::via:.+)?)$/;

/** A key with a reset path's assignment replaced by "*": the same path active or eligible. */
export function pathKey(key: string): string {
  const m = RESET_PATH_KEY.exec(key);
  return m ? `${m[1]}:*${m[2]}` : key;
}

export function matches(target: AcceptanceTarget, f: Finding): boolean {
  if ("key" in target) return f.key === target.key || pathKey(f.key) === pathKey(target.key);
  return (
    f.principal?.id.toLowerCase() === target.principalId.toLowerCase() &&
    f.role?.templateId.toLowerCase() === target.roleTemplateId.toLowerCase()
  );
}

/** The pattern form of a target on the command line: `principal:<id>:role:<templateId>`. */
const PATTERN = /^principal:([^:]+):role:([^:]+)$/i;

/** A target as typed (CLI, HTTP): a finding key, or the principal + role pattern. */
export function parseTarget(text: string): AcceptanceTarget | { problem: string } {
  const value = text.trim();
  if (value === "") return { problem: "name a finding key, or principal:<principalId>:role:<roleTemplateId>" };
  const m = PATTERN.exec(value);
  if (!m) return { key: value };
  const [, principalId, roleTemplateId] = m;
  if (!GUID_PATTERN.test(principalId!) || !GUID_PATTERN.test(roleTemplateId!)) {
    return { problem: "in principal:<principalId>:role:<roleTemplateId>, both ids are GUIDs" };
  }
  return { principalId: principalId!.toLowerCase(), roleTemplateId: roleTemplateId!.toLowerCase() };
}

export function describeTarget(target: AcceptanceTarget): string {
  return "key" in target ? target.key : `principal:${target.principalId}:role:${target.roleTemplateId}`;
}

/** Two targets naming the same findings (the file wins over the table for the same target). */
export function sameTarget(a: AcceptanceTarget, b: AcceptanceTarget): boolean {
  return describeTarget(a).toLowerCase() === describeTarget(b).toLowerCase() || pathKeyOf(a) === pathKeyOf(b);
}

function pathKeyOf(t: AcceptanceTarget): string | undefined {
  return "key" in t ? pathKey(t.key) : undefined;
}

/** The bounds of the findings an acceptance is recorded over: the widest of them. */
export function boundsOf(findings: readonly Finding[]): AcceptedBounds {
  let severity = findings[0]?.severity ?? "info";
  let syncedUsers: number | null = 0;
  let active = false;
  for (const f of findings) {
    if (severityRank(f.severity) > severityRank(severity)) severity = f.severity;
    const n = f.reach.syncedUsers;
    syncedUsers = syncedUsers === null || n === null ? null : Math.max(syncedUsers, n);
    if (f.assignment !== "eligible") active = true;
  }
  const anyAssignment = findings.some((f) => f.assignment !== undefined);
  return { severity, syncedUsers, ...(anyAssignment ? { assignment: active ? "active" : "eligible" } : {}) };
}

/**
 * Each way `f` went past the bounds, one sentence each; empty when within. A reach not known now is
 * never growth; a reach not known when accepted is exceeded by any known reach above zero (the
 * acceptance could not say how far it went).
 */
export function exceededBy(bounds: AcceptedBounds, f: Finding): string[] {
  const out: string[] = [];
  if (severityRank(f.severity) > severityRank(bounds.severity)) {
    out.push(`severity raised to ${f.severity} (accepted at ${bounds.severity})`);
  }
  const n = f.reach.syncedUsers;
  if (n !== null && (bounds.syncedUsers === null ? n > 0 : n > bounds.syncedUsers)) {
    out.push(
      bounds.syncedUsers === null
        ? `reaches ${n} synced users (the reach was unknown when accepted)`
        : `reaches ${n} synced users (accepted up to ${bounds.syncedUsers})`,
    );
  }
  if (bounds.assignment === "eligible" && f.assignment === "active") {
    out.push("assignment turned active (accepted as eligible)");
  }
  return out;
}

/** When an acceptance stops covering anything: its expiry, or its revocation if earlier. */
export function endOf(a: Acceptance): number {
  const expires = Date.parse(a.expiresAt);
  const revoked = a.revokedAt ? Date.parse(a.revokedAt) : Infinity;
  return Math.min(expires, revoked);
}

/** Where `f` stands against `a` at `at` (ms). */
export function statusOf(a: Acceptance, f: Finding, at: number): { status: AcceptanceStatus; exceeded?: string[] } {
  if (a.revokedAt && Date.parse(a.revokedAt) <= at) return { status: "revoked" };
  if (Date.parse(a.expiresAt) <= at) return { status: "expired" };
  const exceeded = exceededBy(a.upTo, f);
  return exceeded.length > 0 ? { status: "exceeded", exceeded } : { status: "accepted" };
}

const STATUS_ORDER: Record<AcceptanceStatus, number> = { accepted: 0, exceeded: 1, expired: 2, revoked: 3 };

/**
 * The acceptance that speaks for `f` at `at`, if any matches: one that covers it first (the longest
 * lasting), else the one that ended or was exceeded most recently.
 */
export function acceptanceFor(
  acceptances: readonly Acceptance[],
  f: Finding,
  at: number,
): { acceptance: Acceptance; finding: FindingAcceptance } | undefined {
  let best: { acceptance: Acceptance; finding: FindingAcceptance } | undefined;
  for (const a of acceptances) {
    if (!matches(a.target, f)) continue;
    const { status, exceeded } = statusOf(a, f, at);
    const candidate = { acceptance: a, finding: findingAcceptance(a, status, exceeded) };
    if (
      !best ||
      STATUS_ORDER[status] < STATUS_ORDER[best.finding.status] ||
      (status === best.finding.status && endOf(a) > endOf(best.acceptance))
    ) {
      best = candidate;
    }
  }
  return best;
}

function findingAcceptance(a: Acceptance, status: AcceptanceStatus, exceeded?: string[]): FindingAcceptance {
  return {
    id: a.id,
    source: a.source,
    status,
    owner: a.owner,
    reason: a.reason,
    acceptedBy: a.acceptedBy,
    acceptedAt: a.acceptedAt,
    expiresAt: a.expiresAt,
    upTo: a.upTo,
    ...(exceeded ? { exceeded } : {}),
  };
}
