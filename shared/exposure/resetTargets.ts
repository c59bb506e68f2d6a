/**
 * The documented "who can reset whose password" matrix (GRAPH-NOTES §5, Microsoft Learn
 * privileged-roles-permissions), keyed by role template id.
 *
 * Assumptions, stated once so reviewers can challenge them:
 * - A reset-capable role that is not a matrix column (custom roles, future built-ins) resets
 *   non-admin users only — the row "User (no admin role)" is the one every documented resetter has.
 * - Partner Tier1 Support resets non-administrators only; Partner Tier2 Support resets everyone,
 *   except members of restricted-management AUs, which stay with Privileged Authentication / Global
 *   Administrators (or admins assigned at that AU's scope).
 * - A target's roles are its ACTIVE assignments (direct or through a group) at any scope. PIM-eligible
 *   targets are treated as reachable: until they activate they are ordinary users to the reset check,
 *   and reporting the wider reach is the conservative choice for an exposure audit.
 * - Members of role-assignable groups are protected whether or not the group holds a role.
 */
import { ROLE } from "./roleTemplates.js";

const PA = ROLE.passwordAdministrator;
const HD = ROLE.helpdeskAdministrator;
const AA = ROLE.authenticationAdministrator;
const UA = ROLE.userAdministrator;
const PAA = ROLE.privilegedAuthenticationAdministrator;
const GA = ROLE.globalAdministrator;

/** Target role template id → resetter role template ids allowed to reset it (matrix rows). */
const WHO_CAN_RESET: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  (
    [
      [ROLE.authenticationAdministrator, [AA, PAA, GA]],
      [ROLE.directoryReaders, [PA, HD, AA, UA, PAA, GA]],
      [ROLE.globalAdministrator, [PAA, GA]],
      [ROLE.groupsAdministrator, [UA, PAA, GA]],
      [ROLE.guestInviter, [PA, HD, AA, UA, PAA, GA]],
      [ROLE.helpdeskAdministrator, [HD, UA, PAA, GA]],
      [ROLE.messageCenterReader, [HD, AA, UA, PAA, GA]],
      [ROLE.passwordAdministrator, [PA, HD, AA, UA, PAA, GA]],
      [ROLE.privilegedAuthenticationAdministrator, [PAA, GA]],
      [ROLE.privilegedRoleAdministrator, [PAA, GA]],
      [ROLE.reportsReader, [HD, AA, UA, PAA, GA]],
      [ROLE.userAdministrator, [UA, PAA, GA]],
      [ROLE.userExperienceSuccessManager, [HD, AA, UA, PAA, GA]],
      [ROLE.usageSummaryReportsReader, [HD, AA, UA, PAA, GA]],
    ] as const
  ).map(([target, resetters]) => [target, new Set<string>(resetters)]),
);

/** Row "All other built-in and custom roles", "member of a role-assignable group", "restricted AU". */
const TOP_RESETTERS: ReadonlySet<string> = new Set([PAA, GA]);

/** What the matrix needs to know about a target user. */
export interface TargetProfile {
  /** Template ids (or custom role ids) of the target's active roles, any scope. */
  activeRoles: readonly string[];
  /** Member of any role-assignable group. */
  inRoleAssignableGroup: boolean;
  /** Restricted-management AUs the target is a member of. */
  restrictedAuIds: readonly string[];
}

export interface ResetScope {
  /** Set when the resetter's assignment is scoped to this administrative unit. */
  administrativeUnitId?: string;
}

/** True when a holder of the resetter role, at the given scope, may reset the target's password. */
export function canResetTarget(resetterRole: string, target: TargetProfile, scope: ResetScope = {}): boolean {
  const top = TOP_RESETTERS.has(resetterRole);
  // Restricted-management AUs shut out every tenant-level admin except PAA/GA; an admin assigned at
  // the AU's own scope is the AU's intended manager.
  const otherRestricted = target.restrictedAuIds.some((au) => au !== scope.administrativeUnitId);
  if (otherRestricted && !top) return false;

  if (resetterRole === ROLE.partnerTier2Support) return true;
  if (target.inRoleAssignableGroup && !top) return false;
  if (target.activeRoles.length === 0) return true;
  if (resetterRole === ROLE.partnerTier1Support) return false;
  return target.activeRoles.every((role) => (WHO_CAN_RESET.get(role) ?? TOP_RESETTERS).has(resetterRole));
}

/** True when the role can reset at least one Global Administrator (it reaches the top of the tenant). */
export function canResetGlobalAdministrators(resetterRole: string): boolean {
  return canResetTarget(resetterRole, { activeRoles: [GA], inRoleAssignableGroup: false, restrictedAuIds: [] });
}

/** True when the role reaches restricted-management AU members from tenant scope. */
export function reachesRestrictedMembers(resetterRole: string): boolean {
  return TOP_RESETTERS.has(resetterRole);
}
