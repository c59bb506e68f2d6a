/** TableOutboxStore on Azurite: idempotent enqueue of large bodies, key-safe rows, ETag-guarded updates. */
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { ConcurrentUpdateError } from "../../shared/store/errors.js";
import type { OutboxItem } from "../../shared/store/types.js";
import { TENANT } from "./fixtures.js";
import { azuriteStoresForSuite } from "./azuriteStores.js";

const { stores, rawTable } = azuriteStoresForSuite("outbox");

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
    expect(await stores().outbox.enqueue(items)).toBe(2);
    expect(await stores().outbox.enqueue([item("owner@contoso.example", "<i>retry</i>")])).toBe(0);

    const unsent = await stores().outbox.listPending(TENANT);
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

  it("updates with the ETag, rejects a stale one, and drops sent items from listPending", async () => {
    const [a, b] = await stores().outbox.listPending(TENANT);
    const stale = { ...a! };
    a!.status = "pending";
    a!.attempts = 1;
    a!.operationId = "op-1";
    await stores().outbox.update(a!);
    expect(a!.etag).not.toBe(stale.etag);
    await expect(stores().outbox.update({ ...stale, status: "sent" })).rejects.toBeInstanceOf(ConcurrentUpdateError);

    await stores().outbox.update({ ...a!, status: "sent", sentAt: "2030-01-01T00:01:00.000Z", messageId: "m-1" });
    const left = await stores().outbox.listPending(TENANT);
    expect(left.map((i) => i.dedupeKey)).toEqual([b!.dedupeKey]);
    await expect(stores().outbox.update(item("nobody@contoso.example", "x"))).rejects.toThrow(/enqueue it/);
  });
});
