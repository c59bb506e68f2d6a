import { describe, expect, it } from "vitest";
import { canResetTarget, resetReachBasis, type TargetProfile } from "../../shared/exposure/resetTargets.js";
import { ROLE } from "../../shared/exposure/roleTemplates.js";

const plain: TargetProfile = {
  activeRoles: [],
  inRoleAssignableGroup: false,
  restrictedAuIds: [],
  holdsRoleScopedToRestrictedAu: false,
};
const holding = (...roles: string[]): TargetProfile => ({ ...plain, activeRoles: roles });
const CUSTOM = "0b5e1c7a-0000-4000-8000-00000000c0de";

describe("who can reset whose password", () => {
  it("Helpdesk Administrator cannot reset a Global Administrator, PAA and GA can", () => {
    expect(canResetTarget(ROLE.helpdeskAdministrator, holding(ROLE.globalAdministrator))).toBe(false);
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, holding(ROLE.globalAdministrator))).toBe(true);
    expect(canResetTarget(ROLE.globalAdministrator, holding(ROLE.globalAdministrator))).toBe(true);
  });

  it("follows the documented rows", () => {
    expect(canResetTarget(ROLE.helpdeskAdministrator, holding(ROLE.helpdeskAdministrator))).toBe(true);
    expect(canResetTarget(ROLE.passwordAdministrator, holding(ROLE.helpdeskAdministrator))).toBe(false);
    expect(canResetTarget(ROLE.passwordAdministrator, holding(ROLE.directoryReaders))).toBe(true);
    expect(canResetTarget(ROLE.authenticationAdministrator, holding(ROLE.authenticationAdministrator))).toBe(true);
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.authenticationAdministrator))).toBe(false);
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.groupsAdministrator))).toBe(true);
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.privilegedRoleAdministrator))).toBe(false);
  });

  it("a target holding several roles needs the resetter allowed for every one", () => {
    expect(canResetTarget(ROLE.helpdeskAdministrator, holding(ROLE.reportsReader, ROLE.userAdministrator))).toBe(false);
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.reportsReader, ROLE.userAdministrator))).toBe(true);
  });

  it("roles outside the matrix (custom, other built-ins) are protected from all but PAA/GA", () => {
    expect(canResetTarget(ROLE.userAdministrator, holding(CUSTOM))).toBe(false);
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.securityAdministrator))).toBe(false);
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, holding(CUSTOM))).toBe(true);
  });

  it("a custom reset-capable role resets non-admins only", () => {
    expect(canResetTarget(CUSTOM, plain)).toBe(true);
    expect(canResetTarget(CUSTOM, holding(ROLE.directoryReaders))).toBe(false);
  });

  it("Partner Tier1 resets non-admins only, Tier2 everyone", () => {
    expect(canResetTarget(ROLE.partnerTier1Support, plain)).toBe(true);
    expect(canResetTarget(ROLE.partnerTier1Support, holding(ROLE.directoryReaders))).toBe(false);
    expect(canResetTarget(ROLE.partnerTier2Support, holding(ROLE.globalAdministrator))).toBe(true);
    expect(canResetTarget(ROLE.partnerTier2Support, { ...plain, inRoleAssignableGroup: true })).toBe(true);
  });

  it("members of role-assignable groups are protected", () => {
    const member = { ...plain, inRoleAssignableGroup: true };
    expect(canResetTarget(ROLE.userAdministrator, member)).toBe(false);
    expect(canResetTarget(ROLE.helpdeskAdministrator, member)).toBe(false);
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, member)).toBe(true);
    expect(canResetTarget(ROLE.globalAdministrator, member)).toBe(true);
  });

  // admin-units-restricted-management.md, "Who can modify objects?": tenant scope (GA and PRA included)
  // is blocked; an assignment at the scope of any restricted AU the object is a member of is allowed.
  it("(a) restricted-AU members: no tenant-scoped role reaches them, Global and Privileged Authentication Administrators included", () => {
    const member = { ...plain, restrictedAuIds: ["au-r"] };
    for (const role of [
      ROLE.userAdministrator,
      ROLE.helpdeskAdministrator,
      ROLE.partnerTier2Support,
      ROLE.privilegedAuthenticationAdministrator,
      ROLE.globalAdministrator,
    ]) {
      expect(canResetTarget(role, member), role).toBe(false);
    }
    // A regular AU the object is also a member of does not open it either.
    expect(canResetTarget(ROLE.helpdeskAdministrator, member, { administrativeUnitId: "au-other" })).toBe(false);
    expect(canResetTarget(ROLE.helpdeskAdministrator, member, { administrativeUnitId: "au-r" })).toBe(true);
  });

  it("(a) an admin scoped to the restricted AU still follows the matrix for members holding roles", () => {
    const gaMember = { ...plain, activeRoles: [ROLE.globalAdministrator], restrictedAuIds: ["au-r"] };
    expect(canResetTarget(ROLE.helpdeskAdministrator, gaMember, { administrativeUnitId: "au-r" })).toBe(false);
    expect(canResetTarget(ROLE.globalAdministrator, gaMember)).toBe(false);
  });

  it("(b) an admin scoped to one restricted AU resets a member who also sits in another restricted AU", () => {
    const both = { ...plain, restrictedAuIds: ["au-a", "au-b"] };
    expect(canResetTarget(ROLE.helpdeskAdministrator, both, { administrativeUnitId: "au-a" })).toBe(true);
    expect(canResetTarget(ROLE.helpdeskAdministrator, both, { administrativeUnitId: "au-b" })).toBe(true);
    expect(canResetTarget(ROLE.helpdeskAdministrator, both, { administrativeUnitId: "au-c" })).toBe(false);
  });

  it("(c) a user holding a role scoped to a restricted AU: only PAA and GA", () => {
    const auAdmin: TargetProfile = {
      ...plain,
      activeRoles: [ROLE.helpdeskAdministrator],
      holdsRoleScopedToRestrictedAu: true,
    };
    expect(canResetTarget(ROLE.helpdeskAdministrator, auAdmin)).toBe(false);
    expect(canResetTarget(ROLE.userAdministrator, auAdmin)).toBe(false);
    expect(canResetTarget(ROLE.passwordAdministrator, auAdmin)).toBe(false);
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, auAdmin)).toBe(true);
    expect(canResetTarget(ROLE.globalAdministrator, auAdmin)).toBe(true);
    // The same role at tenant scope (or a regular AU) is the ordinary Helpdesk Administrator row.
    expect(canResetTarget(ROLE.helpdeskAdministrator, holding(ROLE.helpdeskAdministrator))).toBe(true);
  });

  // admin-units-assign-roles.md, "Roles that can be assigned with administrative unit scope".
  it("AU scope: Helpdesk, Password and Authentication Administrators reset users without admin roles only", () => {
    const au = { administrativeUnitId: "au-1" };
    for (const role of [ROLE.helpdeskAdministrator, ROLE.passwordAdministrator, ROLE.authenticationAdministrator]) {
      expect(canResetTarget(role, plain, au), role).toBe(true);
      expect(canResetTarget(role, holding(ROLE.passwordAdministrator), au), role).toBe(false);
      expect(canResetTarget(role, holding(ROLE.directoryReaders), au), role).toBe(false);
      expect(canResetTarget(role, { ...plain, inRoleAssignableGroup: true }, au), role).toBe(false);
      // The same roles at tenant scope reset a Password Administrator (the tenant table).
      expect(canResetTarget(role, holding(ROLE.passwordAdministrator)), role).toBe(true);
    }
  });

  it("AU scope: User Administrator resets limited admins; PAA everyone but Global Administrators", () => {
    const au = { administrativeUnitId: "au-1" };
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.helpdeskAdministrator), au)).toBe(true);
    expect(canResetTarget(ROLE.userAdministrator, holding(ROLE.authenticationAdministrator), au)).toBe(false);
    expect(
      canResetTarget(ROLE.privilegedAuthenticationAdministrator, holding(ROLE.privilegedRoleAdministrator), au),
    ).toBe(true);
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, holding(ROLE.globalAdministrator), au)).toBe(
      false,
    );
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, holding(ROLE.globalAdministrator))).toBe(true);
  });

  it("AU scope: custom and unlisted roles reset users without admin roles only", () => {
    const au = { administrativeUnitId: "au-1" };
    expect(canResetTarget(CUSTOM, plain, au)).toBe(true);
    expect(canResetTarget(CUSTOM, holding(ROLE.guestInviter), au)).toBe(false);
    expect(canResetTarget(ROLE.partnerTier2Support, holding(ROLE.directoryReaders), au)).toBe(false);
  });

  it("restricted AU: a role holder inside the unit is reached only as the AU rules allow", () => {
    const au = { administrativeUnitId: "au-r" };
    const member = { ...holding(ROLE.passwordAdministrator), restrictedAuIds: ["au-r"] };
    expect(canResetTarget(ROLE.helpdeskAdministrator, member, au)).toBe(false);
    expect(canResetTarget(ROLE.userAdministrator, member, au)).toBe(true);
    const ga = { ...holding(ROLE.globalAdministrator), restrictedAuIds: ["au-r"] };
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, ga, au)).toBe(false);
  });

  it("says whether a role's reach is documented or assumed", () => {
    expect(resetReachBasis(ROLE.helpdeskAdministrator)).toBe("documented");
    expect(resetReachBasis(ROLE.partnerTier2Support)).toBe("documented");
    expect(resetReachBasis(CUSTOM)).toBe("assumed");
    expect(resetReachBasis(ROLE.userAdministrator, { administrativeUnitId: "au-1" })).toBe("documented");
    expect(resetReachBasis(ROLE.partnerTier1Support, { administrativeUnitId: "au-1" })).toBe("assumed");
  });
});
