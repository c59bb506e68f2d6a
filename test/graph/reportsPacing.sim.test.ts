/**
 * Collections keep to Graph's documented limit for identity and access reports on their own: three
 * audits of one tenant in a row need six report requests (SSPR registration and the audit log,
 * twice the limit's five per 10 seconds would allow at once), and the simulator, which enforces
 * that limit, refuses none of them. Without the gate the same three audits are refused, which is
 * what the gate is for.
 */
import { afterEach, describe, expect, it } from "vitest";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";

const SINCE = new Date(Date.now() - 7 * 86_400_000).toISOString();

describe("the identity and access reports limit", () => {
  let sim: GraphSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function threeAudits(rateLimits: "documented" | "none") {
    sim = await startGraphSimulator({ profile: "demo", throttling: "documented" });
    // No retries: a refused request fails its section at once.
    const graph = createGraphClient({
      graphBaseUrl: sim.baseUrl,
      accessToken: "fake-sim-token",
      maxRetries: 0,
      rateLimits,
    });
    const sections = [];
    for (let i = 0; i < 3; i++) {
      const snapshot = await collectSnapshot(graph, {
        declaredWriteback: "unset",
        auditSince: SINCE,
      });
      sections.push(snapshot.sections.ssprRegistration.status, snapshot.sections.auditEvents.status);
    }
    return { sections, stats: sim.stats() };
  }

  it("is kept: no report request refused, every report section read", async () => {
    const { sections, stats } = await threeAudits("documented");
    expect(stats.perSection.ssprRegistration! + stats.perSection.auditEvents!).toBeGreaterThan(5);
    expect(stats.documentedThrottled).toBe(0);
    expect(sections.every((s) => s === "ok")).toBe(true);
  }, 60_000);

  it("is broken without the gate (the simulator refuses the requests beyond it)", async () => {
    const { sections, stats } = await threeAudits("none");
    expect(stats.documentedThrottled).toBeGreaterThan(0);
    expect(sections.some((s) => s !== "ok")).toBe(true);
  }, 60_000);
});
