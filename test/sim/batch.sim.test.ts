import { describe, expect, it } from "vitest";
import { DEMO } from "../../sim/graph/index.js";
import { graph } from "./http.js";
import { simulatorForSuite } from "./support.js";

const item = (id: string, url: string, headers?: Record<string, string>) => ({
  id,
  method: "GET",
  url,
  ...(headers ? { headers } : {}),
});

describe("$batch", () => {
  const sim = simulatorForSuite({ profile: "demo" });

  it("accepts 20 requests and refuses 21", async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => item(String(i), "/organization?$select=id"));
    const ok = await graph(sim().baseUrl, "/$batch", { method: "POST", body: { requests: twenty } });
    expect(ok.status).toBe(200);
    expect(ok.json.responses).toHaveLength(20);
    expect(ok.json.responses.every((r: { status: number }) => r.status === 200)).toBe(true);
    const tooMany = await graph(sim().baseUrl, "/$batch", {
      method: "POST",
      body: { requests: [...twenty, item("20", "/organization")] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toContain("20");
  });

  it("refuses duplicate ids and absolute urls", async () => {
    const dup = await graph(sim().baseUrl, "/$batch", {
      method: "POST",
      body: { requests: [item("1", "/organization"), item("1", "/users")] },
    });
    expect(dup.status).toBe(400);
    const abs = await graph(sim().baseUrl, "/$batch", {
      method: "POST",
      body: { requests: [item("1", "https://graph.microsoft.com/v1.0/users")] },
    });
    expect(abs.status).toBe(400);
  });

  it("applies per-item headers (ConsistencyLevel) and returns per-item status, $count bodies and absolute nextLinks", async () => {
    const r = await graph(sim().baseUrl, "/$batch", {
      method: "POST",
      body: {
        requests: [
          item(
            "count-ok",
            `/directory/administrativeUnits/${DEMO.branchAuId}/members/microsoft.graph.user/$count?$filter=onPremisesSyncEnabled eq true`,
            { ConsistencyLevel: "eventual" },
          ),
          item("count-no-ce", "/users/$count"),
          item("page", `/groups/${DEMO.ssprPilotGroupId}/transitiveMembers?$select=id,onPremisesSyncEnabled&$top=3`),
          item("missing", "/users/00000000-0000-0000-0000-000000000000"),
        ],
      },
    });
    const byId = Object.fromEntries(r.json.responses.map((x: { id: string }) => [x.id, x]));
    expect(byId["count-ok"].status).toBe(200);
    expect(byId["count-ok"].body).toBe(String(DEMO.expected.branchAuSyncedMembers));
    expect(byId["count-ok"].headers["Content-Type"]).toContain("text/plain");
    expect(byId["count-no-ce"].status).toBe(400);
    expect(byId.page.status).toBe(200);
    expect(byId.page.body.value).toHaveLength(3);
    expect(byId.page.body["@odata.nextLink"]).toMatch(new RegExp(`^${sim().baseUrl}/v1\\.0/groups/`));
    expect(byId.missing.status).toBe(404);
    expect(byId.missing.body.error.code).toBe("Request_ResourceNotFound");
    const stats = sim().stats();
    expect(stats.batchedItems).toBeGreaterThanOrEqual(4);
  });

  it("throttles a single item with 429 and a Retry-After header on that item", async () => {
    sim().setFaults([
      {
        match: { section: "users" },
        effect: { type: "status", status: 429, retryAfterSeconds: 3 },
        when: { first: 1 },
      },
    ]);
    try {
      const body = {
        requests: [
          item("a", `/users/${DEMO.syncedGlobalAdminId}?$select=id`),
          item("b", `/users/${DEMO.cloudGlobalAdminId}?$select=id`),
          item("c", "/organization?$select=id"),
        ],
      };
      const r = await graph(sim().baseUrl, "/$batch", { method: "POST", body });
      expect(r.status).toBe(200);
      const byId = Object.fromEntries(r.json.responses.map((x: { id: string }) => [x.id, x]));
      expect(byId.a.status).toBe(429);
      expect(byId.a.headers["Retry-After"]).toBe("3");
      expect(byId.a.body.error.code).toBe("TooManyRequests");
      expect(byId.b.status).toBe(200);
      expect(byId.c.status).toBe(200);
      // Retrying the throttled item alone now succeeds.
      const retry = await graph(sim().baseUrl, "/$batch", { method: "POST", body: { requests: [body.requests[0]] } });
      expect(retry.json.responses[0].status).toBe(200);
      expect(sim().stats().faultsByType.status429).toBe(1);
    } finally {
      sim().setFaults([]);
    }
  });

  it("fails items that depend on a failed item with 424", async () => {
    const r = await graph(sim().baseUrl, "/$batch", {
      method: "POST",
      body: { requests: [item("1", "/users/not-a-user"), { ...item("2", "/organization"), dependsOn: ["1"] }] },
    });
    const two = r.json.responses.find((x: { id: string }) => x.id === "2");
    expect(two.status).toBe(424);
  });
});
