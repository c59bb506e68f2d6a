import { describe, expect, it } from "vitest";
import { DEMO, ROLE, type GraphSimulator } from "../../sim/graph/index.js";
import { CE, graph, pageAll } from "./http.js";
import { simulatorForSuite } from "./support.js";

const control = (sim: GraphSimulator, name: string, args: unknown) =>
  fetch(`${sim.baseUrl}/_sim/mutations/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(args),
  });

describe("mutations change later responses", () => {
  const sim = simulatorForSuite({ profile: "demo" });

  it("adds and removes a role assignment", async () => {
    const target = DEMO.users.tara!;
    const before = (
      await graph(sim().baseUrl, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${target}'`)
    ).json.value;
    expect(before).toHaveLength(0);
    const { id } = sim().mutate.addRoleAssignment(target, ROLE.helpdeskAdministrator);
    const after = (
      await graph(sim().baseUrl, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${target}'`)
    ).json.value;
    expect(after).toEqual([
      expect.objectContaining({ id, roleDefinitionId: ROLE.helpdeskAdministrator, directoryScopeId: "/" }),
    ]);
    expect(sim().mutate.removeRoleAssignment(id).removed).toBe(1);
    expect(
      (await graph(sim().baseUrl, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${target}'`)).json
        .value,
    ).toHaveLength(0);
  });

  it("appends writeback toggles to the audit log with activityDateTime now", async () => {
    const startedAt = Date.now();
    const { auditId } = sim().mutate.disableWriteback();
    const newest = (
      await graph(
        sim().baseUrl,
        `/auditLogs/directoryAudits?$filter=${encodeURIComponent("loggedByService eq 'Self-service Password Management'")}&$top=1`,
      )
    ).json.value[0];
    expect(newest).toMatchObject({ id: auditId, activityDisplayName: "Disable password writeback for directory" });
    expect(Date.parse(newest.activityDateTime)).toBeGreaterThanOrEqual(startedAt - 1000);
  });

  it("widens SSPR to all users and narrows it to none", async () => {
    const ssprEnabled = async () =>
      (
        await pageAll(
          sim().baseUrl,
          "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true",
        )
      ).items;
    sim().mutate.setSsprScope("all");
    expect(await ssprEnabled()).toHaveLength(sim().tenant.users.count);
    sim().mutate.setSsprScope("none");
    expect(await ssprEnabled()).toHaveLength(0);
    sim().mutate.setSsprScope("selected");
  });

  it("adds a synced user, a group member, an app permission, a reset and a rename", async () => {
    const countBefore = Number(
      (await graph(sim().baseUrl, "/users/$count?$filter=onPremisesSyncEnabled eq true", { headers: CE })).text,
    );
    const { id: userId } = sim().mutate.addSyncedUser(`New "<b>synced</b>" user`);
    expect(
      Number((await graph(sim().baseUrl, "/users/$count?$filter=onPremisesSyncEnabled eq true", { headers: CE })).text),
    ).toBe(countBefore + 1);

    sim().mutate.addGroupMember(DEMO.roleAssignableGroupId, userId);
    const members = (
      await pageAll(sim().baseUrl, `/groups/${DEMO.roleAssignableGroupId}/transitiveMembers?$select=id&$top=999`)
    ).items;
    expect(members.map((m) => m.id)).toContain(userId);

    sim().mutate.grantAppPermission(DEMO.reportingAppSpId, "Directory.ReadWrite.All");
    const grants = (await graph(sim().baseUrl, `/servicePrincipals/${DEMO.reportingAppSpId}/appRoleAssignments`)).json
      .value;
    expect(grants.map((g: { appRoleId: string }) => g.appRoleId)).toContain("19dbc75e-c2e2-444c-a770-ec69d8559fc7");

    sim().mutate.addPasswordReset(userId, DEMO.helpdeskSyncedUserId);
    const newest = (await graph(sim().baseUrl, "/auditLogs/directoryAudits?$top=1")).json.value[0];
    expect(newest.targetResources[0].id).toBe(userId);
    expect(newest.initiatedBy.user.id).toBe(DEMO.helpdeskSyncedUserId);

    sim().mutate.setDisplayName(DEMO.users.ben!, "Ben ‮Renamed");
    expect((await graph(sim().baseUrl, `/users/${DEMO.users.ben}?$select=displayName`)).json.displayName).toBe(
      "Ben ‮Renamed",
    );
  });

  it("runs mutations over HTTP, including the escalation scenario", async () => {
    const res = await control(sim(), "escalation", {});
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { userId: string; assignmentId: string } };
    const user = await graph(sim().baseUrl, `/users/${result.userId}?$select=id,onPremisesSyncEnabled`);
    expect(user.json.onPremisesSyncEnabled).toBe(true);
    const roles = (
      await graph(sim().baseUrl, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${result.userId}'`)
    ).json.value;
    expect(roles[0].roleDefinitionId).toBe(ROLE.helpdeskAdministrator);
    expect(sim().tenant.sspr.scope).toBe("all");

    const named = await control(sim(), "addRoleEligibility", {
      principalId: DEMO.users.pia,
      roleTemplateId: ROLE.passwordAdministrator,
    });
    expect(named.status).toBe(200);
    const elig = (
      await graph(
        sim().baseUrl,
        `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${DEMO.users.pia}'`,
      )
    ).json.value;
    expect(elig).toHaveLength(1);

    const bad = await control(sim(), "addRoleAssignment", {
      principalId: "nobody",
      roleTemplateId: ROLE.helpdeskAdministrator,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("No principal");
    expect((await control(sim(), "launchMissiles", {})).status).toBe(400);
  });
});
