/** Rows for Log Analytics: the columns the deployed DCR declares, reserved names avoided, batches bounded. */
import { describe, expect, it } from "vitest";
import {
  batchRows,
  changeRow,
  findingRow,
  ingestionBatches,
} from "../../../shared/notify/channels/logs/ingestionRows.js";
import { dcrStreamsFromTemplate } from "../../../sim/channels/dcrStreams.js";
import { alertContent } from "./fixtures.js";

const RESERVED = ["TenantId", "Type", "id", "Title", "UniqueId", "_ResourceId", "_SubscriptionId"];

describe("ingestion rows", () => {
  const streams = dcrStreamsFromTemplate();
  const content = alertContent(2);

  it("a finding row has exactly the columns of the findings stream, none reserved", () => {
    const row = findingRow(content.exposure, content.exposure.findings[0]!);
    expect(Object.keys(row).sort()).toEqual(streams["Custom-WritebackWatchFindings"]!.map((c) => c.name).sort());
    for (const name of RESERVED) expect(row).not.toHaveProperty(name);
    for (const name of Object.keys(row)) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,44}$/);
  });

  it("a change row has exactly the columns of the changes stream", () => {
    const row = changeRow(content.diff, content.diff.changes[0]!);
    expect(Object.keys(row).sort()).toEqual(streams["Custom-WritebackWatchChanges"]!.map((c) => c.name).sort());
  });

  it("the same row gets the same RecordId; another snapshot's row another", () => {
    const f = content.exposure.findings[0]!;
    expect(findingRow(content.exposure, f).RecordId).toBe(findingRow(content.exposure, f).RecordId);
    expect(findingRow({ ...content.exposure, snapshotId: "other" }, f).RecordId).not.toBe(
      findingRow(content.exposure, f).RecordId,
    );
  });

  it("clips long tenant strings far below the 64 KB a field may hold", () => {
    const long = alertContent(1, () => "n".repeat(100_000));
    const row = findingRow(long.exposure, long.exposure.findings[0]!);
    expect((row.PrincipalName as string).length).toBe(4096);
  });

  it("batches never exceed the byte budget, and keep every row in order", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ i, pad: "x".repeat(100) }));
    const batches = batchRows(rows, 1000);
    expect(batches.flat()).toEqual(rows);
    for (const b of batches) expect(b.reduce((n, r) => n + JSON.stringify(r).length + 1, 0)).toBeLessThanOrEqual(1000);
    // A row larger than the budget still goes, alone.
    expect(batchRows([{ big: "y".repeat(2000) }, { a: 1 }], 1000)).toHaveLength(2);
  });

  it("coverage changes are not rows (they are not findings moving)", () => {
    const diff = {
      ...content.diff,
      changes: [...content.diff.changes, { ...content.diff.changes[0]!, key: "coverage:x", type: "coverage" as const }],
    };
    const [, changes] = ingestionBatches(
      { diff, exposure: content.exposure },
      { findingsStream: "Custom-F", changesStream: "Custom-C" },
    );
    expect((JSON.parse(changes!.message.text) as { rows: unknown[] }).rows).toHaveLength(content.diff.changes.length);
  });
});
