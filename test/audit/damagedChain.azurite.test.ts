/**
 * Damage to the snapshot chain never sends an alert twice: a corrupted newest chunk or a deleted
 * summary row makes the next audit diff against an older snapshot, which finds the increase that
 * was already emailed once more. Over real HTTP: Graph simulator, Azurite tables, ACS stand-in.
 */
import type { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../shared/audit/runAudit.js";
import { getLatestReport } from "../../shared/audit/readers.js";
import { DEMO, ROLE } from "../../sim/graph/index.js";
import type { LocalStack } from "../../demo/localStack.js";
import { corruptChunk, rowKeys } from "./snapshotDamage.js";
import { stackPerTest } from "./stackPerTest.js";

const RECIPIENTS = ["secops@example.com", "identity-team@example.com"];
const stacks = stackPerTest("chain");

async function newStack(): Promise<{ s: LocalStack; snapshotsTable: TableClient }> {
  const s = await stacks.newStack({ recipients: RECIPIENTS });
  return { s, snapshotsTable: stacks.rawTable("snapshots") };
}

async function deleteSummary(table: TableClient, snapshotId: string): Promise<void> {
  for (const key of await rowKeys(table, snapshotId)) {
    if (key.startsWith("s!") || key.startsWith("i!")) await table.deleteEntity(DEMO.tenantId, key);
  }
}

const increases = (run: Awaited<ReturnType<typeof runAudit>>) =>
  run.diff.changes.filter((c) => c.direction === "increase");

describe("alerts after damage to the snapshot chain", () => {
  it("a corrupted newest chunk: the next audit re-finds the increase and emails nobody again", async () => {
    const { s, snapshotsTable } = await newStack();
    const baseline = await runAudit(s.ctx, { trigger: "timer" });
    s.graph.mutate.escalation();
    const grown = await runAudit(s.ctx, { trigger: "timer" });
    expect(grown.alerts.sent).toBe(2);
    expect(s.acs.messages).toHaveLength(2);

    await corruptChunk(snapshotsTable, DEMO.tenantId, grown.summary.snapshotId);
    const after = await runAudit(s.ctx, { trigger: "timer" });
    // The audit compared with the baseline, so it found the same increase again...
    expect(after.diff.fromSnapshotId).toBe(baseline.summary.snapshotId);
    expect(increases(after).length).toBeGreaterThan(0);
    // ...and told nobody twice.
    expect(s.acs.messages).toHaveLength(2);
    expect(after.alerts).toMatchObject({ queued: 0, sent: 0 });
    expect(after.alerts.alreadyTold).toBeGreaterThan(0);
  });

  it("a deleted summary row: the same, and a real re-occurrence after a decrease alerts again", async () => {
    const { s, snapshotsTable } = await newStack();
    await runAudit(s.ctx, { trigger: "timer" });
    const { userId, assignmentId } = s.graph.mutate.escalation();
    const grown = await runAudit(s.ctx, { trigger: "timer" });
    expect(s.acs.messages).toHaveLength(2);

    await deleteSummary(snapshotsTable, grown.summary.snapshotId);
    const after = await runAudit(s.ctx, { trigger: "timer" });
    expect(increases(after).length).toBeGreaterThan(0);
    expect(s.acs.messages).toHaveLength(2);

    // The role is taken away (a decrease, no email), then given back: that is news again.
    s.graph.mutate.removeRoleAssignment(assignmentId);
    const removed = await runAudit(s.ctx, { trigger: "timer" });
    expect(removed.diff.changes.some((c) => c.direction === "decrease")).toBe(true);
    expect(s.acs.messages).toHaveLength(2);
    s.graph.mutate.addRoleAssignment(userId, ROLE.helpdeskAdministrator, "/");
    const again = await runAudit(s.ctx, { trigger: "timer" });
    expect(again.alerts.sent).toBe(2);
    expect(s.acs.messages).toHaveLength(4);
    expect(
      s.acs.messages
        .slice(2)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([...RECIPIENTS].sort());
  });

  it("the report says it serves an older snapshot, and why", async () => {
    const { s, snapshotsTable } = await newStack();
    const first = await runAudit(s.ctx, { trigger: "timer" });
    const second = await runAudit(s.ctx, { trigger: "timer" });
    await corruptChunk(snapshotsTable, DEMO.tenantId, second.summary.snapshotId);
    const report = await getLatestReport(s.ctx);
    expect(report?.summary.snapshotId).toBe(first.summary.snapshotId);
    expect(report?.olderThanNewest).toMatchObject({
      unreadable: [{ snapshotId: second.summary.snapshotId, takenAt: second.summary.takenAt }],
    });
    expect(report?.olderThanNewest?.detail).toMatch(/cannot be read.*SHA-256/);
  });
});
