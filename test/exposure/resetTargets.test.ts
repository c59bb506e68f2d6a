import { describe, expect, it } from "vitest";
import { canResetTarget, type TargetProfile } from "../../shared/exposure/resetTargets.js";
import { ROLE } from "../../shared/exposure/roleTemplates.js";

const plain: TargetProfile = { activeRoles: [], inRoleAssignableGroup: false, restrictedAuIds: [] };
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

  it("restricted-AU members: only PAA/GA, or an admin scoped to that same AU", () => {
    const member = { ...plain, restrictedAuIds: ["au-r"] };
    expect(canResetTarget(ROLE.userAdministrator, member)).toBe(false);
    expect(canResetTarget(ROLE.partnerTier2Support, member)).toBe(false);
    expect(canResetTarget(ROLE.privilegedAuthenticationAdministrator, member)).toBe(true);
    expect(canResetTarget(ROLE.helpdeskAdministrator, member, { administrativeUnitId: "au-r" })).toBe(true);
    expect(canResetTarget(ROLE.helpdeskAdministrator, member, { administrativeUnitId: "au-other" })).toBe(false);
  });
});
