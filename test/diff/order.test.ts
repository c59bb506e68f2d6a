/** Which increases alert: one threshold for all, or one per finding kind over a default. */
import { describe, expect, it } from "vitest";
import { alertingChanges } from "../../shared/diff/order.js";
import type { Change, Diff } from "../../shared/diff/types.js";
import type { Finding, FindingKind, Severity } from "../../shared/exposure/types.js";

const finding = (kind: FindingKind): Finding => ({
  key: kind,
  kind,
  severity: "high",
  title: kind,
  scope: "/",
  reach: { syncedUsers: 1 },
});
const change = (kind: FindingKind, severity: Severity, extra: Partial<Change> = {}): Change => ({
  key: `${kind}:${severity}`,
  type: "added",
  direction: "increase",
  severity,
  summary: kind,
  after: finding(kind),
  ...extra,
});
const diff = (changes: Change[]): Diff => ({
  tenantId: "t",
  fromSnapshotId: "a",
  toSnapshotId: "b",
  fromTakenAt: "2026-01-01T00:00:00Z",
  toTakenAt: "2026-01-01T01:00:00Z",
  baseline: false,
  changes,
  headlineBefore: null,
  headlineAfter: { resetters: 0, syncedUsers: 0, syncedUsersReached: 0, resetPaths: 0, potential: false },
});

describe("alertingChanges", () => {
  const changes = [
    change("reset-path", "medium"),
    change("escalation-app-owner", "medium"),
    change("sspr", "high"),
    change("synced-reset", "low"),
    // A folded change is judged by its items' kind.
    { ...change("reset-path", "high"), after: undefined, items: [change("escalation-group-owner", "high")] },
    change("reset-path", "critical", { direction: "decrease" }),
  ];

  it("one severity for every kind", () => {
    expect(alertingChanges(diff(changes), "high").map((c) => c.key)).toEqual(["sspr:high", "reset-path:high"]);
  });

  it("a per-kind threshold overrides the default for its kind only", () => {
    const byKind = {
      "escalation-app-owner": "medium",
      sspr: "critical",
      "escalation-group-owner": "critical",
    } as const;
    expect(alertingChanges(diff(changes), { default: "high", byKind }).map((c) => c.key)).toEqual([
      "escalation-app-owner:medium",
    ]);
    expect(alertingChanges(diff(changes), { default: "low", byKind: {} }).map((c) => c.key)).toEqual([
      "reset-path:medium",
      "escalation-app-owner:medium",
      "sspr:high",
      "synced-reset:low",
      "reset-path:high",
    ]);
  });

  it("a baseline never alerts", () => {
    expect(alertingChanges({ ...diff(changes), baseline: true }, "info")).toEqual([]);
  });
});
