/**
 * The documented "who can reset whose password" rules, keyed by role template id: the tenant-scope
 * table, the administrative-unit-scope restrictions and the restricted-management AU rule.
 *
 * Sources (MicrosoftDocs/entra-docs, quoted so reviewers can check the rule against them):
 * - role-based-access-control/admin-units-restricted-management.md, "Who can modify objects?":
 *   "Only administrators with an explicit assignment at the scope of a restricted management
 *   administrative unit can change the Microsoft Entra properties of objects in the restricted
 *   management administrative unit." Its table blocks Global Administrator (Tenant), Privileged Role
 *   Administrator (Tenant), "Built-in or custom role | Tenant" and roles scoped to "Another regular
 *   administrative unit of which the object is a member"; it allows AU-assignable roles scoped to the
 *   "Restricted management administrative unit" and to "Another restricted management administrative
 *   unit of which the object is a member". "What types of operations are blocked?" lists "Update
 *   password for a user" as blocked "For administrators not explicitly assigned at the restricted
 *   management administrative unit scope". And: "Even Global Administrators won't be allowed to modify
 *   the objects unless they assign themselves explicitly to a role scoped to the restricted management
 *   administrative unit".
 * - same page, Limitations: "a Global Administrator in a restricted management administrative unit
 *   can't have their password reset by any other administrator in the system, because there's no
 *   administrator role that can be assigned at the administrative unit scope that can reset the
 *   password of a Global Administrator" — an AU-scoped admin still obeys the matrix below.
 * - role-based-access-control/privileged-roles-permissions.md, "Who can reset passwords": "The
 *   following table is for roles assigned at the scope of a tenant." Row "User with a role scoped to a
 *   restricted management administrative unit": only Privileged Auth Admin and Global Admin are ticked.
 *
 * - role-based-access-control/admin-units-assign-roles.md (the same text in manage-roles-portal.md),
 *   "Roles that can be assigned with administrative unit scope": Helpdesk and Password Administrator
 *   "Can reset passwords for non-administrators" in the unit only; Authentication Administrator works
 *   "for any non-admin user in the assigned administrative unit only"; User Administrator resets
 *   "passwords for limited admins within the assigned administrative unit only"; Privileged
 *   Authentication Administrator works "for any user (admin or non-admin)". Then: "Certain role
 *   permissions apply only to nonadministrator users when assigned with the scope of an administrative
 *   unit. In other words, administrative unit scoped Helpdesk Administrators can reset passwords for
 *   users in the administrative unit only if those users don't have administrator roles." and "Reset
 *   user passwords" is listed among the permissions "restricted when the target of an action is a user
 *   with another role or an administrator".
 *
 * Assumptions, stated once so reviewers can challenge them:
 * - A reset-capable role that is not a matrix column (custom roles, future built-ins) resets
 *   non-admin users only — the row "User (no admin role)" is the one every documented resetter has.
 *   Its reach is an assumption, and reported as one (resetReachBasis).
 * - AU scope: a role the AU table gives no wider reach (Helpdesk, Password and Authentication
 *   Administrators, custom roles, anything else) resets only users holding no role and outside
 *   role-assignable groups. User Administrator keeps its tenant-wide rows (the AU table's "limited
 *   admins" are those rows), although the general sentence above would narrow it to non-admins: the
 *   wider reading is the one an exposure audit must not miss. Privileged Authentication Administrator
 *   keeps its rows except Global Administrators (restricted-management Limitations: no role assignable
 *   at AU scope can reset a Global Administrator's password).
 * - Partner Tier1 Support resets non-administrators only; Partner Tier2 Support resets everyone the
 *   matrix covers. Neither is an exception to the restricted-management AU rule.
 * - Members of restricted-management AUs are reset only by an admin whose assignment is scoped to one
 *   of those AUs (any of them, when the member is in several); no tenant-scoped role reaches them,
 *   Global and Privileged Authentication Administrators included. Such an admin still needs the matrix
 *   to allow the member's own roles.
 * - A user holding a role scoped to a restricted-management AU (whether or not they are a member of
 *   it) is reset only by PAA/GA — the matrix row for it. Partner Tier2 Support is kept an exception, as
 *   for every other row.
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

/** Rows "All other built-in and custom roles", "member of a role-assignable group", "role scoped to a restricted AU". */
const TOP_RESETTERS: ReadonlySet<string> = new Set([PAA, GA]);

/** What the matrix needs to know about a target user. */
export interface TargetProfile {
  /** Template ids (or custom role ids) of the target's active roles, any scope. */
  activeRoles: readonly string[];
  /** Member of any role-assignable group. */
  inRoleAssignableGroup: boolean;
  /** Restricted-management AUs the target is a member of. */
  restrictedAuIds: readonly string[];
  /** Holds an active role whose assignment is scoped to a restricted-management AU. */
  holdsRoleScopedToRestrictedAu: boolean;
}

export interface ResetScope {
  /** Set when the resetter's assignment is scoped to this administrative unit. */
  administrativeUnitId?: string;
}

/** Resetter columns of the documented table, plus the Partner Support roles its note describes. */
const DOCUMENTED_RESETTERS: ReadonlySet<string> = new Set([
  PA,
  HD,
  AA,
  UA,
  PAA,
  GA,
  ROLE.partnerTier1Support,
  ROLE.partnerTier2Support,
]);

/** Roles the AU table documents with a reset reach wider than "non-administrators". */
const AU_SCOPED_MATRIX_ROLES: ReadonlySet<string> = new Set([UA, PAA]);
/** Roles the AU table documents as resetting in a unit (narrow or wide). */
const AU_SCOPED_RESETTERS: ReadonlySet<string> = new Set([PA, HD, AA, UA, PAA]);

/** True when a holder of the resetter role, at the given scope, may reset the target's password. */
export function canResetTarget(resetterRole: string, target: TargetProfile, scope: ResetScope = {}): boolean {
  // Restricted-management AU members: only an assignment scoped to one of their restricted AUs gets
  // through; tenant scope (GA and PAA included) and regular AUs are shut out.
  if (target.restrictedAuIds.length > 0) {
    const au = scope.administrativeUnitId;
    if (au === undefined || !target.restrictedAuIds.includes(au)) return false;
  }
  if (scope.administrativeUnitId === undefined) return tenantScoped(resetterRole, target);
  if (!AU_SCOPED_MATRIX_ROLES.has(resetterRole)) return holdsNoAdminRole(target);
  if (resetterRole === PAA && target.activeRoles.includes(GA)) return false;
  return tenantScoped(resetterRole, target);
}

/**
 * "documented" when Microsoft's tables say whom this role resets at this scope; "assumed" when the
 * reach comes from the non-admins-only assumption (custom roles, built-ins the tables do not list).
 */
export function resetReachBasis(resetterRole: string, scope: ResetScope = {}): "documented" | "assumed" {
  const known = scope.administrativeUnitId === undefined ? DOCUMENTED_RESETTERS : AU_SCOPED_RESETTERS;
  return known.has(resetterRole) ? "documented" : "assumed";
}

/** The tenant-scope table (privileged-roles-permissions.md, "Who can reset passwords"). */
function tenantScoped(resetterRole: string, target: TargetProfile): boolean {
  const top = TOP_RESETTERS.has(resetterRole);
  if (resetterRole === ROLE.partnerTier2Support) return true;
  if (target.inRoleAssignableGroup && !top) return false;
  if (target.holdsRoleScopedToRestrictedAu && !top) return false;
  if (target.activeRoles.length === 0) return true;
  if (resetterRole === ROLE.partnerTier1Support) return false;
  return target.activeRoles.every((role) => (WHO_CAN_RESET.get(role) ?? TOP_RESETTERS).has(resetterRole));
}

/** The row every resetter reaches: no role, and no membership or ownership of a role-assignable group. */
function holdsNoAdminRole(target: TargetProfile): boolean {
  return target.activeRoles.length === 0 && !target.inRoleAssignableGroup && !target.holdsRoleScopedToRestrictedAu;
}

/** True when the role can reset at least one Global Administrator (it reaches the top of the tenant). */
export function canResetGlobalAdministrators(resetterRole: string): boolean {
  return canResetTarget(resetterRole, {
    activeRoles: [GA],
    inRoleAssignableGroup: false,
    restrictedAuIds: [],
    holdsRoleScopedToRestrictedAu: false,
  });
}

/**
 * True when an assignment at this scope may reach restricted-management AU members it knows nothing
 * else about. Tenant scope never does, whatever the role (GA and PAA included); an AU scope does only
 * for members of that AU, which the caller decides by listing them.
 */
export function reachesRestrictedMembers(scope: ResetScope): boolean {
  return scope.administrativeUnitId !== undefined;
}
