/**
 * Declared protected on-prem accounts against the simulator: matched on the synced-user pages the
 * audit reads anyway (no extra request), and left out of reach.
 */
import { describe, expect, it } from "vitest";
import { DEMO, ROLE } from "../../sim/graph/index.js";
import { simulatorForSuite } from "../sim/support.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { parseProtectedOnPrem } from "../../shared/snapshot/protectedOnPrem.js";
import type { Snapshot } from "../../shared/snapshot/types.js";
import { graphFor } from "./simulatorClient.js";

const simulator = simulatorForSuite({ profile: "demo" });
const SINCE = new Date(Date.now() - 30 * 86_400_000).toISOString();

async function audit(declaration: string): Promise<Snapshot> {
  return collectSnapshot(graphFor(simulator().baseUrl), {
    declaredWriteback: "unset",
    auditSince: SINCE,
    protectedOnPrem: parseProtectedOnPrem(declaration).entries,
  });
}

describe("PROTECTED_ONPREM_ACCOUNTS against the demo tenant", () => {
  it("matches an OU and a SID on the synced-user pages, with no extra request, and takes them out of reach", async () => {
    const benSid = simulator().tenant.users.get(DEMO.users.ben!)!.onPremisesSecurityIdentifier!;
    const plain = await audit("");
    const declared = await audit(`${DEMO.tier0OuDn};${benSid}`);

    expect(declared.stats!.requests.syncedUsers).toBe(plain.stats!.requests.syncedUsers);
    const synced = declared.sections.syncedUsers;
    if (synced.status !== "ok") throw new Error("syncedUsers unknown");
    expect(synced.data.protectedOnPrem!.declaredEntries).toBe(2);
    expect(synced.data.protectedOnPrem!.users.map((u) => u.id).sort()).toEqual(
      [DEMO.syncedGlobalAdminId, DEMO.users.ben!].sort(),
    );

    const before = computeExposure(plain);
    const after = computeExposure(declared);
    const reach = (e: typeof before, principal: string, role: string) =>
      e.findings.find((f) => f.key === `reset-path:${principal}:${role}:/:active`)!.reach.syncedUsers!;
    // The cloud GA could reset both; Helpdesk could already not reset the synced GA.
    expect(reach(after, DEMO.cloudGlobalAdminId, ROLE.globalAdministrator)).toBe(
      reach(before, DEMO.cloudGlobalAdminId, ROLE.globalAdministrator) - 2,
    );
    expect(reach(after, DEMO.helpdeskSyncedUserId, ROLE.helpdeskAdministrator)).toBe(
      reach(before, DEMO.helpdeskSyncedUserId, ROLE.helpdeskAdministrator) - 1,
    );
    expect(after.headline.onPremProtected).toEqual({ declaredEntries: 2, excludedSyncedUsers: 2 });
    expect(before.headline.onPremProtected).toEqual({ declaredEntries: 0, excludedSyncedUsers: 0 });
  });
});
