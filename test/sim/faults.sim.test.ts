import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_GRANTED_PERMISSIONS, DEMO } from "../../sim/graph/index.js";
import { seededRandom } from "../../sim/graph/faults.js";
import { CE, graph, pageAll } from "./http.js";
import { simulatorForSuite } from "./support.js";

describe("fault injection and permissions", () => {
  const sim = simulatorForSuite({ profile: "demo", timeFactor: 0 });
  beforeEach(() => {
    sim().setFaults([]);
    sim().setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    sim().resetStats();
  });

  it("answers 401 InvalidAuthenticationToken without a bearer token", async () => {
    const r = await graph(sim().baseUrl, "/organization", { headers: { authorization: "" } });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe("InvalidAuthenticationToken");
  });

  it("throttles the first call with 429 + Retry-After, then succeeds", async () => {
    sim().setFaults([
      {
        match: { section: "organization" },
        effect: { type: "status", status: 429, retryAfterSeconds: 1 },
        when: { first: 1 },
      },
    ]);
    const first = await graph(sim().baseUrl, "/organization?$select=id");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("1");
    expect(first.json.error.code).toBe("TooManyRequests");
    const second = await graph(sim().baseUrl, "/organization?$select=id");
    expect(second.status).toBe(200);
    expect(second.json.value[0].id).toBe(DEMO.tenantId);
    expect(sim().stats().faultsInjected).toBe(1);
  });

  it("matches rules by path pattern and fires every Nth call", async () => {
    sim().setFaults([
      {
        match: { path: "/groups/*/transitiveMembers" },
        effect: { type: "status", status: 503, retryAfterSeconds: 2 },
        when: { every: 2 },
      },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await graph(sim().baseUrl, `/groups/${DEMO.roleAssignableGroupId}/transitiveMembers?$top=999`)).status,
      );
    expect(statuses).toEqual([200, 503, 200, 503]);
    expect((await graph(sim().baseUrl, "/organization")).status).toBe(200);
  });

  it("answers 403 Authorization_RequestDenied for a permission that is not granted", async () => {
    // userRegistrationDetails also accepts UserAuthenticationMethod.Read.All (its documented alternative).
    const withheld = ["AuditLog.Read.All", "UserAuthenticationMethod.Read.All"];
    sim().setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => !withheld.includes(p)));
    const r = await graph(sim().baseUrl, "/auditLogs/directoryAudits?$top=10");
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    expect((await graph(sim().baseUrl, "/reports/authenticationMethods/userRegistrationDetails")).status).toBe(403);
    expect((await graph(sim().baseUrl, "/organization")).status).toBe(200);
  });

  it("requires AppRoleAssignment.ReadWrite.All to grant an app role, and grants once", async () => {
    const body = {
      principalId: DEMO.reportingAppSpId,
      resourceId: DEMO.graphSpId,
      appRoleId: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
    };
    sim().setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== "AppRoleAssignment.ReadWrite.All"));
    expect(
      (
        await graph(sim().baseUrl, `/servicePrincipals/${DEMO.reportingAppSpId}/appRoleAssignments`, {
          method: "POST",
          body,
        })
      ).status,
    ).toBe(403);
    sim().setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    const created = await graph(sim().baseUrl, `/servicePrincipals/${DEMO.reportingAppSpId}/appRoleAssignments`, {
      method: "POST",
      body,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      principalId: DEMO.reportingAppSpId,
      appRoleId: body.appRoleId,
      resourceId: DEMO.graphSpId,
    });
    const again = await graph(sim().baseUrl, `/servicePrincipals/${DEMO.reportingAppSpId}/appRoleAssignments`, {
      method: "POST",
      body,
    });
    expect(again.status).toBe(400);
    const list = await graph(sim().baseUrl, `/servicePrincipals/${DEMO.reportingAppSpId}/appRoleAssignments`);
    expect(list.json.value.filter((a: { appRoleId: string }) => a.appRoleId === body.appRoleId)).toHaveLength(1);
    const bySp = await graph(
      sim().baseUrl,
      `/servicePrincipals?$filter=appId eq '${DEMO.hrAppId}'&$select=id,appId,displayName`,
    );
    expect(bySp.json.value).toEqual([{ id: DEMO.hrAppSpId, appId: DEMO.hrAppId, displayName: "HR Sync Connector" }]);
  });

  it("serves a truncated page that still links to the rest, losing nothing", async () => {
    sim().setFaults([
      { match: { section: "syncedUsers", path: "/users" }, effect: { type: "truncate", keep: 2 }, when: { first: 1 } },
    ]);
    const all = await pageAll(
      sim().baseUrl,
      "/users?$filter=onPremisesSyncEnabled eq true&$select=id&$top=10&$count=true",
      CE,
    );
    expect(all.pageSizes[0]).toBe(2);
    expect(all.items).toHaveLength(DEMO.expected.syncedUsers);
    expect(new Set(all.items.map((u) => u.id)).size).toBe(DEMO.expected.syncedUsers);
  });

  it("resets the connection", async () => {
    sim().setFaults([{ match: { section: "licences" }, effect: { type: "reset" }, when: { first: 1 } }]);
    await expect(
      fetch(`${sim().baseUrl}/v1.0/subscribedSkus`, { headers: { authorization: "Bearer x" } }),
    ).rejects.toThrow();
    expect((await graph(sim().baseUrl, "/subscribedSkus")).status).toBe(200);
  });

  it("counts latency faults (scaled by timeFactor)", async () => {
    sim().setFaults([{ match: { section: "organization" }, effect: { type: "latency", ms: 10_000 } }]);
    // timeFactor 0 scales the 10 s away; the fault is still counted.
    expect((await graph(sim().baseUrl, "/organization")).status).toBe(200);
    expect(sim().stats().faultsByType.latency).toBe(1);
  });

  it("fires probabilistic faults from a seeded RNG: the same seed gives the same schedule", async () => {
    const run = async () => {
      sim().setFaults([
        {
          match: { section: "organization" },
          effect: { type: "status", status: 429, retryAfterSeconds: 1 },
          when: { probability: 0.3, seed: 42 },
        },
      ]);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await graph(sim().baseUrl, "/organization?$select=id")).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const throttled = a.filter((s) => s === 429).length;
    const rng = seededRandom(42);
    const expected = Array.from({ length: 30 }, () => rng() < 0.3).filter(Boolean).length;
    expect(throttled).toBe(expected);
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThan(30);
  });
});
