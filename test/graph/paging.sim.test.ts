/**
 * Paging that cannot loop or double count, against the simulator's broken-nextLink faults: a link
 * that repeats forever and a replayed first page make their section unknown with the reason, and
 * overlapping pages (the same users twice, none missing) still count each user once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generatedExpectations, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import type { FaultRule } from "../../sim/graph/faults.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { collectSsprRegistration } from "../../shared/graph/collectors/ssprRegistration.js";
import { collectSyncedUsers } from "../../shared/graph/collectors/syncedUsers.js";
import type { GraphClient } from "../../shared/graph/GraphClient.js";
import { graphFor } from "./simulatorClient.js";

// 1,503 users, every third SSPR-enabled: 501 SSPR-enabled users, as in the fault-injection probe.
const TENANT = { seed: "paging", users: 1503, ssprScope: "selected" as const };
const EXPECTED = generatedExpectations(TENANT);
const SSPR = "ssprRegistration";
/** Pages of 300, so that the 501 rows span two pages. */
const SHORT_PAGES: FaultRule = { match: { section: SSPR }, effect: { type: "truncate", keep: 300 } };

let sim: GraphSimulator;
let graph: GraphClient;

beforeAll(async () => {
  sim = await startGraphSimulator({ profile: TENANT, timeFactor: 0 });
  graph = graphFor(sim.baseUrl, 0);
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  sim.setFaults([]);
  sim.resetStats();
});

async function sspr() {
  const synced = await collectSyncedUsers(graph);
  sim.resetStats();
  // A safety net for a client that loops: never reached when paging stops as it should.
  const section = await collectSsprRegistration(graph, {
    syncedIds: synced.syncedIds,
    abortSignal: AbortSignal.timeout(20_000),
  });
  return { section, requests: sim.stats().perSection[SSPR] ?? 0 };
}

describe("SSPR registration paging", () => {
  it("counts the 501 SSPR-enabled users over two pages when nothing is wrong", async () => {
    expect(EXPECTED.ssprEnabledUsers).toBe(501);
    sim.setFaults([SHORT_PAGES]);
    const { section, requests } = await sspr();
    expect(section).toMatchObject({ status: "ok", data: { totalSsprEnabled: 501 } });
    expect(requests).toBe(2);
  });

  it("a nextLink that replays page 1 once: unknown with the reason, not 801", async () => {
    sim.setFaults([
      SHORT_PAGES,
      { match: { section: SSPR }, effect: { type: "nextLink", to: "first" }, when: { first: 1 } },
    ]);
    const { section, requests } = await sspr();
    expect(section.status).toBe("unknown");
    if (section.status !== "unknown") return;
    expect(section.reason).toBe("error");
    expect(section.detail).toMatch(
      /ssprRegistration: Graph's paging of \/v1.0\/reports\/authenticationMethods\/userRegistrationDetails.*already read/,
    );
    expect(requests).toBe(1);
  });

  it("the same nextLink forever: unknown after one repeat, not thousands of requests", async () => {
    sim.setFaults([{ match: { section: SSPR }, effect: { type: "nextLink", to: "self" } }]);
    const { section, requests } = await sspr();
    expect(section).toMatchObject({ status: "unknown", reason: "error" });
    expect(requests).toBeLessThanOrEqual(2);
  });

  it("overlapping pages (50 rows served twice, none missing) still count each user once", async () => {
    sim.setFaults([SHORT_PAGES, { match: { section: SSPR }, effect: { type: "nextLink", to: "back", items: 50 } }]);
    const { section, requests } = await sspr();
    expect(requests).toBe(2);
    expect(section).toMatchObject({
      status: "ok",
      data: { totalSsprEnabled: 501, syncedSsprEnabled: EXPECTED.ssprEnabledSyncedUsers },
    });
  });
});

describe("synced users paging", () => {
  it("the same nextLink forever: unknown, and the sections that need the synced set say so", async () => {
    sim.setFaults([{ match: { section: "syncedUsers", path: "/users" }, effect: { type: "nextLink", to: "self" } }]);
    const snapshot = await collectSnapshot(graph, {
      declaredWriteback: "unset",
      auditSince: new Date(Date.now() - 86_400_000).toISOString(),
      abortSignal: AbortSignal.timeout(20_000),
    });
    expect(snapshot.sections.syncedUsers).toMatchObject({ status: "unknown", reason: "error" });
    expect(snapshot.sections.syncedUsers.status === "unknown" && snapshot.sections.syncedUsers.detail).toMatch(
      /already read/,
    );
    expect(snapshot.sections.ssprRegistration).toMatchObject({ status: "unknown", reason: "dependency" });
    expect(snapshot.sections.organization.status).toBe("ok");
  });

  it("overlapping pages count each synced user once and sample no one twice", async () => {
    sim.setFaults([
      { match: { section: "syncedUsers", path: "/users" }, effect: { type: "truncate", keep: 200 } },
      { match: { section: "syncedUsers", path: "/users" }, effect: { type: "nextLink", to: "back", items: 20 } },
    ]);
    const { section } = await collectSyncedUsers(graph);
    expect(section.status).toBe("ok");
    if (section.status !== "ok") return;
    expect(section.data.count).toBe(EXPECTED.syncedUsers);
    expect(new Set(section.data.sampleUserPrincipalNames).size).toBe(section.data.sampleUserPrincipalNames.length);
  });
});
