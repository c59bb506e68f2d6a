/**
 * Developer step, once per release that changes the snapshot or the exposure model: audits the
 * upgrade-fixture tenant (test/upgrade/fixtureTenant.ts) with this checkout's code and writes the
 * `snapshots` table rows exactly as the store wrote them (typed values, binary chunks in base64)
 * to test/upgrade/fixtures/<name>.json. Keep every fixture written so far: each one is a release a
 * deployment may upgrade from, and test/upgrade/upgradeFixtures.azurite.test.ts loads them all.
 *
 *   npx tsx scripts/write-upgrade-fixture.ts <name>      # e.g. schema-1
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { createAuditContext } from "../shared/audit/context.js";
import { runAudit } from "../shared/audit/runAudit.js";
import { loadConfig } from "../shared/config.js";
import { HEADLINE_SCHEMA_VERSION } from "../shared/exposure/types.js";
import { graphClientForConfig } from "../shared/graph/credential.js";
import { createTableStores } from "../shared/store/createTableStores.js";
import { startAzurite } from "../sim/azurite.js";
import { startGraphSimulator } from "../sim/graph/index.js";
import { SIMULATOR_TOKEN } from "../demo/localStack.js";
import { FIXTURE_TAKEN_AT, upgradeFixtureTenant } from "../test/upgrade/fixtureTenant.js";

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[\w.-]+$/.test(name)) throw new Error("Usage: tsx scripts/write-upgrade-fixture.ts <name>");
  const at = Date.parse(FIXTURE_TAKEN_AT);
  const [azurite, graph] = await Promise.all([
    startAzurite(),
    startGraphSimulator({ profile: "demo", tenant: upgradeFixtureTenant(at), timeFactor: 0 }),
  ]);
  try {
    const config = loadConfig(
      { GRAPH_BASE_URL: graph.baseUrl, AUDIT_STORAGE: azurite.connectionString },
      { requireStorage: true },
    );
    const stores = await createTableStores(config.storage, { tablePrefix: "fixture" });
    const ctx = await createAuditContext(config, {
      graph: graphClientForConfig(config, { accessToken: SIMULATOR_TOKEN, retryDelayScale: 0.01 }),
      stores,
      now: () => new Date(at),
      log: () => undefined,
    });
    const run = await runAudit(ctx, { trigger: "cli" });
    const table = TableClient.fromConnectionString(azurite.connectionString, "fixturesnapshots", {
      allowInsecureConnection: true,
    });
    const entities: Record<string, unknown>[] = [];
    for await (const e of table.listEntities<Record<string, unknown>>({ disableTypeConversion: true })) {
      const { etag: _etag, timestamp: _timestamp, ...row } = e as Record<string, unknown>;
      delete row["odata.metadata"];
      entities.push(row);
    }
    const file = path.join("test", "upgrade", "fixtures", `${name}.json`);
    const body = {
      description:
        "Rows of the snapshots table as written by the audit of test/upgrade/fixtureTenant.ts (scripts/write-upgrade-fixture.ts).",
      snapshotId: run.snapshot.id,
      tenantId: run.tenantId,
      takenAt: run.snapshot.takenAt,
      schemaVersion: run.snapshot.schemaVersion,
      headlineVersion: HEADLINE_SCHEMA_VERSION,
      syncedUsersReached: run.exposure.headline.syncedUsersReached,
      findings: run.exposure.findings.length,
      entities,
    };
    await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
    console.log(`wrote ${file}: ${entities.length} rows, ${run.exposure.findings.length} findings`);
  } finally {
    await Promise.all([azurite.stop(), graph.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
