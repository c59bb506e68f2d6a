import { describe, expect, it } from "vitest";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { SECTION_NAMES } from "../../shared/snapshot/types.js";
import { severityRank, type Exposure, type Finding } from "../../shared/exposure/types.js";
import { ROLE, SnapshotBuilder, group, servicePrincipal, user } from "./fixtures.js";
import { renderTextReport } from "../../shared/report/textReport.js";
import { renderHtmlReport } from "../../shared/report/htmlReport.js";

const find = (ex: Exposure, key: string): Finding => {
  const f = ex.findings.find((x) => x.key === key);
  if (!f) throw new Error(`no finding ${key}; have ${ex.findings.map((x) => x.key).join(", ")}`);
  return f;
};
const path = (principal: string, role: string, scope = "/", kind = "active", via?: string) =>
  `reset-path:${principal}:${role}:${scope}:${kind}${via ? `:via:${via}` : ""}`;

/** 100 synced users; a synced GA; a cloud Helpdesk admin; a role-assignable group holding User Admin; an eligible PAA. */
function storyTenant(): SnapshotBuilder {
  const ga = user("ga", { synced: true, name: "Synced GA" });
  const member = user("rag-member", { synced: true });
  const g1 = group("g1", "Tier0 Admins");
  return new SnapshotBuilder()
    .assign(ga, ROLE.globalAdministrator)
    .assign(user("hd", { name: "Helpdesk Harry" }), ROLE.helpdeskAdministrator)
    .addGroup(g1, [member, user("rag-cloud")])
    .assign(g1, ROLE.userAdministrator)
    .assign(user("paa"), ROLE.privilegedAuthenticationAdministrator, { eligible: true })
    .reset("2026-11-20T10:00:00Z");
}

describe("reset paths and reach", () => {
  const ex = computeExposure(storyTenant().build());

  it("Helpdesk cannot reach the synced GA nor the role-assignable group member", () => {
    const hd = find(ex, path("hd", ROLE.helpdeskAdministrator));
    expect(hd.reach.syncedUsers).toBe(98);
    expect(hd).toMatchObject({ kind: "reset-path", assignment: "active", scope: "/", severity: "high" });
    expect(hd.principal).toMatchObject({ id: "hd", type: "user", displayName: "Helpdesk Harry", synced: false });
    expect(hd.role).toMatchObject({ templateId: ROLE.helpdeskAdministrator, displayName: "Helpdesk Administrator" });
    expect(hd.remediation).toMatch(/eligible-only|administrative unit|remove/i);
  });

  it("an eligible PAA reaches every synced user, one severity step below active", () => {
    const paa = find(ex, path("paa", ROLE.privilegedAuthenticationAdministrator, "/", "eligible"));
    expect(paa.reach.syncedUsers).toBe(100);
    expect(paa.assignment).toBe("eligible");
    // critical (resets GAs) lowered one step for eligibility.
    expect(paa.severity).toBe("high");
  });

  it("a group-held role becomes a path of each member, via the group", () => {
    const viaGroup = find(ex, path("rag-member", ROLE.userAdministrator, "/", "active", "g1"));
    expect(viaGroup.via).toEqual({ kind: "group", id: "g1", displayName: "Tier0 Admins" });
    // 100 minus the GA (User Admin cannot reset GA) minus itself.
    expect(viaGroup.reach.syncedUsers).toBe(98);
    // Synced resetter: an on-prem compromise walks into the cloud and back.
    expect(viaGroup.severity).toBe("critical");
    expect(find(ex, path("rag-cloud", ROLE.userAdministrator, "/", "active", "g1")).severity).toBe("high");
    expect(ex.findings.some((f) => f.key === path("g1", ROLE.userAdministrator))).toBe(false);
  });

  it("the synced GA is a critical path and a synced-privileged finding", () => {
    expect(find(ex, path("ga", ROLE.globalAdministrator))).toMatchObject({
      severity: "critical",
      reach: { syncedUsers: 99 },
    });
    const sp = find(ex, `synced-privileged:ga:${ROLE.globalAdministrator}`);
    expect(sp).toMatchObject({ kind: "synced-privileged", severity: "critical", principal: { synced: true } });
  });

  it("headline: distinct resetters and the sum of their reach", () => {
    expect(ex.writeback.state).toBe("on");
    expect(ex.headline).toEqual({
      resetters: 5,
      syncedUsers: 100,
      resetPaths: 98 + 100 + 98 + 98 + 99,
      // The eligible PAA reaches every synced user.
      syncedUsersReached: 100,
      potential: false,
      oneHop: { resetters: 0, resetPaths: 0 },
    });
  });

  it("findings are sorted by severity then key, and coverage lists every section", () => {
    for (let i = 1; i < ex.findings.length; i++) {
      const [a, b] = [ex.findings[i - 1]!, ex.findings[i]!];
      expect(severityRank(a.severity) > severityRank(b.severity) || (a.severity === b.severity && a.key < b.key)).toBe(
        true,
      );
    }
    expect(ex.coverage.map((c) => c.section)).toEqual([...SECTION_NAMES]);
    expect(ex.coverage.every((c) => c.status === "ok")).toBe(true);
  });

  it("audit-log resets become one synced-reset finding", () => {
    expect(find(ex, "synced-reset")).toMatchObject({
      severity: "low",
      reach: { syncedUsers: 1 },
      detail: { count: 1 },
    });
  });
});

describe("owners and PIM-for-Groups eligible members of role-assignable groups", () => {
  // Microsoft's "who can reset whom" row: "member or owner of a role-assignable group" → PAA and GA only.
  function ownerTenant() {
    const g1 = group("g1", "Tier0 Admins");
    return new SnapshotBuilder()
      .addGroup(g1, [user("rag-member", { synced: true })], {
        owners: [user("owner", { synced: true, name: "Olga Owner" })],
        eligibleMembers: [user("elig", { synced: true, name: "Eli Eligible" })],
      })
      .assign(g1, ROLE.userAdministrator)
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      .assign(user("paa"), ROLE.privilegedAuthenticationAdministrator)
      .assign(user("ga"), ROLE.globalAdministrator);
  }

  it("a synced owner is protected from Helpdesk and User Admin, reachable by PAA and GA", () => {
    const ex = computeExposure(ownerTenant().build());
    // 100 synced: Helpdesk loses the member and the owner (the eligible member is not a member yet).
    expect(find(ex, path("hd", ROLE.helpdeskAdministrator)).reach.syncedUsers).toBe(98);
    expect(find(ex, path("paa", ROLE.privilegedAuthenticationAdministrator)).reach.syncedUsers).toBe(100);
    expect(find(ex, path("ga", ROLE.globalAdministrator)).reach.syncedUsers).toBe(100);
    const withoutOwner = ownerTenant();
    withoutOwner.groups.g1!.owners = [];
    expect(find(computeExposure(withoutOwner.build()), path("hd", ROLE.helpdeskAdministrator)).reach.syncedUsers).toBe(
      99,
    );
  });

  it("an owner is not handed the group's role: no path via the group", () => {
    const ex = computeExposure(ownerTenant().build());
    expect(ex.findings.some((f) => f.key.startsWith("reset-path:owner:"))).toBe(false);
  });

  it("an eligible member gets an eligible path via the group, one severity step below the active member's", () => {
    const ex = computeExposure(ownerTenant().build());
    const active = find(ex, path("rag-member", ROLE.userAdministrator, "/", "active", "g1"));
    const eligible = find(ex, path("elig", ROLE.userAdministrator, "/", "eligible", "g1"));
    expect(eligible).toMatchObject({ assignment: "eligible", via: { kind: "group", id: "g1" } });
    expect(eligible.principal).toMatchObject({ id: "elig", synced: true });
    expect(severityRank(eligible.severity)).toBe(severityRank(active.severity) - 1);
    // User Admin cannot reset the protected member and owner; the resetter does not count itself.
    expect(eligible.reach.syncedUsers).toBe(97);
    expect(ex.findings.some((f) => f.key === path("elig", ROLE.userAdministrator, "/", "active", "g1"))).toBe(false);
  });

  it("a synced eligible member is a synced-privileged finding as eligible, one step below the active member", () => {
    const ex = computeExposure(ownerTenant().build());
    const member = find(ex, `synced-privileged:rag-member:${ROLE.userAdministrator}`);
    const elig = find(ex, `synced-privileged:elig:${ROLE.userAdministrator}`);
    expect(elig).toMatchObject({ assignment: "eligible", via: { kind: "group", id: "g1" } });
    expect(severityRank(elig.severity)).toBe(severityRank(member.severity) - 1);
    expect(ex.findings.some((f) => f.key.startsWith("synced-privileged:owner:"))).toBe(false);
  });

  it("PIM-for-Groups eligibilities unread: groupMembers coverage stays ok and names the permission", () => {
    const b = ownerTenant();
    delete b.groups.g1!.eligibleMembers;
    b.eligibleMembersUnavailable = {
      reason: "licence",
      detail: "PIM for Groups eligibilities: the tenant lacks the licence this API needs.",
    };
    const ex = computeExposure(b.build());
    const c = ex.coverage.find((x) => x.section === "groupMembers")!;
    expect(c).toMatchObject({ status: "ok", reason: "licence" });
    expect(c.detail).toMatch(/not counted/);
    expect(ex.findings.some((f) => f.key.startsWith("reset-path:elig:"))).toBe(false);
  });
});

describe("administrative units", () => {
  function auTenant() {
    const ga = user("ga", { synced: true });
    return new SnapshotBuilder()
      .addUnit("au-r", { restricted: true, syncedMembers: 10, memberUserIds: ["x1"] })
      .addUnit("au-a", { syncedMembers: 20, sample: ["ga@contoso.example", "a1@contoso.example"] })
      .assign(ga, ROLE.globalAdministrator)
      .memberOf("ga", "au-a")
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      .assign(user("paa"), ROLE.privilegedAuthenticationAdministrator)
      .assign(user("hd-au"), ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-a" })
      .assign(user("paa-au"), ROLE.privilegedAuthenticationAdministrator, { scope: "/administrativeUnits/au-a" })
      .assign(user("hd-r"), ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-r" });
  }
  const ex = computeExposure(auTenant().build());

  it("(a) restricted-AU members are out of reach of every tenant-scoped role, PAA and GA included", () => {
    expect(find(ex, path("hd", ROLE.helpdeskAdministrator)).reach.syncedUsers).toBe(100 - 1 - 10);
    expect(find(ex, path("paa", ROLE.privilegedAuthenticationAdministrator)).reach.syncedUsers).toBe(100 - 10);
    // The synced GA: all synced users but the restricted AU's 10 and itself.
    expect(find(ex, path("ga", ROLE.globalAdministrator)).reach.syncedUsers).toBe(100 - 10 - 1);
  });

  it("AU-scoped reach is the AU's synced members minus protected ones, sample filtered", () => {
    const hdAu = find(ex, path("hd-au", ROLE.helpdeskAdministrator, "/administrativeUnits/au-a"));
    expect(hdAu.reach).toEqual({ syncedUsers: 19, sample: ["a1@contoso.example"] });
    expect(hdAu.scopeDisplayName).toBe("AU au-a");
    expect(hdAu.severity).toBe("medium");
    // admin-units-restricted-management.md: no role assignable at AU scope resets a Global Administrator.
    expect(
      find(ex, path("paa-au", ROLE.privilegedAuthenticationAdministrator, "/administrativeUnits/au-a")).reach
        .syncedUsers,
    ).toBe(19);
  });

  // admin-units-assign-roles.md: AU-scoped Helpdesk/Password/Authentication Administrators reset a
  // unit's users "only if those users don't have administrator roles"; User Administrator resets
  // "limited admins"; Privileged Authentication Administrator "any user (admin or non-admin)".
  it("AU-scoped resetters follow the AU rules, not the tenant-wide table", () => {
    const pa = user("pa-member", { synced: true });
    const dr = user("dr-member", { synced: true });
    const b = new SnapshotBuilder()
      .addUnit("au-b", { syncedMembers: 10, sample: ["pa-member@contoso.example", "b1@contoso.example"] })
      .assign(pa, ROLE.passwordAdministrator)
      .assign(dr, ROLE.directoryReaders)
      .memberOf("pa-member", "au-b")
      .memberOf("dr-member", "au-b");
    for (const role of [
      ROLE.passwordAdministrator,
      ROLE.helpdeskAdministrator,
      ROLE.authenticationAdministrator,
      ROLE.userAdministrator,
      ROLE.privilegedAuthenticationAdministrator,
    ]) {
      b.assign(user(`au-${role}`), role, { scope: "/administrativeUnits/au-b" });
      b.assign(user(`t-${role}`), role);
    }
    const au = computeExposure(b.build());
    const reach = (who: string, role: string, scope: string) => find(au, path(who, role, scope)).reach.syncedUsers;
    const AU = "/administrativeUnits/au-b";
    // The tenant table lets PA, HD and AA reset Password Administrators and Directory Readers...
    expect(reach(`t-${ROLE.passwordAdministrator}`, ROLE.passwordAdministrator, "/")).toBe(100);
    // ...but at AU scope they reset non-administrators only.
    expect(reach(`au-${ROLE.passwordAdministrator}`, ROLE.passwordAdministrator, AU)).toBe(8);
    expect(reach(`au-${ROLE.helpdeskAdministrator}`, ROLE.helpdeskAdministrator, AU)).toBe(8);
    expect(reach(`au-${ROLE.authenticationAdministrator}`, ROLE.authenticationAdministrator, AU)).toBe(8);
    expect(find(au, path(`au-${ROLE.passwordAdministrator}`, ROLE.passwordAdministrator, AU)).reach.sample).toEqual([
      "b1@contoso.example",
    ]);
    // User Administrator keeps the limited-admin rows; PAA keeps every row but Global Administrator.
    expect(reach(`au-${ROLE.userAdministrator}`, ROLE.userAdministrator, AU)).toBe(10);
    expect(
      reach(`au-${ROLE.privilegedAuthenticationAdministrator}`, ROLE.privilegedAuthenticationAdministrator, AU),
    ).toBe(10);
  });

  it("an admin scoped to the restricted AU reaches its members", () => {
    expect(find(ex, path("hd-r", ROLE.helpdeskAdministrator, "/administrativeUnits/au-r")).reach.syncedUsers).toBe(10);
  });

  it("(b) an admin scoped to one restricted AU reaches a member who is also in another restricted AU", () => {
    const both = user("both", { synced: true });
    const ex2 = computeExposure(
      new SnapshotBuilder()
        .addUnit("au-r1", { restricted: true, syncedMembers: 5, memberUserIds: ["both"] })
        .addUnit("au-r2", { restricted: true, syncedMembers: 3, memberUserIds: ["both"] })
        .assign(both, ROLE.directoryReaders) // a known protected target, so its AU memberships are recorded
        .memberOf("both", "au-r1", "au-r2")
        // User Administrator: at AU scope it still resets a Directory Readers holder (a "limited admin").
        .assign(user("ua-r1"), ROLE.userAdministrator, { scope: "/administrativeUnits/au-r1" })
        .build(),
    );
    expect(find(ex2, path("ua-r1", ROLE.userAdministrator, "/administrativeUnits/au-r1")).reach.syncedUsers).toBe(5);
  });

  it("a large AU-scoped reach is high", () => {
    const b = auTenant();
    b.units["au-a"]!.syncedMemberCount = 500;
    b.syncedCount = 1000;
    const big = computeExposure(b.build());
    expect(find(big, path("hd-au", ROLE.helpdeskAdministrator, "/administrativeUnits/au-a")).severity).toBe("high");
  });
});

describe("a user holding a role scoped to a restricted AU", () => {
  // Matrix row "User with a role scoped to a restricted management administrative unit": PAA and GA only.
  const ex = computeExposure(
    new SnapshotBuilder()
      .addUnit("au-r", { restricted: true, syncedMembers: 0 })
      .addUnit("au-open", { syncedMembers: 4, sample: ["au-admin@contoso.example"] })
      .assign(user("au-admin", { synced: true }), ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-r" })
      .assign(user("open-admin", { synced: true }), ROLE.helpdeskAdministrator, {
        scope: "/administrativeUnits/au-open",
      })
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      .assign(user("paa"), ROLE.privilegedAuthenticationAdministrator)
      .build(),
  );

  it("(c) a tenant Helpdesk Administrator cannot reach them; an admin scoped to a regular AU stays resettable", () => {
    // 100 synced users minus au-admin; open-admin (Helpdesk Administrator row) stays in reach.
    expect(find(ex, path("hd", ROLE.helpdeskAdministrator)).reach.syncedUsers).toBe(99);
  });

  it("(c) PAA still reaches them", () => {
    expect(find(ex, path("paa", ROLE.privilegedAuthenticationAdministrator)).reach.syncedUsers).toBe(100);
  });
});

describe("custom roles", () => {
  it("a custom role with password/update is a path to non-admins only; without it, ignored", () => {
    const b = new SnapshotBuilder().assign(user("ga", { synced: true }), ROLE.globalAdministrator);
    b.definitions.push(
      {
        id: "cr-reset",
        templateId: "cr-reset",
        displayName: "Branch Reset",
        isBuiltIn: false,
        isEnabled: true,
        allowedResourceActions: ["microsoft.directory/users/password/update"],
      },
      {
        id: "cr-read",
        templateId: "cr-read",
        displayName: "Branch Reader",
        isBuiltIn: false,
        isEnabled: true,
        allowedResourceActions: ["microsoft.directory/users/standard/read"],
      },
    );
    b.assign(user("c1"), "cr-reset").assign(user("c2"), "cr-read");
    const ex = computeExposure(b.build());
    const f = find(ex, path("c1", "cr-reset"));
    expect(f.reach.syncedUsers).toBe(99);
    expect(f.role).toMatchObject({ isBuiltIn: false, displayName: "Branch Reset" });
    expect(ex.findings.some((x) => x.key.startsWith("reset-path:c2:"))).toBe(false);
  });
});

describe("declared protected on-premises accounts (PROTECTED_ONPREM_ACCOUNTS)", () => {
  // concept-sspr-writeback.md: the writeback service account "cannot change the passwords for users
  // that belong to protected groups".
  function tenant(declared: boolean) {
    const b = new SnapshotBuilder()
      .addUnit("au-a", { syncedMembers: 10, sample: ["tier0-b@contoso.example", "a1@contoso.example"] })
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      .assign(user("ga"), ROLE.globalAdministrator)
      .assign(user("hd-au"), ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-a" })
      .assign(user("tier0-a", { synced: true }), ROLE.userAdministrator)
      .memberOf("tier0-b", "au-a")
      .reset("2026-11-20T10:00:00Z");
    b.protectedOnPrem = declared
      ? {
          declaredEntries: 2,
          users: [
            { id: "tier0-a", userPrincipalName: "tier0-a@contoso.example", matchedBy: "OU=Tier0,DC=corp" },
            { id: "tier0-b", userPrincipalName: "tier0-b@contoso.example", matchedBy: "S-1-5-21-1-2-3-500" },
          ],
        }
      : { declaredEntries: 0, users: [] };
    return b;
  }

  it("leaves them out of every reach (tenant-wide, AU-scoped, GA included) and says undeclared ones are counted", () => {
    const before = computeExposure(tenant(false).build());
    const after = computeExposure(tenant(true).build());
    const reach = (ex: Exposure, who: string, role: string, scope = "/") =>
      find(ex, path(who, role, scope)).reach.syncedUsers;
    // Helpdesk cannot reset the User Administrator anyway: only tier0-b leaves its reach.
    expect(reach(before, "hd", ROLE.helpdeskAdministrator)).toBe(99);
    expect(reach(after, "hd", ROLE.helpdeskAdministrator)).toBe(98);
    expect(reach(before, "ga", ROLE.globalAdministrator)).toBe(100);
    expect(reach(after, "ga", ROLE.globalAdministrator)).toBe(98);
    expect(reach(after, "hd-au", ROLE.helpdeskAdministrator, "/administrativeUnits/au-a")).toBe(9);
    expect(find(after, path("hd-au", ROLE.helpdeskAdministrator, "/administrativeUnits/au-a")).reach.sample).toEqual([
      "a1@contoso.example",
    ]);
    // The protected resetter itself is no longer subtracted twice from its own reach.
    expect(reach(after, "tier0-a", ROLE.userAdministrator)).toBe(98);
    expect(after.headline.onPremProtected).toEqual({ declaredEntries: 2, excludedSyncedUsers: 2 });
    expect(renderTextReport(after)).toMatch(
      /2 synced users matching PROTECTED_ONPREM_ACCOUNTS \(2 entries\) left out of reach; other accounts in on-premises protected groups \(adminCount\) that are not declared in PROTECTED_ONPREM_ACCOUNTS are counted in reach/,
    );
    expect(renderTextReport(before)).toMatch(
      /Protected accounts: none declared; accounts in on-premises protected groups/,
    );
    const html = renderHtmlReport({ exposure: before, recentChanges: [], generatedAt: "2026-11-23T00:00:00Z" }).html;
    expect(html).toMatch(/data-note="onPremProtected">Protected accounts: none declared/);
  });
});

describe("reset-capable roles the documented table does not list", () => {
  // A built-in role Microsoft added later (e.g. one granting users/password/update for incident
  // response) has no column in "Who can reset passwords": its reach is assumed, and says so.
  const NEW_ROLE = "5b3e8a4c-0000-4000-8000-00000000abcd";
  function tenantWithNewRole() {
    const b = new SnapshotBuilder().assign(user("ga", { synced: true }), ROLE.globalAdministrator);
    b.definitions.push({
      id: NEW_ROLE,
      templateId: NEW_ROLE,
      displayName: "Future Incident Responder",
      isBuiltIn: true,
      isEnabled: true,
      allowedResourceActions: ["microsoft.directory/users/disable", "microsoft.directory/users/password/update"],
    });
    return b.assign(user("responder"), NEW_ROLE).assign(user("hd"), ROLE.helpdeskAdministrator);
  }

  it("gets the conservative reach (users without admin roles) labelled as assumed, in JSON, text and HTML", () => {
    const ex = computeExposure(tenantWithNewRole().reset("2026-11-20T10:00:00Z").build());
    const f = find(ex, path("responder", NEW_ROLE));
    expect(f.reach.syncedUsers).toBe(99);
    expect(f.reach.assumed).toMatch(/documents no reset reach/);
    expect(JSON.parse(JSON.stringify(ex)).findings.find((x: Finding) => x.key === f.key).reach.assumed).toBe(
      f.reach.assumed,
    );
    // A documented role carries no such label.
    expect(find(ex, path("hd", ROLE.helpdeskAdministrator)).reach.assumed).toBeUndefined();
    const text = renderTextReport(ex);
    expect(text).toMatch(/Future Incident Responder[\s\S]*reach ASSUMED: Microsoft documents no reset reach/);
    const html = renderHtmlReport({ exposure: ex, recentChanges: [], generatedAt: "2026-11-23T00:00:00Z" }).html;
    expect(html).toMatch(/99 synced users <span class="badge potential">ASSUMED<\/span>/);
  });
});

describe("application permissions", () => {
  const b = new SnapshotBuilder();
  const withRole = servicePrincipal("sp-role", "Provisioner");
  const noRole = servicePrincipal("sp-norole", "Orphan");
  const roleOnly = servicePrincipal("sp-roleonly", "Role Only");
  const gaApp = servicePrincipal("sp-ga", "Break Glass App");
  const escalator = servicePrincipal("sp-esc", "Escalator");
  b.assign(withRole, ROLE.userAdministrator)
    .grant(withRole, "User-PasswordProfile.ReadWrite.All")
    .grant(noRole, "User-PasswordProfile.ReadWrite.All")
    .assign(roleOnly, ROLE.userAdministrator)
    .assign(gaApp, ROLE.globalAdministrator)
    .grant(gaApp, "Directory.ReadWrite.All")
    .grant(escalator, "RoleManagement.ReadWrite.Directory")
    .grant(escalator, "Application.ReadWrite.All")
    .grant(escalator, "User.Read.All")
    .toggle("enable", "2026-11-01T00:00:00Z");
  const ex = computeExposure(b.build());

  it("permission + reset-capable role: can reset app-only, with the role's reach", () => {
    const f = find(ex, "app-permission:sp-role:User-PasswordProfile.ReadWrite.All");
    expect(f).toMatchObject({
      severity: "high",
      reach: { syncedUsers: 100 },
      detail: { directoryRoles: ["User Administrator"] },
    });
    expect(find(ex, path("sp-role", ROLE.userAdministrator)).severity).toBe("high");
  });

  it("permission without a role: one step away, reaches nobody yet", () => {
    expect(find(ex, "app-permission:sp-norole:User-PasswordProfile.ReadWrite.All")).toMatchObject({
      severity: "medium",
      reach: { syncedUsers: 0 },
    });
  });

  it("role without a password-writing permission is one step lower", () => {
    const f = find(ex, path("sp-roleonly", ROLE.userAdministrator));
    expect(f.severity).toBe("medium");
    expect(f.detail).toMatchObject({ appOnlyResetNeeds: expect.stringContaining("User-PasswordProfile") });
  });

  it("a potential writer holding a GA role is critical", () => {
    expect(find(ex, "app-permission:sp-ga:Directory.ReadWrite.All").severity).toBe("critical");
  });

  it("escalation permissions are one-hop escalations, not app-permission findings; unrelated permissions are nothing", () => {
    expect(ex.findings.filter((f) => f.key.startsWith("app-permission:sp-esc:"))).toEqual([]);
    const assign = find(
      ex,
      `escalation:role-assignment:sp-esc:app-permission:RoleManagement.ReadWrite.Directory:${ROLE.globalAdministrator}`,
    );
    expect(assign).toMatchObject({
      kind: "escalation-role-assignment",
      severity: "critical",
      reach: { syncedUsers: 100 },
    });
    expect(assign.title).not.toMatch(/ 0 synced users/);
    expect(
      find(ex, "escalation:app-credentials:sp-esc:app-permission:Application.ReadWrite.All:sp-role"),
    ).toMatchObject({
      kind: "escalation-app-credentials",
      reach: { syncedUsers: 100 },
    });
    expect(ex.findings.some((f) => f.key.includes("User.Read.All"))).toBe(false);
  });
});

describe("synced privileged accounts", () => {
  it("finds synced holders of reset-capable and other privileged roles, eligible one step lower", () => {
    const b = new SnapshotBuilder()
      .assign(user("pra", { synced: true }), ROLE.privilegedRoleAdministrator, { eligible: true })
      .assign(user("hd", { synced: true }), ROLE.helpdeskAdministrator)
      .assign(user("reader", { synced: true }), ROLE.directoryReaders)
      .assign(user("cloud-ga"), ROLE.globalAdministrator);
    const ex = computeExposure(b.build());
    expect(find(ex, `synced-privileged:pra:${ROLE.privilegedRoleAdministrator}`)).toMatchObject({
      severity: "high",
      assignment: "eligible",
    });
    expect(find(ex, `synced-privileged:hd:${ROLE.helpdeskAdministrator}`)).toMatchObject({
      severity: "high",
      reach: { syncedUsers: 99 },
    });
    expect(ex.findings.some((f) => f.key.startsWith("synced-privileged:reader:"))).toBe(false);
    expect(ex.findings.some((f) => f.key.startsWith("synced-privileged:cloud-ga:"))).toBe(false);
  });
});

describe("unknown sections and potential figures", () => {
  it("writeback unknown: figures computed and labelled potential", () => {
    const b = storyTenant();
    b.resets = [];
    b.lastReset = null;
    const ex = computeExposure(b.build());
    expect(ex.writeback.state).toBe("unknown");
    expect(ex.headline.potential).toBe(true);
    expect(ex.headline.resetPaths).toBeGreaterThan(0);
    expect(find(ex, "writeback").severity).toBe("medium");
  });

  it("writeback off: zero paths, info severity", () => {
    const b = storyTenant();
    b.resets = [];
    b.lastReset = null;
    b.toggle("disable", "2026-11-21T00:00:00Z");
    const ex = computeExposure(b.build());
    expect(ex.headline).toMatchObject({ resetPaths: 0, potential: false });
    expect(ex.findings.filter((f) => f.kind === "reset-path").every((f) => f.severity === "info")).toBe(true);
  });

  it.each([
    "syncedUsers",
    "groupMembers",
    "administrativeUnits",
    "roleAssignments",
    "roleDefinitions",
    "roleEligibilities",
  ] as const)("%s unknown → headline null, not zero", (section) => {
    const ex = computeExposure(storyTenant().markUnknown(section).build());
    expect(ex.headline.resetPaths).toBeNull();
    expect(ex.headline.resetters).toBeNull();
    const cov = ex.coverage.find((c) => c.section === section);
    expect(cov).toMatchObject({ status: "unknown", reason: "forbidden", missingPermission: "Some.Permission" });
  });

  it("path reach is null while a needed section is unknown", () => {
    const ex = computeExposure(storyTenant().markUnknown("groupMembers").build());
    const hd = find(ex, path("hd", ROLE.helpdeskAdministrator));
    expect(hd.reach.syncedUsers).toBeNull();
    expect(hd.detail).toMatchObject({ unknownBecause: ["groupMembers"] });
    // The group cannot be expanded: it stands for its members rather than vanishing.
    expect(find(ex, path("g1", ROLE.userAdministrator)).reach.syncedUsers).toBeNull();
  });

  it("PIM unavailable for lack of P2 counts as no eligibilities", () => {
    const b = storyTenant().markUnknown("roleEligibilities", "licence");
    b.licences = { p1: true, p2: false, premiumSkus: ["AAD_PREMIUM"] };
    const ex = computeExposure(b.build());
    expect(ex.headline.resetters).toBe(4);
  });

  it("syncedUsers unknown: headline syncedUsers null", () => {
    expect(computeExposure(storyTenant().markUnknown("syncedUsers").build()).headline.syncedUsers).toBeNull();
  });
});

describe("stable output", () => {
  function shuffled<T>(xs: T[], seed: number): T[] {
    const out = [...xs];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it("the same tenant with input arrays in another order gives identical findings", () => {
    const a = storyTenant()
      .addUnit("au-a", { syncedMembers: 20 })
      .assign(user("hd-au"), ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-a" })
      .grant(servicePrincipal("sp1"), "User-PasswordProfile.ReadWrite.All")
      .grant(servicePrincipal("sp2"), "User.ReadWrite.All");
    const first = computeExposure(a.build());
    a.active = shuffled(a.active, 7);
    a.eligible = shuffled(a.eligible, 3);
    a.definitions = shuffled(a.definitions, 11);
    a.grants = shuffled(a.grants, 5);
    for (const g of Object.values(a.groups)) g.members = shuffled(g.members, 13);
    const second = computeExposure(a.build());
    expect(second.findings).toEqual(first.findings);
    expect(second.headline).toEqual(first.headline);
    expect(first.findings.length).toBeGreaterThan(8);
  });
});

describe("PIM-eligible resetters", () => {
  it("tenant-wide: at least high while writeback is on (anyone eligible activates at will); AU-scoped: one step lower", () => {
    const b = new SnapshotBuilder()
      .assign(user("hd-eligible"), ROLE.helpdeskAdministrator, { eligible: true })
      .assign(user("paa-eligible"), ROLE.privilegedAuthenticationAdministrator, { eligible: true })
      .assign(user("au-eligible"), ROLE.helpdeskAdministrator, { eligible: true, scope: "/administrativeUnits/au-1" })
      .addUnit("au-1", { syncedMembers: 10 })
      .toggle("enable", "2026-11-01T00:00:00Z");
    const ex = computeExposure(b.build());
    const severity = (id: string, role: string, scope = "/") =>
      find(ex, `reset-path:${id}:${role}:${scope}:eligible`).severity;
    expect(severity("hd-eligible", ROLE.helpdeskAdministrator)).toBe("high");
    expect(severity("paa-eligible", ROLE.privilegedAuthenticationAdministrator)).toBe("high");
    expect(severity("au-eligible", ROLE.helpdeskAdministrator, "/administrativeUnits/au-1")).toBe("low");
  });
});
