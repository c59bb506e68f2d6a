/** TableChangeStore on Azurite: idempotent saves, oversized changes trimmed, time-window listing. */
import { describe, expect, it } from "vitest";
import { MAX_CHANGE_JSON_CHARS } from "../../shared/store/TableChangeStore.js";
import type { Change, Diff } from "../../shared/diff/types.js";
import type { Finding } from "../../shared/exposure/types.js";
import { TENANT } from "./fixtures.js";
import { azuriteStoresForSuite } from "./azuriteStores.js";

const { stores } = azuriteStoresForSuite("changes");

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
    headlineAfter: { resetters: 1, syncedUsers: 3, syncedUsersReached: 3, resetPaths: 3, potential: false },
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
    expect(await stores().changes.saveChanges(d1)).toBe(2);
    expect(await stores().changes.saveChanges(d1)).toBe(2); // re-save: same rows
    expect(await stores().changes.saveChanges(d2)).toBe(1);
    expect(await stores().changes.saveChanges(diff("x", "2030-01-04T00:00:00.000Z", []))).toBe(0);

    const all = await stores().changes.listChanges(TENANT, new Date("2030-01-01T00:00:00Z"));
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

    const window = await stores().changes.listChanges(
      TENANT,
      new Date("2030-01-02T00:00:00Z"),
      new Date("2030-01-03T00:00:00Z"),
    );
    expect(window.map((c) => c.toSnapshotId)).toEqual(["20300102T000000000Z-aaaa0001", "20300102T000000000Z-aaaa0001"]);
  });

  it("a change listing many findings (one cause) is stored with as many of their lines as fit, and says how many it left out", async () => {
    const items: Change[] = Array.from({ length: 2000 }, (_, i) => ({
      key: `reset-path:u${i}`,
      type: "changed",
      direction: "increase",
      severity: "high",
      summary: `Admin ${i} can reset the passwords of 300 synced users (Helpdesk Administrator, tenant-wide, active).`,
      after: finding(`reset-path:u${i}`),
    }));
    const folded: Change = {
      key: "writeback",
      type: "changed",
      direction: "increase",
      severity: "critical",
      summary: "Password writeback switched on: 2000 reset paths to on-prem are now live.",
      rule: "writeback-switched",
      items,
    };
    await stores().changes.saveChanges(diff("20300105T000000000Z-cccc0001", "2030-01-05T00:00:00.000Z", [folded]));
    const [stored] = await stores().changes.listChanges(TENANT, new Date("2030-01-05T00:00:00Z"));
    expect(stored!.summary).toBe(folded.summary);
    expect(stored!.items!.length).toBeGreaterThan(0);
    expect(stored!.items!.length + stored!.omittedItems!).toBe(2000);
    expect(stored!.items![0]).toEqual({
      key: "reset-path:u0",
      type: "changed",
      direction: "increase",
      severity: "high",
      summary: items[0]!.summary,
    });
  });
});
