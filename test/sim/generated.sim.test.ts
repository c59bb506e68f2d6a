import { afterAll, describe, expect, it } from "vitest";
import { generatedExpectations, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { generatedTenant } from "../../sim/graph/profiles/generated.js";
import { CE, graph, pageAll } from "./http.js";

const started: GraphSimulator[] = [];
async function start(profile: Parameters<typeof startGraphSimulator>[0]["profile"]) {
  const sim = await startGraphSimulator({ profile });
  started.push(sim);
  return sim;
}
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

const STRUCTURE = [
  "/roleManagement/directory/roleAssignments",
  "/roleManagement/directory/roleEligibilityScheduleInstances",
  "/directory/administrativeUnits",
  "/groups?$top=999",
  "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')/appRoleAssignedTo?$top=999",
];

/** Fixed so two tenants built a few ms apart are identical (audit events are relative to `now`). */
const now = Date.UTC(2026, 5, 1);

describe("generated tenants", () => {
  it("are deterministic from the seed", async () => {
    const a = await start({ seed: 11, users: 2000, now });
    const b = await start({ seed: 11, users: 2000, now });
    const c = await start({ seed: 12, users: 2000, now });
    for (const path of [...STRUCTURE, "/users?$select=id,displayName,onPremisesSyncEnabled&$top=50"]) {
      const [ra, rb] = await Promise.all([graph(a.baseUrl, path), graph(b.baseUrl, path)]);
      expect(ra.json.value, path).toEqual(rb.json.value);
    }
    const [ua, uc] = await Promise.all([
      graph(a.baseUrl, "/users?$select=id&$top=5"),
      graph(c.baseUrl, "/users?$select=id&$top=5"),
    ]);
    expect(ua.json.value).not.toEqual(uc.json.value);
  });

  it("keep the administrative structure whatever the user count", async () => {
    const small = await start({ seed: 5, users: 500, now });
    const big = await start({ seed: 5, users: 50_000, now });
    for (const path of STRUCTURE) {
      const [rs, rb] = await Promise.all([graph(small.baseUrl, path), graph(big.baseUrl, path)]);
      expect(rs.json.value, path).toEqual(rb.json.value);
    }
    const au = (await graph(big.baseUrl, "/directory/administrativeUnits")).json.value[0].id;
    const [cs, cb] = await Promise.all([
      graph(small.baseUrl, `/directory/administrativeUnits/${au}/members/$count`, { headers: CE }),
      graph(big.baseUrl, `/directory/administrativeUnits/${au}/members/$count`, { headers: CE }),
    ]);
    expect(cs.text).toBe("25");
    expect(cb.text).toBe("25");
  });

  it("builds the benchmark's special tenant: a 20,000-member role-assignable group and 500 AU-scoped admins", async () => {
    const sim = await start({ seed: "bench", users: 30_000, raGroupMembers: 20_000, auScopedAdmins: 500 });
    const groups = await graph(sim.baseUrl, "/groups?$filter=isAssignableToRole eq true&$select=id&$count=true", {
      headers: CE,
    });
    const gid = groups.json.value[0].id;
    const members = await graph(sim.baseUrl, `/groups/${gid}/transitiveMembers/$count`, { headers: CE });
    expect(members.text).toBe("20000");
    const assignments = await pageAll(sim.baseUrl, "/roleManagement/directory/roleAssignments");
    expect(assignments.items.filter((a) => a.directoryScopeId.startsWith("/administrativeUnits/"))).toHaveLength(500);
  });

  it("serve a 1,000,000-user tenant without materialising it", async () => {
    const before = process.memoryUsage().heapUsed;
    const opts = { seed: "million", users: 1_000_000, syncedShare: 0.01 };
    const sim = await start(opts);
    const expected = generatedExpectations(opts);
    expect((await graph(sim.baseUrl, "/users/$count", { headers: CE })).text).toBe("1000000");
    const synced = await pageAll(
      sim.baseUrl,
      "/users?$filter=onPremisesSyncEnabled eq true&$select=id,userPrincipalName&$top=999&$count=true",
      CE,
    );
    expect(expected.syncedUsers).toBe(10_000);
    expect(synced.items).toHaveLength(expected.syncedUsers);
    expect(synced.pages).toBe(Math.ceil(10_000 / 999));
    expect(new Set(synced.items.map((u) => u.id)).size).toBe(10_000);
    // The last user of the tenant is addressable by id.
    const lastId = synced.items.at(-1)!.id as string;
    const last = await graph(sim.baseUrl, `/users/${lastId}?$select=id,onPremisesSyncEnabled`);
    expect(last.json.onPremisesSyncEnabled).toBe(true);
    // A million materialised users would need hundreds of MB; the tenant itself needs a few.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(150 * 1024 * 1024);
  });

  it("derive SSPR enablement from the index and agree with generatedExpectations", async () => {
    const opts = { seed: 3, users: 3000 };
    const sim = await start(opts);
    const expected = generatedExpectations(opts);
    const enabled = await pageAll(
      sim.baseUrl,
      "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true",
    );
    expect(enabled.items).toHaveLength(expected.ssprEnabledUsers);
    const synced = await pageAll(
      sim.baseUrl,
      "/users?$filter=onPremisesSyncEnabled eq true&$select=id&$top=999&$count=true",
      CE,
    );
    const syncedIds = new Set(synced.items.map((u) => u.id));
    expect(synced.items).toHaveLength(expected.syncedUsers);
    expect(enabled.items.filter((d) => syncedIds.has(d.id))).toHaveLength(expected.ssprEnabledSyncedUsers);
  });

  it("refuse a user count too small for the administrative structure, naming what to change", () => {
    expect(() => generatedTenant({ seed: 1, users: 50 })).toThrowError(/at least \d+ users.*raise users/);
  });
});
