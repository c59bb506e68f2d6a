import { afterAll, describe, expect, it } from "vitest";
import { generatedExpectations, startGraphSimulator, type GeneratedTenantOptions } from "../../sim/graph/index.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { PAGE_SIZE } from "../../shared/graph/pageSizes.js";
import { SECTION_NAMES, type Snapshot } from "../../shared/snapshot/types.js";
import { graphFor } from "./simulatorClient.js";

const PER_USER_SECTIONS = new Set(["syncedUsers", "ssprRegistration"]);
const SMALL: GeneratedTenantOptions = { seed: "request-counts", users: 2_000 };
const LARGE: GeneratedTenantOptions = { seed: "request-counts", users: 20_000 };
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

async function collect(profile: GeneratedTenantOptions): Promise<Snapshot> {
  const sim = await startGraphSimulator({ profile, timeFactor: 0 });
  closers.push(() => sim.close());
  return collectSnapshot(graphFor(sim.baseUrl), {
    declaredWriteback: "unset",
    auditSince: new Date(Date.now() - 30 * 86_400_000).toISOString(),
  });
}

describe("request counts of generated tenants", () => {
  it("grow with users only in the two per-user sections, within ceil(items / page) + 1", async () => {
    const small = await collect(SMALL);
    const large = await collect(LARGE);
    for (const snapshot of [small, large]) {
      for (const name of SECTION_NAMES) expect(snapshot.sections[name].status, name).toBe("ok");
    }

    for (const name of SECTION_NAMES) {
      if (PER_USER_SECTIONS.has(name)) continue;
      expect(large.stats!.requests[name] ?? 0, name).toBe(small.stats!.requests[name] ?? 0);
    }

    for (const [profile, snapshot] of [
      [SMALL, small],
      [LARGE, large],
    ] as const) {
      const expected = generatedExpectations(profile);
      const synced = snapshot.sections.syncedUsers.status === "ok" ? snapshot.sections.syncedUsers.data : undefined;
      const sspr =
        snapshot.sections.ssprRegistration.status === "ok" ? snapshot.sections.ssprRegistration.data : undefined;
      // Paging across many pages lands on the exact totals.
      expect(synced).toMatchObject({ count: expected.syncedUsers, totalUsers: expected.users });
      expect(sspr).toMatchObject({
        totalSsprEnabled: expected.ssprEnabledUsers,
        syncedSsprEnabled: expected.ssprEnabledSyncedUsers,
      });
      expect(snapshot.stats!.requests.syncedUsers).toBeLessThanOrEqual(
        Math.ceil(expected.syncedUsers / PAGE_SIZE.users) + 1,
      );
      expect(snapshot.stats!.requests.ssprRegistration).toBeLessThanOrEqual(
        Math.ceil(expected.ssprEnabledUsers / PAGE_SIZE.userRegistrationDetails) + 1,
      );
    }
    expect(large.stats!.requests.syncedUsers).toBeGreaterThan(small.stats!.requests.syncedUsers!);
  });
});
