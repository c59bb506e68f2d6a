/**
 * Reset paths: one per (principal, reset-capable role, scope, active|eligible[, via group]), with the
 * synced users it reaches. Group-held roles become paths of each transitive member, via the group.
 *
 * Reach = synced users in scope minus the protected synced targets this role cannot reset (see
 * resetTargets.ts) minus the resetter itself. Known approximations, all on the side of reporting more:
 * - AU scope: synced members of a non-restricted AU who also sit in a restricted AU are subtracted
 *   only when they are known protected targets (other such users are not listed by Graph cheaply).
 * - Restricted-AU members not otherwise protected are counted per AU; a user in two restricted AUs
 *   is subtracted twice (lowers reach slightly).
 */
import type { FindingPrincipal, FindingRole } from "./types.js";
import type { Principal, RoleAssignment, RoleDefinition, SectionName, Snapshot } from "../snapshot/types.js";
import { canResetTarget, reachesRestrictedMembers } from "./resetTargets.js";
import { indexRoleDefinitions, resetGrantingActions } from "./resetCapability.js";
import type { TargetIndex } from "./protectedTargets.js";

export const SAMPLE_SIZE = 5;

export interface ResetPath {
  key: string;
  principal: Principal;
  role: RoleDefinition;
  /** Template id for built-ins, id for custom roles: the matrix key and the key part. */
  roleKey: string;
  grantingActions: string[];
  scope: string;
  administrativeUnitId?: string;
  /** The AU's display name, when scoped to a known AU. */
  scopeDisplayName?: string | null;
  assignment: "active" | "eligible";
  via?: Principal;
  /** Group members could not be read: this path stands for the group itself. */
  unexpandedGroup: boolean;
  reach: { syncedUsers: number | null; sample: string[] };
  /** Sections that made reach unknown. */
  missing: SectionName[];
}

const AU_SCOPE = /^\/administrativeUnits\/([^/]+)$/;

export function findingPrincipal(p: Principal): FindingPrincipal {
  const out: FindingPrincipal = { id: p.id, type: p.type, displayName: p.displayName ?? null };
  if (p.userPrincipalName !== undefined) out.userPrincipalName = p.userPrincipalName;
  if (p.type === "user") out.synced = p.onPremisesSyncEnabled === true;
  return out;
}

export function findingRole(d: RoleDefinition): FindingRole {
  return { id: d.id, templateId: d.templateId, displayName: d.displayName, isBuiltIn: d.isBuiltIn };
}

/** One active assignment or eligibility of a role whose definition the snapshot holds. */
export interface HeldRole {
  assignment: "active" | "eligible";
  source: RoleAssignment;
  role: RoleDefinition;
  /** Undefined when Graph did not return the principal with the assignment. */
  principal: Principal | undefined;
}

/** Every active assignment, then every eligibility, of a known role; none when role definitions are unknown. */
export function* heldRoles(snapshot: Snapshot): Generator<HeldRole> {
  const { roleDefinitions, roleAssignments, roleEligibilities } = snapshot.sections;
  if (roleDefinitions.status !== "ok") return;
  const defs = indexRoleDefinitions(roleDefinitions.data.definitions);
  const sources = [
    ["active", roleAssignments],
    ["eligible", roleEligibilities],
  ] as const;
  for (const [assignment, section] of sources) {
    if (section.status !== "ok") continue;
    for (const a of section.data.assignments) {
      const role = defs.get(a.roleDefinitionId);
      if (role) yield { assignment, source: a, role, principal: section.data.principals[a.principalId] };
    }
  }
}

/** Every reset path in the snapshot. Empty when role definitions are unknown (capability undecidable). */
export function enumerateResetPaths(snapshot: Snapshot, targets: TargetIndex): ResetPath[] {
  const { groupMembers } = snapshot.sections;
  const paths = new Map<string, ResetPath>();

  for (const held of heldRoles(snapshot)) {
    const { assignment, source: a, role } = held;
    const grantingActions = resetGrantingActions(role);
    if (grantingActions.length === 0) continue;
    const principal = held.principal ?? unknownPrincipal(a.principalId);
    const base = { role, roleKey: role.templateId || role.id, grantingActions, assignment, ...scopeOf(a, snapshot) };

    if (principal.type === "group") {
      if (groupMembers.status === "ok" && groupMembers.data.groups[principal.id]) {
        for (const m of groupMembers.data.groups[principal.id]!.members) {
          if (m.type === "group") continue; // transitive members already include nested groups' members
          add(paths, { ...base, principal: m, via: principal, unexpandedGroup: false }, snapshot, targets);
        }
        continue;
      }
      add(paths, { ...base, principal, unexpandedGroup: true }, snapshot, targets);
      continue;
    }
    add(paths, { ...base, principal, unexpandedGroup: false }, snapshot, targets);
  }
  return [...paths.values()];
}

type PathInput = Omit<ResetPath, "key" | "reach" | "missing">;

function add(paths: Map<string, ResetPath>, input: PathInput, snapshot: Snapshot, targets: TargetIndex): void {
  const key = `reset-path:${input.principal.id}:${input.roleKey}:${input.scope}:${input.assignment}${input.via ? `:via:${input.via.id}` : ""}`;
  if (paths.has(key)) return;
  paths.set(key, { ...input, key, ...reachOf(input, snapshot, targets) });
}

function scopeOf(
  a: RoleAssignment,
  snapshot: Snapshot,
): Pick<ResetPath, "scope" | "administrativeUnitId" | "scopeDisplayName"> {
  const scope = a.directoryScopeId || "/";
  const m = AU_SCOPE.exec(scope);
  if (!m) return { scope };
  const aus = snapshot.sections.administrativeUnits;
  const unit = aus.status === "ok" ? aus.data.units[m[1]!] : undefined;
  return { scope, administrativeUnitId: m[1]!, scopeDisplayName: unit?.displayName ?? null };
}

function unknownPrincipal(id: string): Principal {
  return { id, type: "unknown", displayName: null };
}

function reachOf(path: PathInput, snapshot: Snapshot, targets: TargetIndex): Pick<ResetPath, "reach" | "missing"> {
  const { syncedUsers, administrativeUnits } = snapshot.sections;
  const missing: SectionName[] = [...targets.missing];
  if (syncedUsers.status !== "ok") missing.push("syncedUsers");
  if (path.unexpandedGroup) missing.push("groupMembers");
  if (missing.length > 0) return { reach: { syncedUsers: null, sample: [] }, missing: [...new Set(missing)] };
  const synced = syncedUsers.status === "ok" ? syncedUsers.data : undefined;
  const units = administrativeUnits.status === "ok" ? administrativeUnits.data.units : {};
  const self = path.principal;
  const selfSynced = self.type === "user" && self.onPremisesSyncEnabled === true;

  if (path.scope === "/") {
    const excludedUpns = new Set<string>();
    let excluded = 0;
    for (const t of targets.known.values()) {
      if (t.id === self.id || !canResetTarget(path.roleKey, t.profile)) {
        excluded++;
        if (t.userPrincipalName) excludedUpns.add(t.userPrincipalName.toLowerCase());
      }
    }
    if (selfSynced && !targets.known.has(self.id)) excluded++;
    if (self.userPrincipalName) excludedUpns.add(self.userPrincipalName.toLowerCase());
    if (!reachesRestrictedMembers(path.roleKey)) {
      for (const [auId, n] of targets.unexplainedRestricted) {
        excluded += n;
        for (const upn of units[auId]?.sampleUserPrincipalNames ?? []) excludedUpns.add(upn.toLowerCase());
      }
    }
    const count = Math.max(0, synced!.count - excluded);
    return {
      reach: { syncedUsers: count, sample: sampleOf(synced!.sampleUserPrincipalNames, excludedUpns, count) },
      missing: [],
    };
  }

  if (path.administrativeUnitId !== undefined) {
    const unit = units[path.administrativeUnitId];
    if (!unit || unit.syncedMemberCount === null) {
      return { reach: { syncedUsers: null, sample: [] }, missing: ["administrativeUnits"] };
    }
    const excludedUpns = new Set<string>();
    let excluded = 0;
    const scope = { administrativeUnitId: unit.id };
    for (const t of targets.known.values()) {
      if (!t.auIds.includes(unit.id)) continue;
      if (t.id === self.id || !canResetTarget(path.roleKey, t.profile, scope)) {
        excluded++;
        if (t.userPrincipalName) excludedUpns.add(t.userPrincipalName.toLowerCase());
      }
    }
    const count = Math.max(0, unit.syncedMemberCount - excluded);
    return {
      reach: { syncedUsers: count, sample: sampleOf(unit.sampleUserPrincipalNames, excludedUpns, count) },
      missing: [],
    };
  }

  // A role scoped to one directory object (an app, a group): it resets no user's password.
  return { reach: { syncedUsers: 0, sample: [] }, missing: [] };
}

function sampleOf(candidates: readonly string[], excluded: Set<string>, count: number): string[] {
  return candidates.filter((u) => !excluded.has(u.toLowerCase())).slice(0, Math.min(SAMPLE_SIZE, count));
}
