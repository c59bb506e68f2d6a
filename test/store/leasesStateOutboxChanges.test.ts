import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import { ConcurrentUpdateError } from "../../shared/store/errors.js";
import { MAX_CHANGE_JSON_CHARS } from "../../shared/store/TableChangeStore.js";
import { LeaseHeldError, UserError } from "../../shared/errors.js";
import type { Change, Diff } from "../../shared/diff/types.js";
import type { Finding } from "../../shared/exposure/types.js";
import type { OutboxItem } from "../../shared/store/types.js";
import { TENANT } from "./fixtures.js";

let azurite: RunningAzurite;
let stores: TableStores;
let clock = Date.parse("2030-01-01T00:00:00Z");

beforeAll(async () => {
  azurite = await startAzurite();
  stores = await createTableStores(
    { connectionString: azurite.connectionString },
    { tablePrefix: "misc", now: () => new Date(clock) },
  );
});

afterAll(async () => {
  await azurite?.stop();
});

function rawTable(name: string): TableClient {
  return TableClient.fromConnectionString(azurite.connectionString, `misc${name}`, { allowInsecureConnection: true });
}

describe("lease store", () => {
  it("lets exactly one of 10 concurrent callers win", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => stores.leases.acquire("race", `holder-${i}`, 60)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const r of lost) expect(r.reason).toBeInstanceOf(LeaseHeldError);
    const winner = (won[0] as PromiseFulfilledResult<{ holder: string }>).value.holder;
    for (const r of lost) expect((r.reason as LeaseHeldError).holder).toBe(winner);
  });

  it("lets one of many take over an expired lease, and a stale release does not free it", async () => {
    const first = await stores.leases.acquire("audit", "crashed-run", 60);
    await expect(stores.leases.acquire("audit", "other", 60)).rejects.toBeInstanceOf(LeaseHeldError);

    clock += 61_000; // the crashed holder's lease has now expired
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => stores.leases.acquire("audit", `taker-${i}`, 60)),
    );
    const won = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ holder: string }>[];
    expect(won).toHaveLength(1);
    const newHolder = won[0]!.value.holder;

    await stores.leases.release(first); // stale: must not delete the new holder's row
    const err = await stores.leases.acquire("audit", "late", 60).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseHeldError);
    expect((err as LeaseHeldError).holder).toBe(newHolder);
  });

  it("releases a lease so the next caller gets it, and rejects unsafe names", async () => {
    const lease = await stores.leases.acquire("digest", "a", 60);
    await stores.leases.release(lease);
    await stores.leases.release(lease); // already gone: not an error
    const next = await stores.leases.acquire("digest", "b", 60);
    expect(next.holder).toBe("b");
    await expect(stores.leases.acquire("a/b", "x", 60)).rejects.toBeInstanceOf(UserError);
    await expect(stores.leases.acquire("a#b", "x", 60)).rejects.toBeInstanceOf(UserError);
  });
});

describe("state store", () => {
  it("keeps the last run and per-tenant cursors", async () => {
    expect(await stores.state.getLastRun()).toBeUndefined();
    await stores.state.setLastRun({
      tenantId: TENANT,
      at: "2030-01-01T00:00:00.000Z",
      status: "ok",
      snapshotId: "s1",
      durationMs: 12,
    });
    await stores.state.setLastRun({
      tenantId: TENANT,
      at: "2030-01-01T01:00:00.000Z",
      status: "partial",
      snapshotId: "s2",
    });
    expect(await stores.state.getLastRun()).toEqual({
      tenantId: TENANT,
      at: "2030-01-01T01:00:00.000Z",
      status: "partial",
      snapshotId: "s2",
    });

    expect(await stores.state.getCursor(TENANT, "auditLog")).toBeUndefined();
    await stores.state.setCursor(TENANT, "auditLog", "2030-01-01T00:00:00Z");
    await stores.state.setCursor(TENANT, "digest", "x");
    expect(await stores.state.getCursor(TENANT, "auditLog")).toBe("2030-01-01T00:00:00Z");
    expect(await stores.state.getCursor(TENANT.toUpperCase(), "auditLog")).toBe("2030-01-01T00:00:00Z");
    expect(await stores.state.getCursor("11111111-2222-3333-4444-555555555555", "auditLog")).toBeUndefined();
    await expect(stores.state.getCursor(TENANT, "../x")).rejects.toBeInstanceOf(UserError);
    await expect(stores.state.setCursor("not-a-guid", "auditLog", "v")).rejects.toBeInstanceOf(UserError);
  });
});

function item(recipient: string, html: string, snapshotId = "20300101T000000000Z-abcd1234"): OutboxItem {
  return {
    tenantId: TENANT,
    dedupeKey: `${snapshotId}:${recipient}`,
    kind: "alert",
    snapshotId,
    recipient,
    subject: "Password writeback exposure increased: 2 new reset paths",
    html,
    text: "plain",
    createdAt: "2030-01-01T00:00:00.000Z",
    status: "pending",
    attempts: 0,
  };
}

describe("outbox store", () => {
  it("enqueues each dedupe key once, with bodies over 64 KiB, and never a raw address in a key", async () => {
    // Random text does not compress: the gzipped body spans several binary properties.
    const bigHtml = `<p>${randomBytes(200_000).toString("base64")}</p>`;
    const items = [item("owner@contoso.example", bigHtml), item("o'brien/#?@contoso.example", "<b>x</b>")];
    expect(await stores.outbox.enqueue(items)).toBe(2);
    expect(await stores.outbox.enqueue([item("owner@contoso.example", "<i>retry</i>")])).toBe(0);

    const unsent = await stores.outbox.listUnsent(TENANT);
    expect(unsent).toHaveLength(2);
    const owner = unsent.find((i) => i.recipient === "owner@contoso.example")!;
    expect(owner.html).toBe(bigHtml); // the re-enqueue left the original untouched
    expect(owner.etag).toBeTruthy();
    expect(unsent.find((i) => i.recipient.startsWith("o'brien"))!.html).toBe("<b>x</b>");

    const keys: string[] = [];
    for await (const row of rawTable("outbox").listEntities({ queryOptions: { select: ["RowKey"] } }))
      keys.push(row.rowKey!);
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("updates with the ETag, rejects a stale one, and drops sent items from listUnsent", async () => {
    const [a, b] = await stores.outbox.listUnsent(TENANT);
    const stale = { ...a! };
    a!.status = "pending";
    a!.attempts = 1;
    a!.operationId = "op-1";
    await stores.outbox.update(a!);
    expect(a!.etag).not.toBe(stale.etag);
    await expect(stores.outbox.update({ ...stale, status: "sent" })).rejects.toBeInstanceOf(ConcurrentUpdateError);

    await stores.outbox.update({ ...a!, status: "sent", sentAt: "2030-01-01T00:01:00.000Z", messageId: "m-1" });
    const left = await stores.outbox.listUnsent(TENANT);
    expect(left.map((i) => i.dedupeKey)).toEqual([b!.dedupeKey]);
    await expect(stores.outbox.update(item("nobody@contoso.example", "x"))).rejects.toThrow(/enqueue it/);
  });
});

function finding(key: string, detailSize = 0): Finding {
  return {
    key,
    kind: "reset-path",
    severity: "high",
    title: `<img src=x onerror=alert(1)> can reset 3 synced users`,
    scope: "/",
    reach: { syncedUsers: 3, sample: ["a@contoso.example"] },
    ...(detailSize ? { detail: { blob: "x".repeat(detailSize) } } : {}),
  };
}

function diff(toSnapshotId: string, toTakenAt: string, changes: Change[]): Diff {
  return {
    tenantId: TENANT,
    fromSnapshotId: "20291231T000000000Z-prev0000",
    toSnapshotId,
    fromTakenAt: "2029-12-31T00:00:00.000Z",
    toTakenAt,
    baseline: false,
    changes,
    headlineBefore: null,
    headlineAfter: { resetters: 1, syncedUsers: 3, resetPaths: 3, potential: false },
  };
}

describe("change store", () => {
  it("saves changes idempotently, trims oversized ones, and lists a time window oldest first", async () => {
    const added: Change = {
      key: "reset-path:u1",
      type: "added",
      direction: "increase",
      severity: "high",
      summary: "new",
      after: finding("reset-path:u1"),
    };
    const huge: Change = {
      key: "reset-path:u2",
      type: "changed",
      direction: "increase",
      severity: "high",
      summary: "grew",
      before: finding("reset-path:u2", 50_000),
      after: finding("reset-path:u2", 50_000),
    };
    const d1 = diff("20300102T000000000Z-aaaa0001", "2030-01-02T00:00:00.000Z", [added, huge]);
    const d2 = diff("20300103T000000000Z-aaaa0002", "2030-01-03T00:00:00.000Z", [
      { ...added, type: "removed", direction: "decrease" },
    ]);
    expect(await stores.changes.saveChanges(d1)).toBe(2);
    expect(await stores.changes.saveChanges(d1)).toBe(2); // re-save: same rows
    expect(await stores.changes.saveChanges(d2)).toBe(1);
    expect(await stores.changes.saveChanges(diff("x", "2030-01-04T00:00:00.000Z", []))).toBe(0);

    const all = await stores.changes.listChanges(TENANT, new Date("2030-01-01T00:00:00Z"));
    expect(all.map((c) => [c.toSnapshotId, c.key, c.type])).toEqual([
      ["20300102T000000000Z-aaaa0001", "reset-path:u1", "added"],
      ["20300102T000000000Z-aaaa0001", "reset-path:u2", "changed"],
      ["20300103T000000000Z-aaaa0002", "reset-path:u1", "removed"],
    ]);
    expect(all[0]).toMatchObject({
      ...added,
      tenantId: TENANT,
      fromSnapshotId: d1.fromSnapshotId,
      detectedAt: d1.toTakenAt,
    });
    const trimmed = all[1]!;
    expect(JSON.stringify(trimmed).length).toBeLessThan(MAX_CHANGE_JSON_CHARS + 500);
    expect(trimmed.after?.key).toBe("reset-path:u2");
    expect(trimmed.before?.key).toBe("reset-path:u2");
    expect(trimmed.after?.reach.syncedUsers).toBe(3);
    expect(trimmed.after?.detail).toBeUndefined();

    const window = await stores.changes.listChanges(
      TENANT,
      new Date("2030-01-02T00:00:00Z"),
      new Date("2030-01-03T00:00:00Z"),
    );
    expect(window.map((c) => c.toSnapshotId)).toEqual(["20300102T000000000Z-aaaa0001", "20300102T000000000Z-aaaa0001"]);
  });
});
