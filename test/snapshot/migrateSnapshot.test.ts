/** Reading snapshots written by other releases (shared/snapshot/migrateSnapshot.ts). */
import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../shared/diff/diffSnapshots.js";
import { migrateSnapshot, SnapshotSchemaError } from "../../shared/snapshot/migrateSnapshot.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../shared/snapshot/types.js";
import { seedId, seedSnapshot } from "../functions/seed.js";

const T1 = "2026-04-01T09:00:00.000Z";
const T2 = "2026-04-01T10:00:00.000Z";

describe("migrateSnapshot", () => {
  it("reads a current snapshot as it is", () => {
    const s = seedSnapshot({ id: seedId(T1, "a"), takenAt: T1, resetters: 1 });
    expect(migrateSnapshot(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it("a section the writing release did not know reads as not collected, and the first diff says nothing of it", () => {
    const old = seedSnapshot({ id: seedId(T1, "a"), takenAt: T1, resetters: 2 });
    const stored = JSON.parse(JSON.stringify(old)) as { sections: Record<string, unknown> };
    delete stored.sections.appPermissions;
    delete stored.sections.ssprRegistration;
    const read = migrateSnapshot(stored);
    expect(read.sections.appPermissions).toMatchObject({ status: "unknown", reason: "not-collected" });
    const now = seedSnapshot({ id: seedId(T2, "b"), takenAt: T2, resetters: 2 });
    expect(diffSnapshots({ snapshot: read }, { snapshot: now }).changes).toEqual([]);
    // A section this release cannot read any more is still reported.
    const lost = {
      ...now,
      sections: {
        ...now.sections,
        authorizationPolicy: { status: "unknown" as const, reason: "forbidden" as const, detail: "403" },
      },
    };
    expect(diffSnapshots({ snapshot: read }, { snapshot: lost }).changes.map((c) => c.key)).toEqual([
      "coverage:authorizationPolicy",
    ]);
  });

  it("refuses a snapshot of a newer schema (a downgrade) or no object at all", () => {
    const s = seedSnapshot({ id: seedId(T1, "a"), takenAt: T1, resetters: 1 });
    expect(() => migrateSnapshot({ ...s, schemaVersion: SNAPSHOT_SCHEMA_VERSION + 1 })).toThrow(SnapshotSchemaError);
    expect(() => migrateSnapshot("nope")).toThrow(SnapshotSchemaError);
  });
});
