/**
 * The acceptances table on Azurite: the current row and its history line are written together or
 * not at all, history is append-only, and a stale ETag loses.
 */
import { describe, expect, it } from "vitest";
import type { AcceptanceEvent } from "../../shared/acceptance/types.js";
import { ConcurrentUpdateError } from "../../shared/store/errors.js";
import { acceptance } from "../acceptance/fixtures.js";
import { azuriteStoresForSuite } from "./azuriteStores.js";
import { TENANT } from "./fixtures.js";

const suite = azuriteStoresForSuite("acc");

function event(action: AcceptanceEvent["action"], at: string, overrides = {}): AcceptanceEvent {
  const a = acceptance({ id: "acc-abc", acceptedAt: at, ...overrides });
  return { acceptanceId: a.id, action, at, by: "alice@contoso.com", acceptance: a };
}

describe("TableAcceptanceStore", () => {
  it("accept, renew, revoke: one current row, three history lines in order, each with who and when", async () => {
    const store = suite.stores().acceptances;
    const first = await store.record(event("accept", "2026-01-01T00:00:00.000Z"), TENANT);
    const renewed = await store.record(
      event("renew", "2026-01-01T00:00:00.000Z", { expiresAt: "2026-07-01T00:00:00.000Z" }),
      TENANT,
      { etag: first.etag },
    );
    await store.record(
      event("revoke", "2026-02-01T00:00:00.000Z", {
        expiresAt: "2026-07-01T00:00:00.000Z",
        revokedAt: "2026-02-01T00:00:00.000Z",
        revokedBy: "bob",
      }),
      TENANT,
      { etag: renewed.etag },
    );
    const current = await store.list(TENANT);
    expect(current).toHaveLength(1);
    expect(current[0]!.acceptance).toMatchObject({ expiresAt: "2026-07-01T00:00:00.000Z", revokedBy: "bob" });
    const history = await store.history(TENANT, "acc-abc");
    expect(history.map((h) => [h.action, h.at, h.by])).toEqual([
      ["accept", "2026-01-01T00:00:00.000Z", "alice@contoso.com"],
      ["renew", "2026-01-01T00:00:00.000Z", "alice@contoso.com"],
      ["revoke", "2026-02-01T00:00:00.000Z", "alice@contoso.com"],
    ]);
    expect(history[0]!.acceptance.expiresAt).toBe("2026-06-01T00:00:00.000Z");
    // Rows as stored: history rows numbered by version, never rewritten.
    const rows: string[] = [];
    for await (const r of suite.rawTable("acceptances").listEntities()) rows.push(r.rowKey!);
    expect(rows.sort()).toEqual([
      "current!acc-abc",
      "history!acc-abc!000001",
      "history!acc-abc!000002",
      "history!acc-abc!000003",
    ]);
  });

  it("a stale ETag loses, and nothing of the losing write is stored", async () => {
    const store = suite.stores().acceptances;
    const a = { acceptanceId: "acc-race" };
    const created = await store.record(
      { ...event("accept", "2026-01-01T00:00:00.000Z", { id: "acc-race" }), ...a },
      TENANT,
    );
    await store.record({ ...event("renew", "2026-01-02T00:00:00.000Z", { id: "acc-race" }), ...a }, TENANT, {
      etag: created.etag,
    });
    await expect(
      store.record({ ...event("revoke", "2026-01-03T00:00:00.000Z", { id: "acc-race" }), ...a }, TENANT, {
        etag: created.etag,
      }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    // Accepting a new acceptance whose id exists already loses too (create, not overwrite).
    await expect(
      store.record({ ...event("accept", "2026-01-04T00:00:00.000Z", { id: "acc-race" }), ...a }, TENANT),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    const history = await store.history(TENANT, "acc-race");
    expect(history.map((h) => h.action)).toEqual(["accept", "renew"]);
  });

  it("the transaction writes both rows or neither: a history line that exists fails the current row too", async () => {
    const store = suite.stores().acceptances;
    const raw = suite.rawTable("acceptances");
    // A history line at the version the next write would use, as if left by a concurrent writer.
    const created = await store.record(event("accept", "2026-01-01T00:00:00.000Z", { id: "acc-tx" }), TENANT);
    await raw.createEntity({ partitionKey: TENANT, rowKey: "history!acc-tx!000002", data: "{}" });
    await expect(
      store.record(
        { ...event("renew", "2026-01-05T00:00:00.000Z", { id: "acc-tx", reason: "changed" }), acceptanceId: "acc-tx" },
        TENANT,
        { etag: created.etag },
      ),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    const current = (await store.list(TENANT)).find((s) => s.acceptance.id === "acc-tx")!;
    expect(current.acceptance.reason).toBe("Break-glass account, sign-ins alerted");
    expect(current.etag).toBe(created.etag);
  });
});
