/**
 * A 100,000-user generated tenant through the whole run: collected over HTTP, stored in Azurite,
 * loaded back identical, with table operations bounded by the payload, not by the users.
 * Also: alert recipients resolved from an Entra group of the simulated tenant.
 */
import { partitionCount } from "../../shared/graph/upnPartitions.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../shared/audit/runAudit.js";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { DEMO, generatedExpectations } from "../../sim/graph/index.js";
import { startLocalStack } from "../../demo/localStack.js";

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe("a generated tenant of 100,000 users", () => {
  it("audits, stores and loads back the same snapshot; table operations do not grow with users", async () => {
    const profile = { seed: 42, users: 100_000, syncedShare: 0.3 };
    const stack = await startLocalStack({ azurite, profile, recipients: [], tablePrefix: "large" });
    try {
      const stores = stack.ctx.stores;
      const before = stores.operations();
      const run = await runAudit(stack.ctx, { trigger: "timer" });
      const operations = stores.operations() - before;

      const expected = generatedExpectations(profile);
      expect(run.exposure.headline.syncedUsers).toBe(expected.syncedUsers);
      expect(run.coverageGaps).toEqual([]);
      // Lease, state, snapshot chunks + summary, changes, cursors, retention: a handful, whatever the user count.
      // The benchmark's target: at most 10 + stored bytes / 1 MiB table operations per audit.
      expect(operations).toBeLessThanOrEqual(10 + run.summary.storedBytes / 1_048_576);

      const loaded = await stores.snapshots.loadSnapshot(run.tenantId, run.summary.snapshotId);
      expect(loaded).toEqual(run.snapshot);
      // Per-user sections were paged at the maximum page size: ceil(items / 999) + 1 at most, plus, read in
      // UPN partitions, each partition's partial last page and the first page that sized them.
      const requests = run.snapshot.stats!.requests;
      const partitions = partitionCount(expected.syncedUsers);
      expect(partitions).toBeGreaterThan(1);
      expect(requests.syncedUsers!).toBeLessThanOrEqual(
        Math.ceil(expected.syncedUsers / 999) + 1 + 1 + (partitions > 1 ? partitions + 1 : 0),
      );

      // A second audit diffs against the first (one more read for it) and stays in budget.
      const beforeSecond = stores.operations();
      const second = await runAudit(stack.ctx, { trigger: "timer" });
      expect(second.diff.baseline).toBe(false);
      expect(second.diff.changes.filter((c) => c.direction !== "neutral")).toEqual([]);
      expect(stores.operations() - beforeSecond).toBeLessThanOrEqual(10 + second.summary.storedBytes / 1_048_576);
    } finally {
      await stack.close();
    }
  });
});

describe("alert recipients from an Entra group", () => {
  it("mails the group's members (by their mail address) and the listed addresses, each once", async () => {
    const stack = await startLocalStack({
      azurite,
      tablePrefix: "group",
      recipients: ["secops@example.com"],
      settings: { ALERT_RECIPIENTS_GROUP_ID: DEMO.ssprPilotGroupId },
    });
    try {
      await runAudit(stack.ctx, { trigger: "timer" });
      stack.graph.mutate.escalation();
      const run = await runAudit(stack.ctx, { trigger: "timer" });
      const to = stack.acs.messages.map((m) => m.to[0]!.toLowerCase());
      expect(to).toContain("secops@example.com");
      expect(new Set(to).size).toBe(to.length);
      expect(run.alerts.recipients).toBe(to.length);
      expect(to.length).toBeGreaterThan(1);

      // A quiet run has nothing to alert, so it does not read the recipients group from Graph.
      const castRoute = (stats: Record<string, number>) =>
        Object.entries(stats)
          .filter(([route]) => route.includes("/groups/") && route.includes("{cast}"))
          .reduce((n, [, c]) => n + c, 0);
      const before = castRoute(stack.graph.stats().perRoute);
      expect(before).toBeGreaterThan(0);
      const quiet = await runAudit(stack.ctx, { trigger: "timer" });
      expect(quiet.alerts.queued).toBe(0);
      expect(castRoute(stack.graph.stats().perRoute)).toBe(before);
    } finally {
      await stack.close();
    }
  });
});
