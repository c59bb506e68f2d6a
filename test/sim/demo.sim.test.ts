import { describe, expect, it } from "vitest";
import { DEMO, PASSWORD_UPDATE_ACTION, ROLE } from "../../sim/graph/index.js";
import { CE, graph, pageAll } from "./http.js";
import { simulatorForSuite } from "./support.js";

describe("demo tenant story", () => {
  const sim = simulatorForSuite({ profile: "demo" });

  it("proves writeback on in the audit log while the reported flag says false", async () => {
    const sync = await graph(sim().baseUrl, "/directory/onPremisesSynchronization");
    expect(sync.json.value[0].features.passwordWritebackEnabled).toBe(false);
    const toggles = await graph(
      sim().baseUrl,
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent("loggedByService eq 'Self-service Password Management' and startswith(activityDisplayName,'Enable password writeback')")}&$top=999`,
    );
    expect(toggles.json.value).toHaveLength(1);
    expect(toggles.json.value[0]).toMatchObject({
      id: DEMO.auditEnableWritebackId,
      category: "DirectoryManagement",
      result: "success",
    });
    const resets = await graph(
      sim().baseUrl,
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Reset password (by admin)'")}&$top=999`,
    );
    const targets = resets.json.value.map((e: { targetResources: { id: string }[] }) => e.targetResources[0]!.id);
    for (const id of DEMO.resetSyncedUserIds) expect(targets).toContain(id);
    const org = await graph(sim().baseUrl, "/organization?$select=id,onPremisesLastPasswordSyncDateTime", {
      version: "beta",
    });
    expect(org.json.value[0].onPremisesLastPasswordSyncDateTime).toBeTruthy();
  });

  it("enables SSPR for the synced pilot group only", async () => {
    const enabled = await pageAll(
      sim().baseUrl,
      "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true",
    );
    expect(enabled.items).toHaveLength(DEMO.expected.ssprEnabledUsers);
    const synced = await pageAll(
      sim().baseUrl,
      "/users?$filter=onPremisesSyncEnabled eq true&$select=id&$top=999&$count=true",
      CE,
    );
    const syncedIds = new Set(synced.items.map((u) => u.id));
    expect(enabled.items.every((d) => syncedIds.has(d.id))).toBe(true);
    expect(enabled.items.filter((d) => d.isSsprRegistered)).toHaveLength(
      DEMO.expected.ssprRegisteredSsprEnabledSyncedUsers,
    );
    const policy = await graph(sim().baseUrl, "/policies/authorizationPolicy");
    expect(policy.json).toMatchObject({ id: "authorizationPolicy", allowedToUseSSPR: true });
  });

  it("has every reset path of the story in role assignments and eligibilities", async () => {
    const active = (await pageAll(sim().baseUrl, "/roleManagement/directory/roleAssignments?$expand=principal")).items;
    expect(active).toHaveLength(DEMO.expected.activeRoleAssignments);
    const has = (principalId: string, role: string, scope = "/") =>
      active.some((a) => a.principalId === principalId && a.roleDefinitionId === role && a.directoryScopeId === scope);
    expect(has(DEMO.helpdeskSyncedUserId, ROLE.helpdeskAdministrator)).toBe(true);
    expect(has(DEMO.syncedGlobalAdminId, ROLE.globalAdministrator)).toBe(true);
    expect(has(DEMO.cloudGlobalAdminId, ROLE.globalAdministrator)).toBe(true);
    expect(has(DEMO.roleAssignableGroupId, ROLE.userAdministrator)).toBe(true);
    expect(has(DEMO.hrAppSpId, ROLE.userAdministrator)).toBe(true);
    expect(has(DEMO.customRoleHolderId, DEMO.customRoleId)).toBe(true);
    expect(has(DEMO.auScopedAdminId, ROLE.passwordAdministrator, `/administrativeUnits/${DEMO.branchAuId}`)).toBe(true);
    // Expanded principals carry Graph's default properties only (rbacapplication-list-roleassignments).
    const group = active.find((a) => a.principalId === DEMO.roleAssignableGroupId);
    expect(group.principal).toEqual({ "@odata.type": "#microsoft.graph.group", id: DEMO.roleAssignableGroupId });

    const eligible = (
      await pageAll(sim().baseUrl, "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal")
    ).items;
    expect(eligible.find((e) => e.principalId === DEMO.pimEligiblePaaUserId)).toMatchObject({
      roleDefinitionId: ROLE.privilegedAuthenticationAdministrator,
      endDateTime: null,
    });
  });

  it("defines a custom role without a password-reset action (none exists for custom roles) and real built-in template ids", async () => {
    const defs = (await graph(sim().baseUrl, "/roleManagement/directory/roleDefinitions")).json.value;
    const custom = defs.find((d: { id: string }) => d.id === DEMO.customRoleId);
    expect(custom.isBuiltIn).toBe(false);
    // custom-user-permissions.md offers custom roles no password-reset action.
    expect(custom.rolePermissions[0].allowedResourceActions).not.toContain(PASSWORD_UPDATE_ACTION);
    const helpdesk = defs.find((d: { templateId: string }) => d.templateId === "729827e3-9c14-49f7-bb1b-9608f156bbb8");
    expect(helpdesk.displayName).toBe("Helpdesk Administrator");
    expect(helpdesk.rolePermissions[0].allowedResourceActions).toContain(PASSWORD_UPDATE_ACTION);
    const reader = defs.find((d: { templateId: string }) => d.templateId === ROLE.globalReader);
    expect(reader.rolePermissions[0].allowedResourceActions).not.toContain(PASSWORD_UPDATE_ACTION);
  });

  it("expands the role-assignable group transitively", async () => {
    const members = (
      await pageAll(
        sim().baseUrl,
        `/groups/${DEMO.roleAssignableGroupId}/transitiveMembers?$select=id,displayName,userPrincipalName,onPremisesSyncEnabled,accountEnabled,appId&$top=999`,
      )
    ).items;
    expect(members).toHaveLength(DEMO.expected.roleAssignableGroupTransitiveMembers);
    expect(members.find((m) => m.id === DEMO.users.nora)).toMatchObject({
      "@odata.type": "#microsoft.graph.user",
      onPremisesSyncEnabled: true,
    });
    const users = (
      await pageAll(
        sim().baseUrl,
        `/groups/${DEMO.roleAssignableGroupId}/transitiveMembers/microsoft.graph.user?$select=id,mail,userPrincipalName&$top=999&$count=true`,
        CE,
      )
    ).items;
    expect(users).toHaveLength(DEMO.expected.roleAssignableGroupUsers);
  });

  it("has a scoping AU with synced members, a restricted-management AU, and AU membership per user", async () => {
    const aus = (
      await graph(sim().baseUrl, "/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted")
    ).json.value;
    expect(aus).toHaveLength(DEMO.expected.administrativeUnits);
    expect(aus.find((a: { id: string }) => a.id === DEMO.restrictedAuId).isMemberManagementRestricted).toBe(true);
    const restricted = await graph(
      sim().baseUrl,
      `/directory/administrativeUnits/${DEMO.restrictedAuId}/members/microsoft.graph.user?$count=true`,
      { headers: CE },
    );
    expect(restricted.json.value).toHaveLength(DEMO.expected.restrictedAuMembers);
    expect(restricted.json.value.map((m: { id: string }) => m.id)).toContain(DEMO.users.erin);
  });

  it("has an application holding User-PasswordProfile.ReadWrite.All, and P2 licences", async () => {
    const grants = (
      await graph(
        sim().baseUrl,
        "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')/appRoleAssignedTo?$top=999",
      )
    ).json.value;
    expect(
      grants.find(
        (g: { principalId: string; appRoleId: string }) =>
          g.principalId === DEMO.hrAppSpId && g.appRoleId === "cc117bb9-00cf-4eb8-b580-ea2a878fe8f7",
      ),
    ).toBeTruthy();
    const sp = await graph(sim().baseUrl, `/servicePrincipals/${DEMO.hrAppSpId}?$select=id,appId,displayName`);
    expect(sp.json).toMatchObject({ id: DEMO.hrAppSpId, appId: DEMO.hrAppId, displayName: "HR Sync Connector" });
    const skus = (
      await graph(
        sim().baseUrl,
        "/subscribedSkus?$select=skuId,skuPartNumber,capabilityStatus,prepaidUnits,servicePlans",
      )
    ).json.value;
    expect(
      skus.some((s: { servicePlans: { servicePlanName: string }[] }) =>
        s.servicePlans.some((p) => p.servicePlanName === "AAD_PREMIUM_P2"),
      ),
    ).toBe(true);
  });

  it("passes hostile display names through JSON intact", async () => {
    const users = (await pageAll(sim().baseUrl, "/users?$select=id,displayName&$top=999")).items;
    const names = users.map((u) => u.displayName as string);
    expect(names).toContain("<script>alert(1)</script>");
    expect(names).toContain(`O'Brien "Bob" Branch`);
    expect(names).toContain("🦄 Una Unicorn");
    expect(names.some((n) => n.includes("\u202E"))).toBe(true);
    expect(users).toHaveLength(DEMO.expected.users);
  });
});
