import { describe, expect, it } from "vitest";
import { DEMO } from "../../sim/graph/index.js";
import { CE, graph, pageAll } from "./http.js";
import { simulatorForSuite } from "./support.js";

describe("paging, $select, $top and $count", () => {
  const sim = simulatorForSuite({ profile: "demo" });

  it("pages synced users with $top and absolute nextLinks carrying an opaque $skiptoken", async () => {
    const first = await graph(
      sim().baseUrl,
      "/users?$filter=onPremisesSyncEnabled eq true&$select=id,userPrincipalName&$top=5&$count=true",
      { headers: CE },
    );
    expect(first.json["@odata.count"]).toBe(DEMO.expected.syncedUsers);
    const next = first.json["@odata.nextLink"] as string;
    expect(next.startsWith(`${sim().baseUrl}/v1.0/users?`)).toBe(true);
    expect(next).toMatch(/\$skiptoken=[A-Za-z0-9_-]+/);
    const all = await pageAll(
      sim().baseUrl,
      "/users?$filter=onPremisesSyncEnabled eq true&$select=id,userPrincipalName&$top=5&$count=true",
      CE,
    );
    expect(all.pages).toBe(Math.ceil(DEMO.expected.syncedUsers / 5));
    expect(new Set(all.items.map((u) => u.id)).size).toBe(DEMO.expected.syncedUsers);
    expect(all.pageSizes.slice(0, -1).every((n) => n === 5)).toBe(true);
  });

  it("returns only the selected properties plus id, and rejects unknown ones", async () => {
    const r = await graph(
      sim().baseUrl,
      `/users/${DEMO.helpdeskSyncedUserId}?$select=userPrincipalName,onPremisesSyncEnabled`,
    );
    expect(
      Object.keys(r.json)
        .filter((k) => !k.startsWith("@"))
        .sort(),
    ).toEqual(["id", "onPremisesSyncEnabled", "userPrincipalName"]);
    expect(r.json.onPremisesSyncEnabled).toBe(true);
    const bad = await graph(sim().baseUrl, "/users?$select=id,favouriteColour");
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("favouriteColour");
  });

  it("omits onPremisesSyncEnabled without $select, as Graph's default user properties do", async () => {
    const r = await graph(sim().baseUrl, "/users?$top=1");
    expect(r.json.value[0]).toHaveProperty("userPrincipalName");
    expect(r.json.value[0]).not.toHaveProperty("onPremisesSyncEnabled");
  });

  it("rejects $top above the route maximum and $top/$select on userRegistrationDetails", async () => {
    const tooBig = await graph(sim().baseUrl, "/users?$top=1000");
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.message).toContain("Invalid page size");
    expect((await graph(sim().baseUrl, "/reports/authenticationMethods/userRegistrationDetails?$top=10")).status).toBe(
      400,
    );
    expect(
      (await graph(sim().baseUrl, "/reports/authenticationMethods/userRegistrationDetails?$select=id")).status,
    ).toBe(400);
    expect((await graph(sim().baseUrl, "/roleManagement/directory/roleAssignments?$top=5")).status).toBe(400);
  });

  it("serves /$count as text/plain only with ConsistencyLevel: eventual", async () => {
    const ok = await graph(sim().baseUrl, "/users/$count", { headers: CE });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
    expect(ok.text).toBe(String(DEMO.expected.users));
    const missing = await graph(sim().baseUrl, "/users/$count");
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({
      code: "Request_BadRequest",
      message: "$count is not currently supported.",
    });
    const countTrue = await graph(sim().baseUrl, "/users?$count=true");
    expect(countTrue.status).toBe(400);
  });

  it("counts synced members of an administrative unit through the user cast", async () => {
    const c = await graph(
      sim().baseUrl,
      `/directory/administrativeUnits/${DEMO.branchAuId}/members/microsoft.graph.user/$count?$filter=onPremisesSyncEnabled eq true`,
      { headers: CE },
    );
    expect(c.text).toBe(String(DEMO.expected.branchAuSyncedMembers));
    const sample = await graph(
      sim().baseUrl,
      `/directory/administrativeUnits/${DEMO.branchAuId}/members/microsoft.graph.user?$filter=onPremisesSyncEnabled eq true&$count=true`,
      { headers: CE },
    );
    expect(sample.json["@odata.count"]).toBe(DEMO.expected.branchAuSyncedMembers);
    expect(sample.json.value).toHaveLength(DEMO.expected.branchAuSyncedMembers);
    expect(sample.json.value[0]["@odata.type"]).toBe("#microsoft.graph.user");
    // Filtering a relationship without the header is an advanced query Graph refuses.
    const noCe = await graph(
      sim().baseUrl,
      `/directory/administrativeUnits/${DEMO.branchAuId}/members/microsoft.graph.user?$filter=onPremisesSyncEnabled eq true`,
    );
    expect(noCe.status).toBe(400);
  });

  it("expands role assignment principals with @odata.type and Graph's default properties only", async () => {
    const r = await graph(sim().baseUrl, "/roleManagement/directory/roleAssignments?$expand=principal");
    expect(r.json["@odata.context"]).toContain("(principal())");
    const hank = r.json.value.find((a: { principalId: string }) => a.principalId === DEMO.helpdeskSyncedUserId);
    // rbacapplication-list-roleassignments: no userPrincipalName, no onPremisesSyncEnabled.
    expect(Object.keys(hank.principal).sort()).toEqual(
      ["@odata.type", "accountEnabled", "displayName", "id", "mail", "userType"].sort(),
    );
    const sp = r.json.value.find((a: { principalId: string }) => a.principalId === DEMO.hrAppSpId);
    expect(sp.principal).toEqual({ "@odata.type": "#microsoft.graph.servicePrincipal", id: DEMO.hrAppSpId });
    // No $select inside the $expand is documented.
    expect(
      (await graph(sim().baseUrl, "/roleManagement/directory/roleAssignments?$expand=principal($select=id)")).status,
    ).toBe(400);
    expect(
      (await graph(sim().baseUrl, "/roleManagement/directory/roleAssignments?$expand=roleDefinition")).status,
    ).toBe(400);
  });

  it("answers servicePrincipals(appId='…') key syntax and the appRoleAssignedTo list", async () => {
    const sp = await graph(
      sim().baseUrl,
      "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id,appRoles",
    );
    expect(sp.json.id).toBe(DEMO.graphSpId);
    const roles = sp.json.appRoles as { id: string; value: string }[];
    expect(roles.find((r) => r.value === "User-PasswordProfile.ReadWrite.All")?.id).toBe(
      "cc117bb9-00cf-4eb8-b580-ea2a878fe8f7",
    );
    const grants = await pageAll(
      sim().baseUrl,
      "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')/appRoleAssignedTo?$top=999",
    );
    expect(
      grants.items.some((g) => g.principalId === DEMO.hrAppSpId && g.appRoleId === DEMO.userPasswordProfileAppRoleId),
    ).toBe(true);
  });
});
