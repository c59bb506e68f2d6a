/**
 * `writeback-watch trend` against a real Azurite holding stored snapshots: the JSON is exactly what the
 * API's trend is built from, the text lists the change rows, and bad arguments exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import { loadTrend } from "../../shared/audit/loadTrend.js";
import { SEED_TENANT, storeHourlySnapshots } from "../functions/seed.js";
import { runMain } from "./run.js";

let azurite: RunningAzurite;
let stores: TableStores;

const run = (argv: string[], env: Record<string, string> = {}) =>
  runMain(argv, { AUDIT_STORAGE: azurite.connectionString, ...env });

beforeAll(async () => {
  azurite = await startAzurite();
  stores = await createTableStores({ connectionString: azurite.connectionString });
});

afterAll(async () => {
  await azurite?.stop();
});

describe("writeback-watch trend", () => {
  it("with nothing stored: one message, exit 1", async () => {
    const r = await run(["trend"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no audit is stored yet/);
  });

  it("prints the stored trend as JSON (the API's shape) and as text", async () => {
    await storeHourlySnapshots(stores, [2, 2, 3], "c");

    const json = await run(["trend", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(await loadTrend(stores, SEED_TENANT))));
    expect((JSON.parse(json.stdout) as { points: unknown[] }).points).toHaveLength(3);

    const text = await run(["trend"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Trend of tenant ${SEED_TENANT}: 3 snapshots`);
    // The second snapshot changed nothing: the text shows the first and the last (which changed).
    expect(text.stdout.split("\n").filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(l))).toHaveLength(2);
  });

  it("--days keeps the recent snapshots only; bad arguments exit 2 with one message", async () => {
    const recent = await run(["trend", "--json", "--days", "1"]);
    expect((JSON.parse(recent.stdout) as { points: unknown[] }).points).toHaveLength(3);
    for (const argv of [
      ["trend", "--days", "0"],
      ["trend", "--days", "x"],
      ["trend", "--graph-url", "https://g.example"],
      ["audit", "--days", "2"],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")[0]).toMatch(/^writeback-watch: /);
    }
  });

  it("without storage settings: exit 2 naming AUDIT_STORAGE", async () => {
    const r = await run(["trend"], { AUDIT_STORAGE: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("AUDIT_STORAGE");
  });
});
