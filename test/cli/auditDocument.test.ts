/**
 * The saved audit document: what `audit --json` writes reads back to the same snapshot and exposure;
 * anything else is refused with a message that says what to do; an older snapshot schema is migrated.
 */
import { describe, expect, it } from "vitest";
import {
  AUDIT_DOCUMENT_FORMAT,
  AUDIT_DOCUMENT_VERSION,
  parseAuditDocument,
  toAuditDocument,
} from "../../shared/cli/auditDocument.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { ROLE, SnapshotBuilder, user } from "../exposure/fixtures.js";

const snapshot = new SnapshotBuilder().assign(user("u-hd", { synced: true }), ROLE.helpdeskAdministrator).build();
const exposure = computeExposure(snapshot);
const text = JSON.stringify(toAuditDocument({ snapshot, exposure }));

describe("audit document", () => {
  it("is the exposure at the top level, with format, version and the snapshot", () => {
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, 2)).toEqual(["format", "formatVersion"]);
    expect(doc).toMatchObject({ format: AUDIT_DOCUMENT_FORMAT, formatVersion: AUDIT_DOCUMENT_VERSION });
    expect(doc).toMatchObject(JSON.parse(JSON.stringify(exposure)));
    expect(doc.snapshot).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });

  it("reads back to the same snapshot and the exposure recomputed from it", () => {
    const read = parseAuditDocument(text, "a.json");
    expect(read.snapshot).toEqual(JSON.parse(JSON.stringify(snapshot)));
    expect(read.exposure).toEqual(JSON.parse(JSON.stringify(exposure)));
  });

  it("recomputes rather than trusts the exposure written beside the snapshot", () => {
    const edited = { ...JSON.parse(text), findings: [], headline: { resetPaths: 0 } };
    expect(parseAuditDocument(JSON.stringify(edited), "a.json").exposure).toEqual(JSON.parse(JSON.stringify(exposure)));
  });

  it("a section the writer did not know reads as not collected (older snapshot schema)", () => {
    const doc = JSON.parse(text);
    delete doc.snapshot.sections.appPermissions;
    const read = parseAuditDocument(JSON.stringify(doc), "old.json");
    expect(read.snapshot.sections.appPermissions).toMatchObject({ status: "unknown", reason: "not-collected" });
  });

  it("refuses what is not a saved audit, naming the file and how to make one", () => {
    const doc = JSON.parse(text);
    const cases: Array<[string, RegExp]> = [
      [
        "[1,2]",
        /b\.json is not a saved audit \(not a JSON object\); write one with `writeback-watch audit --json > b\.json`/,
      ],
      ["nope", /not JSON/],
      [JSON.stringify(exposure), /no "format" and no "snapshot"/],
      [JSON.stringify({ ...doc, format: "other" }), /"format" is "other"/],
      [JSON.stringify({ ...doc, formatVersion: 2 }), /format version 2; this release reads version 1/],
      [JSON.stringify({ ...doc, snapshot: { ...doc.snapshot, schemaVersion: 99 } }), /schema version 99/],
      [JSON.stringify({ ...doc, snapshot: "x" }), /not an object/],
      [JSON.stringify({ ...doc, snapshot: { schemaVersion: 1, sections: {} } }), /no tenantId, takenAt or sections/],
    ];
    for (const [body, pattern] of cases) {
      expect(() => parseAuditDocument(body, "b.json"), body.slice(0, 40)).toThrow(pattern);
      try {
        parseAuditDocument(body, "b.json");
      } catch (error) {
        expect((error as { isUserError?: boolean }).isUserError).toBe(true);
      }
    }
  });
});
