/**
 * Upgrades never alert. Each fixture in test/upgrade/fixtures holds the `snapshots` table rows an
 * earlier release wrote for the fixture tenant (scripts/write-upgrade-fixture.ts). The rows go into
 * a real table (Azurite) as they were; the first audit of this release then reads that snapshot
 * through the store as its previous one, audits the same tenant as of the same instant, and must
 * find no change and send no email.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TableClient, type TableEntity } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrend } from "../../shared/audit/loadTrend.js";
import { runAudit } from "../../shared/audit/runAudit.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../shared/snapshot/types.js";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { startLocalStack } from "../../demo/localStack.js";
import { FIXTURE_TAKEN_AT, FIXTURE_TENANT_ID, upgradeFixtureTenant } from "./fixtureTenant.js";

interface Fixture {
  snapshotId: string;
  tenantId: string;
  takenAt: string;
  schemaVersion: number;
  /** The headline version the rows were written with; absent in fixtures written before it existed (1). */
  headlineVersion?: number;
  /** The headline's synced users reached as that release computed it (absent before version 2). */
  syncedUsersReached?: number;
  findings: number;
  entities: TableEntity<Record<string, unknown>>[];
}

const DIR = path.join(import.meta.dirname, "fixtures");
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe.each(FIXTURES)("upgrading from the snapshot in %s", (file) => {
  const fixture = JSON.parse(readFileSync(path.join(DIR, file), "utf8")) as Fixture;
  const prefix = `up${file.replace(/\W/g, "")}`;

  it("loads through the store in the current schema and diffs against a fresh audit to no change at all", async () => {
    expect(fixture.tenantId).toBe(FIXTURE_TENANT_ID);
    expect(fixture.takenAt).toBe(FIXTURE_TAKEN_AT);
    const at = Date.parse(FIXTURE_TAKEN_AT);
    const stack = await startLocalStack({
      azurite,
      tablePrefix: prefix,
      tenant: upgradeFixtureTenant(at),
      recipients: ["secops@example.com"],
      settings: { TENANT_ID: FIXTURE_TENANT_ID, ALERT_MIN_SEVERITY: "info" },
      now: () => new Date(at + 3_600_000),
    });
    try {
      // The rows exactly as the earlier release's store wrote them (typed values, binary chunks).
      const table = TableClient.fromConnectionString(azurite.connectionString, `${prefix}snapshots`, {
        allowInsecureConnection: true,
      });
      for (const entity of fixture.entities) await table.upsertEntity(entity, "Replace");

      const stored = await stack.ctx.stores.snapshots.loadSnapshot(FIXTURE_TENANT_ID, fixture.snapshotId);
      expect(stored?.schemaVersion).toBe(SNAPSHOT_SCHEMA_VERSION);
      const summary = await stack.ctx.stores.snapshots.getSummary(FIXTURE_TENANT_ID, fixture.snapshotId);
      expect(summary?.schemaVersion).toBe(fixture.schemaVersion);
      // The stored headline is read in the current shape; a figure the writer did not have is unknown.
      expect(summary?.headlineVersion).toBe(fixture.headlineVersion ?? 1);
      expect(summary?.headline.syncedUsersReached).toBe(fixture.syncedUsersReached ?? null);

      const run = await runAudit(stack.ctx, { trigger: "timer" });
      expect(run.diff.baseline).toBe(false);
      expect(run.diff.fromSnapshotId).toBe(fixture.snapshotId);
      expect(run.coverageGaps).toEqual([]);
      expect(run.exposure.findings.length).toBeGreaterThanOrEqual(10);
      expect(run.diff.changes.map((c) => `${c.direction} ${c.summary}`)).toEqual([]);
      expect(run.alerts.queued).toBe(0);
      expect(stack.acs.messages).toHaveLength(0);

      // The trend over the upgrade: the older point has what its release recorded, the new one everything.
      const trend = await loadTrend(stack.ctx.stores, FIXTURE_TENANT_ID);
      expect(trend.points.map((p) => p.snapshotId)).toEqual([fixture.snapshotId, run.snapshot.id]);
      const [before, after] = trend.points;
      expect(after!.syncedUsersReached).toBe(run.exposure.headline.syncedUsersReached);
      expect(after!.syncedUsersReached).toBeGreaterThan(0);
      expect(before!.syncedUsersReached).toBe(fixture.syncedUsersReached ?? null);
      expect(before!.resetPaths).toBe(after!.resetPaths);
    } finally {
      await stack.close();
    }
  });
});
