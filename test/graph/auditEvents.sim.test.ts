/**
 * The audit-log collector against the simulator's demo tenant, with the `or` chain refused (the
 * documented reading, the default) and accepted (what some tenants may answer).
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEMO } from "../../sim/graph/index.js";
import { ROLE } from "../../sim/graph/builtInRoles.js";
import { DIRECTORY_CHANGE_ACTIVITIES, DIRECTORY_CHANGE_PREFIXES } from "../../shared/snapshot/auditActivities.js";
import { simulatorForSuite } from "../sim/support.js";
import { AUDIT_TERMS, collectAuditEvents } from "../../shared/graph/collectors/auditEvents.js";
import { collectSyncedUsers } from "../../shared/graph/collectors/syncedUsers.js";
import { syncedUserLookupFromSet } from "../../shared/graph/syncedUserLookup.js";
import type { AuditEventsData, Section } from "../../shared/snapshot/types.js";
import { graphFor } from "./simulatorClient.js";

// Collectors called one by one, not through the request pool that keeps Graph's reports limit.
const simulator = simulatorForSuite({ profile: "demo", throttling: "off" });
const HELPDESK = ROLE.helpdeskAdministrator;
const SINCE = new Date(Date.now() - 30 * 86_400_000).toISOString();

afterEach(() => {
  simulator().tenant.undocumented.directoryAuditsOrFilter = false;
});

function ok<T>(section: Section<T>): T {
  if (section.status !== "ok") throw new Error(`expected ok, got ${section.reason}: ${section.detail}`);
  return section.data;
}

async function collect(windowPages?: number): Promise<{ data: AuditEventsData; requests: number; batched: number }> {
  const { syncedIds } = await collectSyncedUsers(graphFor(simulator().baseUrl));
  const graph = graphFor(simulator().baseUrl);
  const data = ok(
    await collectAuditEvents(graph, {
      since: SINCE,
      syncedUsers: syncedUserLookupFromSet(syncedIds!),
      ...(windowPages !== undefined ? { windowPages } : {}),
    }),
  );
  return { data, requests: graph.stats().requests.auditEvents ?? 0, batched: graph.stats().batchedRequests };
}

const summary = (d: AuditEventsData) => ({
  toggles: d.toggles.map((t) => t.id),
  resets: d.syncedUserResets.map((r) => [r.id, r.activity, r.service, r.alsoLoggedAs ?? []]),
  last: d.lastSyncedUserReset?.id,
});

describe("auditEvents: the `or` chain Graph does not document", () => {
  it("refused (400): the short window read whole, or one request per activity, with the same events as the accepted chain", async () => {
    const window = await collect();
    expect(window.data.query).toBe("window");
    const perActivity = await collect(0);
    expect(window.requests).toBeLessThan(perActivity.requests);
    expect(perActivity.data.query).toBe("per-activity");
    expect(perActivity.batched).toBeGreaterThan(0);
    simulator().tenant.undocumented.directoryAuditsOrFilter = true;
    const accepted = await collect();
    expect(accepted.data.query).toBe("or-chain");
    expect(accepted.batched).toBe(0);
    expect(summary(window.data)).toEqual(summary(accepted.data));
    expect(summary(perActivity.data)).toEqual(summary(accepted.data));
    expect(window.data.directoryChanges).toEqual(accepted.data.directoryChanges);
    expect(window.data.toggles.map((t) => t.id)).toEqual([DEMO.auditDisableWritebackId, DEMO.auditEnableWritebackId]);
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

describe("auditEvents: the directory changes an increase is traced to", () => {
  it("a role given by a named admin: kept with the principal and the role's template id (from the modified properties)", async () => {
    const sim = simulator();
    const admin = DEMO.cloudGlobalAdminId;
    const { id: userId } = sim.mutate.addSyncedUser("Fay Fresh");
    sim.mutate.addRoleAssignment(userId, HELPDESK, "/", admin);
    sim.mutate.grantAppPermission(DEMO.hrAppSpId, "User.Read.All", admin);
    const accepted = await collect();
    const change = accepted.data.directoryChanges?.find((c) => c.objectIds.includes(userId.toLowerCase()));
    expect(change).toMatchObject({
      activity: "Add member to role",
      initiatedBy: { userId: admin },
      properties: expect.arrayContaining(["Role.TemplateId"]),
    });
    expect(change!.objectIds).toContain(HELPDESK);
    // The app role granted names the service principal and the app role's id.
    const grant = accepted.data.directoryChanges?.find(
      (c) => c.activity === "Add app role assignment to service principal",
    );
    expect(grant?.objectIds).toContain(DEMO.hrAppSpId.toLowerCase());
    // Asked per term when the chain is refused: the same changes.
    simulator().tenant.undocumented.directoryAuditsOrFilter = true;
    const chained = await collect();
    expect(chained.data.directoryChanges).toEqual(accepted.data.directoryChanges);
  });

  it("every change activity is matched by one of the query's prefixes", () => {
    for (const name of Object.keys(DIRECTORY_CHANGE_ACTIVITIES))
      expect(
        DIRECTORY_CHANGE_PREFIXES.some((p) => name.startsWith(p)),
        name,
      ).toBe(true);
    // The fallback stays within one $batch (20 requests).
    expect(AUDIT_TERMS.length).toBeLessThanOrEqual(20);
  });
});
