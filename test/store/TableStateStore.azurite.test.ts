/** TableStateStore on Azurite: the last run and per-tenant cursors, with unsafe keys refused. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../shared/errors.js";
import { TENANT } from "./fixtures.js";
import { azuriteStoresForSuite } from "./azuriteStores.js";

const { stores } = azuriteStoresForSuite("state");

describe("state store", () => {
  it("keeps the last run and per-tenant cursors", async () => {
    expect(await stores().state.getLastRun()).toBeUndefined();
    await stores().state.setLastRun({
      tenantId: TENANT,
      at: "2030-01-01T00:00:00.000Z",
      status: "ok",
      snapshotId: "s1",
      durationMs: 12,
    });
    await stores().state.setLastRun({
      tenantId: TENANT,
      at: "2030-01-01T01:00:00.000Z",
      status: "partial",
      snapshotId: "s2",
    });
    expect(await stores().state.getLastRun()).toEqual({
      tenantId: TENANT,
      at: "2030-01-01T01:00:00.000Z",
      status: "partial",
      snapshotId: "s2",
    });

    expect(await stores().state.getCursor(TENANT, "auditLog")).toBeUndefined();
    await stores().state.setCursor(TENANT, "auditLog", "2030-01-01T00:00:00Z");
    await stores().state.setCursor(TENANT, "digest", "x");
    expect(await stores().state.getCursor(TENANT, "auditLog")).toBe("2030-01-01T00:00:00Z");
    expect(await stores().state.getCursor(TENANT.toUpperCase(), "auditLog")).toBe("2030-01-01T00:00:00Z");
    expect(await stores().state.getCursor("11111111-2222-3333-4444-555555555555", "auditLog")).toBeUndefined();
    await expect(stores().state.getCursor(TENANT, "../x")).rejects.toBeInstanceOf(UserError);
    await expect(stores().state.setCursor("not-a-guid", "auditLog", "v")).rejects.toBeInstanceOf(UserError);
  });
});
