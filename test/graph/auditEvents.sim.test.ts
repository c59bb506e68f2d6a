/**
 * The audit-log collector against the simulator's demo tenant, with the `or` chain refused (the
 * documented reading, the default) and accepted (what some tenants may answer).
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEMO } from "../../sim/graph/index.js";
import { simulatorForSuite } from "../sim/support.js";
import { collectAuditEvents } from "../../shared/graph/collectors/auditEvents.js";
import { collectSyncedUsers } from "../../shared/graph/collectors/syncedUsers.js";
import { syncedUserLookupFromSet } from "../../shared/graph/syncedUserLookup.js";
import type { AuditEventsData, Section } from "../../shared/snapshot/types.js";
import { graphFor } from "./simulatorClient.js";

const simulator = simulatorForSuite({ profile: "demo" });
const SINCE = new Date(Date.now() - 30 * 86_400_000).toISOString();

afterEach(() => {
  simulator().tenant.undocumented.directoryAuditsOrFilter = false;
});

function ok<T>(section: Section<T>): T {
  if (section.status !== "ok") throw new Error(`expected ok, got ${section.reason}: ${section.detail}`);
  return section.data;
}

async function collect(): Promise<{ data: AuditEventsData; requests: number; batched: number }> {
  const { syncedIds } = await collectSyncedUsers(graphFor(simulator().baseUrl));
  const graph = graphFor(simulator().baseUrl);
  const data = ok(await collectAuditEvents(graph, { since: SINCE, syncedUsers: syncedUserLookupFromSet(syncedIds!) }));
  return { data, requests: graph.stats().requests.auditEvents ?? 0, batched: graph.stats().batchedRequests };
}

const summary = (d: AuditEventsData) => ({
  toggles: d.toggles.map((t) => t.id),
  resets: d.syncedUserResets.map((r) => [r.id, r.activity, r.service, r.alsoLoggedAs ?? []]),
  last: d.lastSyncedUserReset?.id,
});

describe("auditEvents: the `or` chain Graph does not document", () => {
  it("refused (400): one request per activity, batched, with the same events as the accepted chain", async () => {
    const refused = await collect();
    expect(refused.data.query).toBe("per-activity");
    expect(refused.batched).toBeGreaterThan(0);
    simulator().tenant.undocumented.directoryAuditsOrFilter = true;
    const accepted = await collect();
    expect(accepted.data.query).toBe("or-chain");
    expect(accepted.batched).toBe(0);
    expect(summary(refused.data)).toEqual(summary(accepted.data));
    expect(refused.data.toggles.map((t) => t.id)).toEqual([DEMO.auditDisableWritebackId, DEMO.auditEnableWritebackId]);
  });
});

describe("auditEvents: what proves writeback", () => {
  it("counts ben's reset once though two services log it, keeps lena's Core Directory reset as a reset only, ignores the sync engine", async () => {
    const { data } = await collect();
    const ofUser = (id: string) => data.syncedUserResets.filter((r) => r.targetUserId === id);
    const ben = ofUser(DEMO.users.ben!);
    expect(ben).toHaveLength(1);
    expect(ben[0]).toMatchObject({
      activity: "Reset password (by admin)",
      service: "Self-service Password Management",
      alsoLoggedAs: ["Core Directory: Reset password"],
    });
    expect(ofUser(DEMO.coreOnlyResetSyncedUserId)).toMatchObject([
      { activity: "Reset password", service: "Core Directory" },
    ]);
    // Password hash sync by Entra Connect's application identity is not a reset.
    expect(ofUser(DEMO.syncEngineChangedUserId)).toEqual([]);
    // The newest proof is ben's reset through the password reset service, not a Core Directory event.
    expect(data.lastSyncedUserReset?.id).toBe(ben[0]!.id);
  });
});
