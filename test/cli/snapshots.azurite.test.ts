/**
 * `writeback-watch snapshots` against a real Azurite holding stored snapshots: every summary, newest
 * first, as JSON (what the API lists) and as one text line each; --limit; exit 1 when nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import type { SnapshotSummary } from "../../shared/store/types.js";
import { SEED_TENANT, storeHourlySnapshots } from "../functions/seed.js";
import { runMain } from "./run.js";

let azurite: RunningAzurite;
let stores: TableStores;
const run = (args: string[]) => runMain(["snapshots", ...args], { AUDIT_STORAGE: azurite.connectionString });

beforeAll(async () => {
  azurite = await startAzurite();
  stores = await createTableStores({ connectionString: azurite.connectionString });
});

afterAll(async () => {
  await azurite?.stop();
});

describe("writeback-watch snapshots", () => {
  it("with nothing stored: one message, exit 1", async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no audit is stored yet/);
  });

  it("lists every stored summary newest first, as JSON and as text; --limit keeps the newest", async () => {
    await storeHourlySnapshots(stores, [2, 3, 4], "s");

    const json = await run(["--json"]);
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as { tenantId: string; items: SnapshotSummary[] };
    const stored = (await stores.snapshots.listSummaries(SEED_TENANT, { pageSize: 100 })).items;
    expect(listed).toEqual({ tenantId: SEED_TENANT, items: JSON.parse(JSON.stringify(stored)) });
    expect(listed.items.map((s) => s.headline.resetters)).toEqual([4, 3, 2]);

    const text = await run([]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split("\n");
    expect(lines[0]).toBe(`Snapshots of tenant ${SEED_TENANT}, newest first (3):`);
    expect(lines.slice(1).map((l) => l.split("  ")[1])).toEqual(stored.map((s) => s.snapshotId));
    expect(lines[1]).toMatch(/resetters 4 {2}critical \d+/);

    const newest = JSON.parse((await run(["--json", "--limit", "2"])).stdout) as { items: SnapshotSummary[] };
    expect(newest.items.map((s) => s.snapshotId)).toEqual(stored.slice(0, 2).map((s) => s.snapshotId));
  });

  it("of another tenant: nothing stored, exit 1; bad arguments exit 2", async () => {
    const other = await run(["--tenant", "00000000-0000-4000-8000-000000000009"]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/no snapshot of tenant 00000000-0000-4000-8000-000000000009 is stored/);
    for (const args of [["--limit", "x"], ["--days", "2"], ["extra"]])
      expect((await run(args)).code, args.join(" ")).toBe(2);
  });
});
