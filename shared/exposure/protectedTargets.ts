/**
 * The synced users the reset matrix treats specially (role holders — noting who holds a role scoped to
 * a restricted-management AU —, role-assignable group members and owners, restricted-management AU members), known
 * by id, plus the restricted-AU members known only as counts. Declared protected on-prem accounts are
 * known targets too: no cloud resetter reaches their on-premises password.
 * Everyone else among the synced users is an ordinary user every reset-capable role may reset.
 */
import type { TargetProfile } from "./resetTargets.js";
import type { Principal, RoleAssignment, RoleAssignmentsData, SectionName, Snapshot } from "../snapshot/types.js";
import { indexRoleDefinitions } from "./resetCapability.js";
import { administrativeUnitOf } from "../snapshot/scope.js";

export interface KnownTarget {
  id: string;
  userPrincipalName: string | null;
  profile: TargetProfile;
  /**
   * Declared protected on-prem (PROTECTED_ONPREM_ACCOUNTS): writeback cannot change this user's
   * on-premises password, so no cloud resetter reaches it.
   */
  onPremProtected: boolean;
  /** Every AU the user is a direct member of (restricted or not), when known. */
  auIds: string[];
}

export interface TargetIndex {
  /** Synced users only. */
  known: Map<string, KnownTarget>;
  /** Per restricted AU: synced members not among `known` (counted, never listed). */
  unexplainedRestricted: Map<string, number>;
  /** Sections this index needed and could not read; reach is null while non-empty. */
  missing: SectionName[];
}

interface MutableTarget {
  id: string;
  userPrincipalName: string | null;
  activeRoles: Set<string>;
  inRoleAssignableGroup: boolean;
  holdsRoleScopedToRestrictedAu: boolean;
  onPremProtected: boolean;
  auIds: Set<string>;
}

export function buildTargetIndex(snapshot: Snapshot): TargetIndex {
  const { roleDefinitions, roleAssignments, groupMembers, administrativeUnits, syncedUsers } = snapshot.sections;
  const missing: SectionName[] = [];
  const targets = new Map<string, MutableTarget>();
  const touch = (p: Pick<Principal, "id" | "userPrincipalName">): MutableTarget => {
    let t = targets.get(p.id);
    if (!t) {
      t = {
        id: p.id,
        userPrincipalName: p.userPrincipalName ?? null,
        activeRoles: new Set(),
        inRoleAssignableGroup: false,
        holdsRoleScopedToRestrictedAu: false,
        onPremProtected: false,
        auIds: new Set(),
      };
      targets.set(p.id, t);
    }
    t.userPrincipalName ??= p.userPrincipalName ?? null;
    return t;
  };
  const isSyncedUser = (p: Principal) => p.type === "user" && p.onPremisesSyncEnabled === true;

  // Known before the role pass: a role scoped to one of these AUs changes its holder's matrix row.
  const restricted = new Set(
    administrativeUnits.status === "ok"
      ? Object.values(administrativeUnits.data.units)
          .filter((u) => u.isMemberManagementRestricted)
          .map((u) => u.id)
      : [],
  );

  const defs = roleDefinitions.status === "ok" ? indexRoleDefinitions(roleDefinitions.data.definitions) : undefined;
  const roleKey = (roleDefinitionId: string) => defs?.get(roleDefinitionId)?.templateId ?? roleDefinitionId;

  if (groupMembers.status === "ok") {
    for (const group of Object.values(groupMembers.data.groups)) {
      // "member or owner of a role-assignable group": owners are protected like members.
      for (const m of [...group.members, ...(group.owners ?? [])])
        if (isSyncedUser(m)) touch(m).inRoleAssignableGroup = true;
    }
  } else missing.push("groupMembers");

  if (roleAssignments.status === "ok") {
    forEachActiveHolder(
      roleAssignments.data,
      groupMembers.status === "ok" ? groupMembers.data.groups : {},
      (p, roleDefinitionId, assignment) => {
        if (!isSyncedUser(p)) return;
        const t = touch(p);
        t.activeRoles.add(roleKey(roleDefinitionId));
        const au = administrativeUnitOf(assignment.directoryScopeId);
        if (au !== undefined && restricted.has(au)) t.holdsRoleScopedToRestrictedAu = true;
      },
    );
  } else missing.push("roleAssignments");

  if (syncedUsers.status === "ok") {
    for (const u of syncedUsers.data.protectedOnPrem?.users ?? []) touch(u).onPremProtected = true;
  }

  const unexplainedRestricted = new Map<string, number>();
  if (administrativeUnits.status === "ok") {
    const { units, memberships } = administrativeUnits.data;
    for (const [userId, auIds] of Object.entries(memberships)) {
      const t = touch({ id: userId, userPrincipalName: targets.get(userId)?.userPrincipalName ?? null });
      for (const au of auIds) t.auIds.add(au);
    }
    for (const unit of Object.values(units)) {
      if (!unit.isMemberManagementRestricted) continue;
      for (const id of unit.memberUserIds) targets.get(id)?.auIds.add(unit.id);
      if (unit.syncedMemberCount === null) {
        if (!missing.includes("administrativeUnits")) missing.push("administrativeUnits");
        continue;
      }
      let explained = 0;
      for (const t of targets.values()) if (t.auIds.has(unit.id)) explained++;
      unexplainedRestricted.set(unit.id, Math.max(0, unit.syncedMemberCount - explained));
    }
  } else missing.push("administrativeUnits");

  const known = new Map<string, KnownTarget>();
  for (const t of targets.values()) {
    const auIds = [...t.auIds].sort();
    known.set(t.id, {
      id: t.id,
      userPrincipalName: t.userPrincipalName,
      onPremProtected: t.onPremProtected,
      auIds,
      profile: {
        activeRoles: [...t.activeRoles].sort(),
        inRoleAssignableGroup: t.inRoleAssignableGroup,
        restrictedAuIds: auIds.filter((a) => restricted.has(a)),
        holdsRoleScopedToRestrictedAu: t.holdsRoleScopedToRestrictedAu,
      },
    });
  }
  return { known, unexplainedRestricted, missing };
}

/** Calls back for every principal holding an assignment, directly or as a (transitive) group member. */
export function forEachActiveHolder(
  data: RoleAssignmentsData,
  groups: Record<string, { members: Principal[] }>,
  visit: (principal: Principal, roleDefinitionId: string, assignment: RoleAssignment) => void,
): void {
  for (const a of data.assignments) {
    const p = data.principals[a.principalId];
    if (!p) continue;
    visit(p, a.roleDefinitionId, a);
    if (p.type === "group") for (const m of groups[p.id]?.members ?? []) visit(m, a.roleDefinitionId, a);
  }
}
