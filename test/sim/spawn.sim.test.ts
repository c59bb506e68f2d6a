import { describe, expect, it } from "vitest";
import { DEMO, spawnGraphSimulator } from "../../sim/graph/index.js";
import { graph } from "./http.js";

describe("spawnGraphSimulator (child process)", () => {
  it("serves from another process and answers stats, faults and mutations over /_sim", async () => {
    const sim = await spawnGraphSimulator({ profile: "demo" });
    try {
      expect(sim.pid).not.toBe(process.pid);
      expect((await graph(sim.baseUrl, "/organization?$select=id")).json.value[0].id).toBe(DEMO.tenantId);
      await sim.setFaults([
        {
          match: { section: "organization" },
          effect: { type: "status", status: 429, retryAfterSeconds: 1 },
          when: { first: 1 },
        },
      ]);
      expect((await graph(sim.baseUrl, "/organization")).status).toBe(429);
      const stats = await sim.stats();
      expect(stats.totalRequests).toBe(2);
      expect(stats.perSection.organization).toBe(2);
      expect(stats.faultsInjected).toBe(1);
      expect(stats.bytesSent).toBeGreaterThan(0);
      await sim.resetStats();
      expect((await sim.stats()).totalRequests).toBe(0);
      const result = (await sim.mutate("addSyncedUser", { displayName: "From the parent" })) as { id: string };
      expect((await graph(sim.baseUrl, `/users/${result.id}?$select=displayName`)).json.displayName).toBe(
        "From the parent",
      );
      await sim.setGrantedPermissions([]);
      expect((await graph(sim.baseUrl, "/organization")).status).toBe(403);
    } finally {
      await sim.close();
    }
    await expect(fetch(`${sim.baseUrl}/_sim/stats`)).rejects.toThrow();
  });
});
