import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEADLINE_SCHEMA_VERSION } from "../../shared/exposure/types.js";
import { TableClient } from "@azure/data-tables";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import type { RequestInfo } from "../../shared/store/tableClientFactory.js";
import { StoredSnapshotCorruptError } from "../../shared/store/errors.js";
import { UserError } from "../../shared/errors.js";
import type { Snapshot } from "../../shared/snapshot/types.js";
import { makeExposure, makeSnapshot, TENANT } from "./fixtures.js";

const DAY = 86_400_000;
const MiB = 1024 * 1024;

let azurite: RunningAzurite;
let stores: TableStores;
let raw: TableClient;
const requests: RequestInfo[] = [];
/** Set to make the next matching request fail, as a crash would. */
let crashWhen: ((r: RequestInfo) => boolean) | undefined;

beforeAll(async () => {
  azurite = await startAzurite();
  stores = await createTableStores(
    { connectionString: azurite.connectionString },
    {
      tablePrefix: "snap",
      onRequest: (r) => {
        requests.push(r);
        if (crashWhen?.(r)) {
          crashWhen = undefined;
          throw new Error("simulated crash");
        }
      },
    },
  );
  raw = TableClient.fromConnectionString(azurite.connectionString, "snapsnapshots", { allowInsecureConnection: true });
});

afterAll(async () => {
  await azurite?.stop();
});

async function rowKeys(tenant: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of raw.listEntities({
    queryOptions: { filter: `PartitionKey eq '${tenant}'`, select: ["RowKey"] },
  })) {
    keys.push(row.rowKey!);
  }
  return keys;
}

const tenant = (n: number) => `0b5c1e2a-7f3d-4c1e-9a6b-${String(n).padStart(12, "0")}`;

describe("snapshot store", () => {
  it("round-trips a small snapshot and reads its summary", async () => {
    const snapshot = makeSnapshot({ tenantId: tenant(1) });
    const summary = await stores.snapshots.saveSnapshot(snapshot, makeExposure(snapshot));
    expect(summary).toMatchObject({
      tenantId: tenant(1),
      snapshotId: snapshot.id,
      takenAt: snapshot.takenAt,
      writebackState: "unknown",
      headlineVersion: HEADLINE_SCHEMA_VERSION,
      headline: { resetters: 2, resetPaths: 20, syncedUsersReached: 10, potential: true },
      findingsBySeverity: { critical: 1, high: 1, medium: 0, low: 0, info: 0 },
      chunkRows: 1,
    });
    expect(summary.coverageGaps).toContain("roleAssignments");
    expect(summary.coverageGaps).not.toContain("groupMembers");

    expect(await stores.snapshots.getLatestSummary(tenant(1))).toEqual(summary);
    expect(await stores.snapshots.getSummary(tenant(1), snapshot.id)).toEqual(summary);
    expect(await stores.snapshots.loadSnapshot(tenant(1), snapshot.id)).toEqual(snapshot);
    expect(await stores.snapshots.loadSnapshot(tenant(1), "20200101T000000Z-nothere")).toBeUndefined();
  });

  it("reads a summary row written before the headline was versioned up to date: synced users reached unknown", async () => {
    const snapshot = makeSnapshot({ tenantId: tenant(11) });
    const current = await stores.snapshots.saveSnapshot(snapshot, makeExposure(snapshot));
    // Both summary rows as the earlier release wrote them: no headlineVersion, no syncedUsersReached.
    for await (const row of raw.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `PartitionKey eq '${tenant(11)}'` },
    })) {
      if (!row.rowKey!.startsWith("s!") && !row.rowKey!.startsWith("i!")) continue;
      const { headlineVersion: _v, etag: _e, timestamp: _t, ...old } = row;
      const { syncedUsersReached: _r, ...headline } = JSON.parse(String(row.headline)) as Record<string, unknown>;
      await raw.upsertEntity(
        { ...old, partitionKey: row.partitionKey!, rowKey: row.rowKey!, headline: JSON.stringify(headline) },
        "Replace",
      );
    }
    const read = await stores.snapshots.getSummary(tenant(11), snapshot.id);
    expect(read).toEqual({
      ...current,
      headlineVersion: 1,
      headline: { ...current.headline, syncedUsersReached: null },
    });
    expect((await stores.snapshots.listSummaries(tenant(11))).items).toEqual([read]);
  });

  it("stores a multi-megabyte snapshot across chunk rows and transactions, in bounded operations", async () => {
    const snapshot = makeSnapshot({ tenantId: tenant(2), members: 20_000, noiseBytes: 256 });
    const jsonBytes = Buffer.byteLength(JSON.stringify(snapshot));
    expect(jsonBytes).toBeGreaterThan(5 * MiB);

    const before = stores.operations();
    const firstRequest = requests.length;
    const summary = await stores.snapshots.saveSnapshot(snapshot, makeExposure(snapshot));
    const ops = stores.operations() - before;
    const sent = requests.slice(firstRequest);

    expect(summary.rawBytes).toBe(jsonBytes);
    expect(summary.chunkRows).toBeGreaterThanOrEqual(3);
    const batches = sent.filter((r) => r.url.includes("$batch"));
    // Several transactions of chunk rows; the summary rows ride in the last one.
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(ops).toBe(sent.length);
    expect(ops).toBeLessThanOrEqual(10 + summary.storedBytes / MiB);
    // Table Storage rejects transaction bodies over 4 MiB.
    for (const r of sent) expect(r.bodyBytes).toBeLessThanOrEqual(4 * MiB);
    expect(sent.at(-1)!.url).toContain("$batch");

    const loaded = await stores.snapshots.loadSnapshot(tenant(2), snapshot.id);
    expect(loaded).toEqual(snapshot);
  });

  it("ignores a snapshot whose summary row was never written, and purges its chunks later", async () => {
    const t = tenant(3);
    const committed = makeSnapshot({ tenantId: t, takenAt: new Date(Date.now() - 50 * DAY) });
    await stores.snapshots.saveSnapshot(committed, makeExposure(committed));
    // Incompressible bytes over one transaction's budget: chunk transactions first, the summary
    // rows in the last one. Fail that last one, as a crash would.
    const crashed = makeSnapshot({
      tenantId: t,
      takenAt: new Date(Date.now() - 40 * DAY),
      members: 4,
      noiseBytes: 1.5 * MiB,
    });
    let batchesSeen = 0;
    crashWhen = (r) => r.url.includes("$batch") && ++batchesSeen === 2;
    await expect(stores.snapshots.saveSnapshot(crashed, makeExposure(crashed))).rejects.toThrow("simulated crash");
    crashWhen = undefined;
    expect((await rowKeys(t)).filter((k) => k.startsWith("c!") && k.includes(crashed.id)).length).toBeGreaterThan(0);

    expect((await stores.snapshots.getLatestSummary(t))?.snapshotId).toBe(committed.id);
    expect(await stores.snapshots.getSummary(t, crashed.id)).toBeUndefined();
    expect(await stores.snapshots.loadSnapshot(t, crashed.id)).toBeUndefined();
    expect((await stores.snapshots.listSummaries(t)).items.map((s) => s.snapshotId)).toEqual([committed.id]);

    const { deletedSnapshots } = await stores.snapshots.purgeOlderThan(t, new Date(Date.now() - 30 * DAY));
    expect(deletedSnapshots).toBe(0);
    const left = await rowKeys(t);
    expect(left.some((k) => k.includes(crashed.id))).toBe(false);
    expect(await stores.snapshots.loadSnapshot(t, committed.id)).toEqual(committed);
  });

  it("writes a small snapshot, chunks and summary, in one atomic transaction", async () => {
    const t = tenant(16);
    const s = makeSnapshot({ tenantId: t });
    let batches = 0;
    crashWhen = (r) => r.url.includes("$batch") && ++batches === 1;
    await expect(stores.snapshots.saveSnapshot(s, makeExposure(s))).rejects.toThrow("simulated crash");
    crashWhen = undefined;
    expect(await rowKeys(t)).toEqual([]);
    const before = stores.operations();
    await stores.snapshots.saveSnapshot(s, makeExposure(s));
    expect(stores.operations() - before).toBe(1);
    const summary = (await stores.snapshots.listSummaries(t)).items[0]!;
    const beforeLoad = stores.operations();
    expect(await stores.snapshots.loadSnapshot(t, s.id, { summary })).toEqual(s);
    expect(stores.operations() - beforeLoad).toBe(1);
  });

  it("detects a summary whose chunks are missing or corrupted", async () => {
    const t = tenant(4);
    const a = makeSnapshot({ tenantId: t, members: 50 });
    await stores.snapshots.saveSnapshot(a, makeExposure(a));
    for (const key of (await rowKeys(t)).filter((k) => k.startsWith("c!"))) await raw.deleteEntity(t, key);
    await expect(stores.snapshots.loadSnapshot(t, a.id)).rejects.toBeInstanceOf(StoredSnapshotCorruptError);

    const b = makeSnapshot({ tenantId: t, members: 50 });
    await stores.snapshots.saveSnapshot(b, makeExposure(b));
    const chunkKey = (await rowKeys(t)).find((k) => k.startsWith("c!") && k.includes(b.id))!;
    const chunk = await raw.getEntity<{ d00: Uint8Array }>(t, chunkKey);
    const damaged = Buffer.from(chunk.d00);
    damaged[damaged.length >> 1]! ^= 0xff;
    await raw.updateEntity({ partitionKey: t, rowKey: chunkKey, d00: damaged }, "Merge");
    await expect(stores.snapshots.loadSnapshot(t, b.id)).rejects.toThrow(/SHA-256/);
  });

  it("purges snapshots older than the cutoff but never the latest", async () => {
    const t = tenant(5);
    const ages = [100, 60, 45, 1];
    const saved: Snapshot[] = [];
    for (const age of ages) {
      const s = makeSnapshot({ tenantId: t, takenAt: new Date(Date.now() - age * DAY) });
      await stores.snapshots.saveSnapshot(s, makeExposure(s));
      saved.push(s);
    }
    const page = await stores.snapshots.listSummaries(t, { pageSize: 2 });
    expect(page.items.map((s) => s.snapshotId)).toEqual([saved[3]!.id, saved[2]!.id]);
    expect(page.continuationToken).toBeDefined();
    const next = await stores.snapshots.listSummaries(t, { pageSize: 2, continuationToken: page.continuationToken });
    expect(next.items.map((s) => s.snapshotId)).toEqual([saved[1]!.id, saved[0]!.id]);

    expect(await stores.snapshots.purgeOlderThan(t, new Date(Date.now() - 30 * DAY))).toEqual({ deletedSnapshots: 3 });
    const keys = await rowKeys(t);
    expect(keys.filter((k) => k.startsWith("s!"))).toHaveLength(1);
    expect(keys.every((k) => k.includes(saved[3]!.id))).toBe(true);
    expect(await stores.snapshots.getSummary(t, saved[0]!.id)).toBeUndefined();
    expect(await stores.snapshots.loadSnapshot(t, saved[1]!.id)).toBeUndefined();

    // Only old snapshots: the newest of them survives and still loads.
    const u = tenant(6);
    const old: Snapshot[] = [];
    for (const age of [200, 90]) {
      const s = makeSnapshot({ tenantId: u, takenAt: new Date(Date.now() - age * DAY) });
      await stores.snapshots.saveSnapshot(s, makeExposure(s));
      old.push(s);
    }
    expect(await stores.snapshots.purgeOlderThan(u, new Date())).toEqual({ deletedSnapshots: 1 });
    expect((await stores.snapshots.getLatestSummary(u))?.snapshotId).toBe(old[1]!.id);
    expect(await stores.snapshots.loadSnapshot(u, old[1]!.id)).toEqual(old[1]);
    expect(await stores.snapshots.purgeOlderThan(u, new Date())).toEqual({ deletedSnapshots: 0 });
  });

  it("rejects hostile tenant and snapshot ids before any request", async () => {
    const before = stores.operations();
    const good = makeSnapshot();
    for (const tenantId of ["../x", "a/b", `${TENANT}#`, `${TENANT}?`, "tenant", `${TENANT}\u0000`]) {
      await expect(stores.snapshots.getLatestSummary(tenantId)).rejects.toBeInstanceOf(UserError);
      const s = { ...good, tenantId };
      await expect(stores.snapshots.saveSnapshot(s, makeExposure(s))).rejects.toBeInstanceOf(UserError);
    }
    for (const id of ["a/b", "a\\b", "a#b", "a?b", "a\u0001b", "", "x'y", "../etc"]) {
      await expect(stores.snapshots.loadSnapshot(TENANT, id)).rejects.toBeInstanceOf(UserError);
      const s = { ...good, id };
      await expect(stores.snapshots.saveSnapshot(s, { ...makeExposure(s) })).rejects.toBeInstanceOf(UserError);
    }
    expect(stores.operations()).toBe(before);
  });
});
