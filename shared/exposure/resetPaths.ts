/**
 * Reset paths: one per (principal, reset-capable role, scope, active|eligible[, via group]), with the
 * synced users it reaches. Group-held roles become paths of each transitive member, via the group, and
 * "eligible" paths of each PIM-for-Groups eligible member (who can activate membership).
 *
 * Reach = synced users in scope minus the protected synced targets this role cannot reset (see
 * resetTargets.ts), minus declared protected on-prem accounts (writeback cannot change their passwords,
 * concept-sspr-writeback.md), minus the resetter itself. Known approximations, all on the side of reporting more:
 * - AU scope: synced members of a non-restricted AU who also sit in a restricted AU are subtracted
 *   only when they are known protected targets (other such users are not listed by Graph cheaply).
 * - Restricted-AU members not otherwise protected are counted per AU and subtracted from every
 *   tenant-scoped path (no tenant-scoped role reaches them, GA and PAA included); a user in two
 *   restricted AUs is subtracted twice (lowers reach slightly).
 * - A path scoped to a restricted AU reaches its members even when they also sit in other restricted
 *   AUs; the matrix still applies to their roles.
 */
import type { FindingPrincipal, FindingRole } from "./types.js";
import type { Principal, RoleAssignment, RoleDefinition, SectionName, Snapshot } from "../snapshot/types.js";
import { canResetTarget, reachesRestrictedMembers, resetReachBasis } from "./resetTargets.js";
import { indexRoleDefinitions, resetGrantingActions } from "./resetCapability.js";
import type { KnownTarget, TargetIndex } from "./protectedTargets.js";
import { administrativeUnitOf } from "../snapshot/scope.js";

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
  /** "assumed" when Microsoft documents no reset reach for this role at this scope. */
  reachBasis: "documented" | "assumed";
  /** Sections that made reach unknown. */
  missing: SectionName[];
}

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

/** Who holds a role through one assignment: its principal, or a group's members (active and PIM-eligible). */
export interface Holder {
  principal: Principal;
  via?: Principal;
  assignment: "active" | "eligible";
  /** Group members could not be read: the holder stands for the group itself. */
  unexpandedGroup: boolean;
}

/**
 * The holders of one held role. A group's role is its transitive members' (nested groups' members
 * are listed already) and, as "eligible", its PIM-for-Groups eligible members' (they can activate
 * membership). A group whose members are unknown stands for itself.
 */
export function* holdersOf(held: HeldRole, snapshot: Snapshot): Generator<Holder> {
  const { groupMembers } = snapshot.sections;
  const principal = held.principal ?? unknownPrincipal(held.source.principalId);
  if (principal.type !== "group") {
    yield { principal, assignment: held.assignment, unexpandedGroup: false };
    return;
  }
  const group = groupMembers.status === "ok" ? groupMembers.data.groups[principal.id] : undefined;
  if (!group) {
    yield { principal, assignment: held.assignment, unexpandedGroup: true };
    return;
  }
  for (const m of group.members) {
    if (m.type !== "group") yield { principal: m, via: principal, assignment: held.assignment, unexpandedGroup: false };
  }
  // An eligible nested group's members are not listed by this API.
  for (const m of group.eligibleMembers ?? []) {
    if (m.type !== "group") yield { principal: m, via: principal, assignment: "eligible", unexpandedGroup: false };
  }
}

/** Every reset path in the snapshot. Empty when role definitions are unknown (capability undecidable). */
export function enumerateResetPaths(snapshot: Snapshot, targets: TargetIndex): ResetPath[] {
  const paths = new Map<string, ResetPath>();
  for (const held of heldRoles(snapshot)) {
    const { role } = held;
    const grantingActions = resetGrantingActions(role);
    if (grantingActions.length === 0) continue;
    const base = { role, roleKey: roleKeyOf(role), grantingActions, ...scopeOf(held.source, snapshot) };
    for (const h of holdersOf(held, snapshot)) add(paths, { ...base, ...h }, snapshot, targets);
  }
  return [...paths.values()];
}

/** Template id for built-ins, id for custom roles: the reset matrix's key. */
export function roleKeyOf(role: RoleDefinition): string {
  return role.templateId || role.id;
}

/**
 * What a principal would reach holding `role` at `directoryScopeId` (a one-hop escalation's
 * destination), by the same rules as a real path.
 */
export function reachAs(
  principal: Principal,
  role: RoleDefinition,
  directoryScopeId: string,
  snapshot: Snapshot,
  targets: TargetIndex,
): Pick<ResetPath, "reach" | "missing"> {
  const input: PathInput = {
    principal,
    role,
    roleKey: roleKeyOf(role),
    grantingActions: [],
    assignment: "active",
    unexpandedGroup: false,
    ...scopeOf({ directoryScopeId }, snapshot),
  };
  return reachOf(input, snapshot, targets);
}

type PathInput = Omit<ResetPath, "key" | "reach" | "missing" | "reachBasis">;

function add(paths: Map<string, ResetPath>, input: PathInput, snapshot: Snapshot, targets: TargetIndex): void {
  const key = `reset-path:${input.principal.id}:${input.roleKey}:${input.scope}:${input.assignment}${input.via ? `:via:${input.via.id}` : ""}`;
  if (paths.has(key)) return;
  const scope = input.administrativeUnitId === undefined ? {} : { administrativeUnitId: input.administrativeUnitId };
  const reachBasis = resetReachBasis(input.roleKey, scope);
  paths.set(key, { ...input, key, reachBasis, ...reachOf(input, snapshot, targets) });
}

function scopeOf(
  a: Pick<RoleAssignment, "directoryScopeId">,
  snapshot: Snapshot,
): Pick<ResetPath, "scope" | "administrativeUnitId" | "scopeDisplayName"> {
  const scope = a.directoryScopeId || "/";
  const auId = administrativeUnitOf(scope);
  if (auId === undefined) return { scope };
  const aus = snapshot.sections.administrativeUnits;
  const unit = aus.status === "ok" ? aus.data.units[auId] : undefined;
  return { scope, administrativeUnitId: auId, scopeDisplayName: unit?.displayName ?? null };
}

function unknownPrincipal(id: string): Principal {
  return { id, type: "unknown", displayName: null };
}

/**
 * Who a role cannot reset within one scope, computed once per (role, scope) and shared by every
 * path with that role and scope: a tenant with 20,000 members in a role-assignable group has
 * 20,000 paths but a handful of (role, scope) pairs, so reach stays linear in the paths.
 */
interface ScopeExclusion {
  excluded: number;
  upns: Set<string>;
}

const exclusionCache = new WeakMap<TargetIndex, Map<string, ScopeExclusion>>();
const targetsByAu = new WeakMap<TargetIndex, Map<string, KnownTarget[]>>();

function exclusionFor(
  targets: TargetIndex,
  roleKey: string,
  administrativeUnitId: string | undefined,
  units: Record<string, { sampleUserPrincipalNames: string[] }>,
): ScopeExclusion {
  let cache = exclusionCache.get(targets);
  if (!cache) exclusionCache.set(targets, (cache = new Map()));
  const key = `${roleKey}|${administrativeUnitId ?? "/"}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const upns = new Set<string>();
  let excluded = 0;
  const scope = administrativeUnitId === undefined ? {} : { administrativeUnitId };
  for (const t of administrativeUnitId === undefined
    ? targets.known.values()
    : auMembers(targets, administrativeUnitId)) {
    if (!reaches(roleKey, t, scope)) {
      excluded++;
      if (t.userPrincipalName) upns.add(t.userPrincipalName.toLowerCase());
    }
  }
  if (!reachesRestrictedMembers(scope)) {
    for (const [auId, n] of targets.unexplainedRestricted) {
      excluded += n;
      for (const upn of units[auId]?.sampleUserPrincipalNames ?? []) upns.add(upn.toLowerCase());
    }
  }
  const result = { excluded, upns };
  cache.set(key, result);
  return result;
}

/** The role resets the target's password and writeback can carry it on-premises. */
function reaches(roleKey: string, target: KnownTarget, scope: { administrativeUnitId?: string }): boolean {
  return !target.onPremProtected && canResetTarget(roleKey, target.profile, scope);
}

function auMembers(targets: TargetIndex, auId: string): KnownTarget[] {
  let index = targetsByAu.get(targets);
  if (!index) {
    index = new Map();
    for (const t of targets.known.values()) {
      for (const id of t.auIds) {
        const list = index.get(id);
        if (list) list.push(t);
        else index.set(id, [t]);
      }
    }
    targetsByAu.set(targets, index);
  }
  return index.get(auId) ?? [];
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
  const selfUpn = self.userPrincipalName?.toLowerCase();
  const selfTarget = targets.known.get(self.id);

  let total: number;
  let candidates: readonly string[];
  let auScope: { administrativeUnitId: string } | undefined;
  if (path.scope === "/") {
    total = synced!.count;
    candidates = synced!.sampleUserPrincipalNames;
  } else if (path.administrativeUnitId !== undefined) {
    const unit = units[path.administrativeUnitId];
    if (!unit || unit.syncedMemberCount === null) {
      return { reach: { syncedUsers: null, sample: [] }, missing: ["administrativeUnits"] };
    }
    total = unit.syncedMemberCount;
    candidates = unit.sampleUserPrincipalNames;
    auScope = { administrativeUnitId: unit.id };
  } else {
    // A role scoped to one directory object (an app, a group): it resets no user's password.
    return { reach: { syncedUsers: 0, sample: [] }, missing: [] };
  }

  const base = exclusionFor(targets, path.roleKey, auScope?.administrativeUnitId, units);
  // A resetter is not counted in their own reach: take them out unless the role rule already did.
  let selfExcluded = 0;
  if (selfTarget) {
    const inScope = !auScope || selfTarget.auIds.includes(auScope.administrativeUnitId);
    if (inScope && reaches(path.roleKey, selfTarget, auScope ?? {})) selfExcluded = 1;
  } else if (!auScope && self.type === "user" && self.onPremisesSyncEnabled === true) {
    selfExcluded = 1;
  }
  const count = Math.max(0, total - base.excluded - selfExcluded);
  const sample = candidates
    .filter((u) => {
      const lc = u.toLowerCase();
      return lc !== selfUpn && !base.upns.has(lc);
    })
    .slice(0, Math.min(SAMPLE_SIZE, count));
  return { reach: { syncedUsers: count, sample }, missing: [] };
}
