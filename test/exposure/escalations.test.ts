/**
 * One-hop escalations: each kind is found from role-definition actions or Graph permissions (a custom
 * role with the action counts, one without it does not), names its hop, reaches what the step would
 * reach, and is rated critical when it leads to a tenant-wide reset. The headline counts one-hop
 * paths apart from direct ones.
 */
import { describe, expect, it } from "vitest";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { Exposure, Finding } from "../../shared/exposure/types.js";
import { ROLE, SnapshotBuilder, group, servicePrincipal, user } from "./fixtures.js";

const GA = ROLE.globalAdministrator;

function escalations(ex: Exposure): Finding[] {
  return ex.findings.filter((f) => f.kind.startsWith("escalation-"));
}

function only(ex: Exposure, principalId: string): Finding {
  const found = escalations(ex).filter((f) => f.principal?.id === principalId);
  expect(found, found.map((f) => f.key).join(", ")).toHaveLength(1);
  return found[0]!;
}

const on = (b: SnapshotBuilder) => b.toggle("enable", "2026-11-01T00:00:00Z");

describe("role assignment: roles whose definition can create role assignments", () => {
  it("Privileged Role Administrator can assign itself any role: critical, Global Administrator's reach", () => {
    const ex = computeExposure(on(new SnapshotBuilder()).assign(user("pra"), ROLE.privilegedRoleAdministrator).build());
    const f = only(ex, "pra");
    expect(f).toMatchObject({
      kind: "escalation-role-assignment",
      severity: "critical",
      reach: { syncedUsers: 100 },
      role: { templateId: ROLE.privilegedRoleAdministrator },
      assignment: "active",
      hop: { target: { type: "role", id: GA }, leadsTo: { templateId: GA }, tenantWide: true },
    });
    expect(f.hop!.grants).toEqual(["microsoft.directory/roleAssignments/allProperties/allTasks"]);
    expect(f.title).toBe(
      "pra (Privileged Role Administrator, active) can assign itself any directory role (Global Administrator included): one step from resetting the passwords of 100 synced users",
    );
  });

  it("a custom role with the action counts, one without it does not", () => {
    const b = on(new SnapshotBuilder())
      .defineRole("custom-assigner", "Role Delegator", ["microsoft.directory/roleAssignments/allProperties/allTasks"])
      .defineRole("custom-reader", "Role Reader", [
        "microsoft.directory/roleAssignments/standard/read",
        "microsoft.directory/roleAssignments/allProperties/read",
      ])
      .assign(user("delegator"), "custom-assigner")
      .assign(user("reader"), "custom-reader");
    const ex = computeExposure(b.build());
    expect(only(ex, "delegator")).toMatchObject({
      kind: "escalation-role-assignment",
      role: { id: "custom-assigner" },
    });
    expect(escalations(ex).filter((f) => f.principal?.id === "reader")).toEqual([]);
  });

  it("a PIM-eligible holder is one step lower; a synced holder does not count itself", () => {
    const b = on(new SnapshotBuilder()).assign(user("pra", { synced: true }), ROLE.privilegedRoleAdministrator, {
      eligible: true,
    });
    expect(only(computeExposure(b.build()), "pra")).toMatchObject({
      severity: "high",
      assignment: "eligible",
      reach: { syncedUsers: 99 },
    });
  });

  it("a Global Administrator gains nothing by assigning roles: no escalation", () => {
    const ex = computeExposure(on(new SnapshotBuilder()).assign(user("ga"), GA).build());
    expect(escalations(ex)).toEqual([]);
  });

  it("apps holding RoleManagement.ReadWrite.Directory or AppRoleAssignment.ReadWrite.All", () => {
    const roles = servicePrincipal("sp-roles", "Role Robot");
    const grants = servicePrincipal("sp-grants", "Grant Robot");
    const ex = computeExposure(
      on(new SnapshotBuilder())
        .grant(roles, "RoleManagement.ReadWrite.Directory")
        .grant(grants, "AppRoleAssignment.ReadWrite.All")
        .build(),
    );
    expect(only(ex, "sp-roles")).toMatchObject({
      kind: "escalation-role-assignment",
      severity: "critical",
      reach: { syncedUsers: 100 },
      via: { kind: "app-permission", displayName: "RoleManagement.ReadWrite.Directory" },
    });
    const g = only(ex, "sp-grants");
    expect(g).toMatchObject({ kind: "escalation-app-role-grant", severity: "critical", reach: { syncedUsers: 100 } });
    expect(g.title).toMatch(/^Application Grant Robot \(holds AppRoleAssignment.ReadWrite.All\) can grant itself/);
    expect(ex.findings.some((f) => f.kind === "app-permission")).toBe(false);
  });
});

describe("role-assignable groups", () => {
  const raGroup = group("g-ua", "Tier1 Admins");
  const readersGroup = group("g-dr", "Readers");

  it("an owner of a role-assignable group holding a reset-capable role can add itself", () => {
    const b = on(new SnapshotBuilder())
      .addGroup(raGroup, [user("member")], { owners: [user("owner", { synced: true })] })
      .assign(raGroup, ROLE.userAdministrator)
      .addGroup(readersGroup, [], { owners: [user("owner2")] })
      .assign(readersGroup, ROLE.directoryReaders);
    const ex = computeExposure(b.build());
    expect(only(ex, "owner")).toMatchObject({
      kind: "escalation-group-owner",
      severity: "critical",
      // 100 synced users minus the owner itself (a synced owner of a role-assignable group is protected,
      // User Administrator cannot reset it, so it is excluded once already).
      reach: { syncedUsers: 99 },
      hop: { target: { type: "group", id: "g-ua" }, leadsTo: { templateId: ROLE.userAdministrator } },
    });
    expect(escalations(ex).filter((f) => f.principal?.id === "owner2")).toEqual([]);
  });

  it("role-assignable group membership actions count; groups/members/update (which excludes them) does not", () => {
    const b = on(new SnapshotBuilder())
      .addGroup(raGroup, [user("member")])
      .assign(raGroup, ROLE.helpdeskAdministrator)
      .defineRole("ra-groups", "Role Group Managers", [
        "microsoft.directory/groupsAssignableToRoles/allProperties/update",
      ])
      .defineRole("groups", "Group Managers", ["microsoft.directory/groups/members/update"])
      .assign(user("ra-manager"), "ra-groups")
      .assign(user("group-manager"), "groups");
    const ex = computeExposure(b.build());
    expect(only(ex, "ra-manager")).toMatchObject({
      kind: "escalation-group-membership",
      hop: { target: { id: "g-ua" }, grants: ["microsoft.directory/groupsAssignableToRoles/allProperties/update"] },
      reach: { syncedUsers: 100 },
    });
    expect(escalations(ex).filter((f) => f.principal?.id === "group-manager")).toEqual([]);
  });
});

describe("applications that can reset passwords", () => {
  const hr = servicePrincipal("sp-hr", "HR Sync Connector");
  const base = () =>
    on(new SnapshotBuilder())
      .assign(hr, ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-1" })
      .grant(hr, "User-PasswordProfile.ReadWrite.All")
      .addUnit("au-1", { syncedMembers: 18 });

  it("owners of the service principal and of its application object reach what the app reaches", () => {
    const b = base().ownedBy(hr, [user("sp-owner")], {
      applicationOwners: [user("app-owner")],
      applicationObjectId: "app-obj",
    });
    const ex = computeExposure(b.build());
    for (const id of ["sp-owner", "app-owner"]) {
      const f = only(ex, id);
      expect(f).toMatchObject({
        kind: "escalation-app-owner",
        // An AU-scoped destination: high, not critical.
        severity: "high",
        reach: { syncedUsers: 18 },
        hop: { target: { type: "servicePrincipal", id: "sp-hr" }, tenantWide: false },
      });
      expect(f.title).toBe(
        `${id} can add a secret to HR Sync Connector, which it owns and which can reset the passwords of 18 synced users (as Helpdesk Administrator)`,
      );
    }
  });

  it("Application and Cloud Application Administrators, and custom roles with credential actions, reach every such app", () => {
    const b = base()
      .assign(user("app-admin"), ROLE.applicationAdministrator)
      .assign(user("cloud-admin"), ROLE.cloudApplicationAdministrator, { eligible: true })
      .defineRole("sp-creds", "SP Credential Manager", ["microsoft.directory/servicePrincipals/credentials/update"])
      .defineRole("app-owners", "App Owner Manager", ["microsoft.directory/applications/owners/update"])
      .assign(user("creds"), "sp-creds")
      .assign(user("owners-only"), "app-owners");
    const ex = computeExposure(b.build());
    const admin = only(ex, "app-admin");
    expect(admin).toMatchObject({ kind: "escalation-app-credentials", severity: "high", reach: { syncedUsers: 18 } });
    expect(admin.title).toBe(
      "app-admin (Application Administrator, active) can add a secret to HR Sync Connector, which can reset the passwords of 18 synced users (as Helpdesk Administrator)",
    );
    expect(only(ex, "cloud-admin")).toMatchObject({ severity: "medium", assignment: "eligible" });
    expect(only(ex, "creds").hop!.grants).toEqual(["microsoft.directory/servicePrincipals/credentials/update"]);
    expect(escalations(ex).filter((f) => f.principal?.id === "owners-only")).toEqual([]);
  });

  it("a credential role scoped to one application reaches that application only", () => {
    const other = servicePrincipal("sp-other", "Other App");
    const b = base()
      .assign(other, ROLE.userAdministrator)
      .ownedBy(hr, [], { applicationObjectId: "hr-app-object" })
      .assign(user("scoped"), ROLE.applicationAdministrator, { scope: "/hr-app-object" });
    const f = only(computeExposure(b.build()), "scoped");
    expect(f.hop!.target.id).toBe("sp-hr");
  });

  it("a tenant-wide destination is critical; a target app without a password-writing permission is one step lower", () => {
    const ua = servicePrincipal("sp-ua", "Directory Robot");
    const b = on(new SnapshotBuilder())
      .assign(ua, ROLE.userAdministrator)
      .ownedBy(ua, [user("owner")]);
    expect(only(computeExposure(b.build()), "owner")).toMatchObject({ severity: "high", reach: { syncedUsers: 100 } });
    b.grant(ua, "User-PasswordProfile.ReadWrite.All");
    expect(only(computeExposure(b.build()), "owner")).toMatchObject({ severity: "critical" });
  });
});

describe("headline: direct and one-hop paths apart", () => {
  it("one-hop paths count what a step reaches beyond the principal's direct reach", () => {
    const hr = servicePrincipal("sp-hr", "HR");
    const b = on(new SnapshotBuilder())
      // Direct: the app reaches 18 (AU), the helpdesk admin 100.
      .assign(hr, ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-1" })
      .grant(hr, "User-PasswordProfile.ReadWrite.All")
      .addUnit("au-1", { syncedMembers: 18 })
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      // One hop: the app's owner reaches 18 more; the helpdesk admin is also a PRA holder (eligible),
      // which reaches 100 as Global Administrator: nothing beyond its direct 100.
      .ownedBy(hr, [user("owner")])
      .assign(user("hd"), ROLE.privilegedRoleAdministrator, { eligible: true })
      // A PRA holder with no direct path: 100 more.
      .assign(user("pra"), ROLE.privilegedRoleAdministrator);
    const ex = computeExposure(b.build());
    expect(ex.headline).toMatchObject({ resetters: 2, resetPaths: 118, oneHop: { resetters: 2, resetPaths: 118 } });
  });

  it("writeback off: zero one-hop paths; unknown reach: unknown", () => {
    const off = new SnapshotBuilder().assign(user("pra"), ROLE.privilegedRoleAdministrator);
    off.toggle("disable", "2026-11-01T00:00:00Z");
    expect(computeExposure(off.build()).headline.oneHop).toEqual({ resetters: 1, resetPaths: 0 });
    const unknown = on(new SnapshotBuilder())
      .assign(user("pra"), ROLE.privilegedRoleAdministrator)
      .markUnknown("syncedUsers");
    expect(computeExposure(unknown.build()).headline.oneHop).toEqual({ resetters: null, resetPaths: null });
  });
});
