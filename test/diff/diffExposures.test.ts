import { describe, expect, it } from "vitest";
import { alertingChanges, diffExposures } from "../../shared/diff/diffExposures.js";
import type { Change } from "../../shared/diff/types.js";
import { appPermission, contradiction, exposure, next, resetPath, syncedPrivileged, syncedReset } from "./fixtures.js";

const byKey = (changes: Change[], key: string) => changes.filter((c) => c.key === key);
const one = (changes: Change[], key: string) => {
  const found = byKey(changes, key);
  expect(found, `changes for ${key}: ${JSON.stringify(changes.map((c) => c.key))}`).toHaveLength(1);
  return found[0]!;
};

describe("baseline", () => {
  it("lists current findings as context and alerts on nothing", () => {
    const cur = exposure({ findings: [resetPath({}), appPermission()], unknown: ["roleEligibilities"] });
    const diff = diffExposures(null, cur);
    expect(diff.baseline).toBe(true);
    expect(diff.headlineBefore).toBeNull();
    expect(diff.headlineAfter).toEqual(cur.headline);
    expect(
      diff.changes
        .filter((c) => c.type === "added")
        .map((c) => c.key)
        .sort(),
    ).toEqual(cur.findings.map((f) => f.key).sort());
    expect(diff.changes.every((c) => c.direction === "neutral")).toBe(true);
    expect(one(diff.changes, "coverage:roleEligibilities").type).toBe("coverage");
    expect(alertingChanges(diff, "info")).toEqual([]);
  });
});

describe("writeback", () => {
  it("off → on is a critical increase with a remediation", () => {
    const prev = exposure({ writeback: { state: "off", evidence: [] } });
    const c = one(diffExposures(prev, next(prev, { writeback: { state: "on", evidence: [] } })).changes, "writeback");
    expect(c).toMatchObject({ direction: "increase", severity: "critical", type: "changed" });
    expect(c.summary).toMatch(/switched on/);
    expect(c.remediation).toMatch(/disable it/);
  });
  it("on → off is a decrease; unknown → on an increase; on → unknown neutral", () => {
    const on = exposure({ writeback: { state: "on", evidence: [] } });
    expect(
      one(diffExposures(on, next(on, { writeback: { state: "off", evidence: [] } })).changes, "writeback").direction,
    ).toBe("decrease");
    const unknown = exposure({ writeback: { state: "unknown", evidence: [] } });
    expect(
      one(diffExposures(unknown, next(unknown, { writeback: { state: "on", evidence: [] } })).changes, "writeback"),
    ).toMatchObject({
      direction: "increase",
      severity: "critical",
    });
    expect(
      one(diffExposures(on, next(on, { writeback: { state: "unknown", evidence: [] } })).changes, "writeback")
        .direction,
    ).toBe("neutral");
  });
  it("no change when the state is the same", () => {
    const prev = exposure();
    expect(byKey(diffExposures(prev, next(prev)).changes, "writeback")).toHaveLength(0);
  });
});

describe("SSPR", () => {
  const sspr = (
    usersScope: "none" | "selected" | "all" | "unknown",
    n: number | null,
    adminSspr: boolean | null = true,
  ) => ({
    adminSspr,
    usersScope,
    ssprEnabledSyncedUsers: n,
    syncedUsers: 100,
  });
  it("users' scope widened is an increase, narrowed a decrease", () => {
    const prev = exposure({ sspr: sspr("selected", 10) });
    const widened = one(diffExposures(prev, next(prev, { sspr: sspr("all", 100) })).changes, "sspr:users");
    expect(widened).toMatchObject({ direction: "increase", severity: "high" });
    expect(widened.summary).toContain("selected to all");
    expect(widened.remediation).toBeTruthy();
    const narrowed = one(diffExposures(next(prev, { sspr: sspr("all", 100) }), prev).changes, "sspr:users");
    expect(narrowed.direction).toBe("decrease");
  });
  it("more synced users within a selected scope is an increase", () => {
    const prev = exposure({ sspr: sspr("selected", 10) });
    expect(one(diffExposures(prev, next(prev, { sspr: sspr("selected", 40) })).changes, "sspr:users").direction).toBe(
      "increase",
    );
  });
  it("an unknown scope on either side is no SSPR change", () => {
    const prev = exposure({ sspr: sspr("none", 0) });
    const cur = next(prev, { sspr: sspr("unknown", null), unknown: ["ssprRegistration"] });
    const diff = diffExposures(prev, cur);
    expect(byKey(diff.changes, "sspr:users")).toHaveLength(0);
    expect(one(diff.changes, "coverage:ssprRegistration").direction).toBe("neutral");
    // And back: unknown → all is not "widened".
    const back = diffExposures(cur, next(cur, { sspr: sspr("all", 100), unknown: [] }));
    expect(byKey(back.changes, "sspr:users")).toHaveLength(0);
  });
  it("admin SSPR toggled both ways", () => {
    const prev = exposure({ sspr: sspr("selected", 10, false) });
    const cur = next(prev, { sspr: sspr("selected", 10, true) });
    expect(one(diffExposures(prev, cur).changes, "sspr:admin").direction).toBe("increase");
    expect(one(diffExposures(cur, prev).changes, "sspr:admin").direction).toBe("decrease");
  });
});

describe("reset paths", () => {
  const variants = {
    "active direct": resetPath({}),
    eligible: resetPath({ assignment: "eligible", principalId: "u-eve", name: "Eve" }),
    "via group": resetPath({ principalId: "u-dan", name: "Dan", viaGroup: { id: "g-ops", name: "Ops admins" } }),
    "AU-scoped": resetPath({
      principalId: "u-fay",
      name: "Fay",
      scope: "/administrativeUnits/au-paris",
      scopeName: "Paris",
      reach: 7,
    }),
    "custom role": resetPath({
      principalId: "u-gus",
      name: "Gus",
      role: { templateId: "c0ffee00-0000-0000-0000-000000000001", name: "Password resetters", builtIn: false },
    }),
    "app permission": appPermission(),
  };
  for (const [name, f] of Object.entries(variants)) {
    it(`a new ${name} path is an increase with its reach; removing it a decrease`, () => {
      const prev = exposure();
      const cur = next(prev, { findings: [f] });
      const added = one(diffExposures(prev, cur).changes, f.key);
      expect(added).toMatchObject({ type: "added", direction: "increase", severity: f.severity, after: f });
      expect(added.summary).toContain(`${f.reach.syncedUsers} synced users`);
      expect(added.remediation).toBeTruthy();
      const removed = one(diffExposures(cur, next(cur, { findings: [] })).changes, f.key);
      expect(removed).toMatchObject({ type: "removed", direction: "decrease", before: f });
      expect(removed.remediation).toBeUndefined();
    });
  }
  it("describes how the path is held", () => {
    const prev = exposure();
    const cur = next(prev, {
      findings: [variants["via group"], variants["AU-scoped"], variants["custom role"], variants.eligible],
    });
    const summaries = diffExposures(prev, cur)
      .changes.map((c) => c.summary)
      .join("\n");
    expect(summaries).toContain('via group "Ops admins"');
    expect(summaries).toContain('administrative unit "Paris"');
    expect(summaries).toContain("Password resetters (custom role)");
    expect(summaries).toContain("eligible (PIM)");
  });
  it("reach grown is an increase, shrunk a decrease", () => {
    const prev = exposure({ findings: [resetPath({ reach: 10 })] });
    const grown = one(
      diffExposures(prev, next(prev, { findings: [resetPath({ reach: 25 })] })).changes,
      resetPath({}).key,
    );
    expect(grown).toMatchObject({ type: "changed", direction: "increase" });
    expect(grown.summary).toContain("from 10 to 25");
    expect(grown.remediation).toMatch(/more synced users/);
    const shrunk = one(
      diffExposures(prev, next(prev, { findings: [resetPath({ reach: 3 })] })).changes,
      resetPath({}).key,
    );
    expect(shrunk.direction).toBe("decrease");
  });
  it("a few more synced users in reach is a low increase (onboarding must not page owners); a step change keeps the finding's severity", () => {
    const prev = exposure({ findings: [resetPath({ reach: 200, severity: "critical" })] });
    const onboarding = one(
      diffExposures(prev, next(prev, { findings: [resetPath({ reach: 203, severity: "critical" })] })).changes,
      resetPath({}).key,
    );
    expect(onboarding).toMatchObject({ direction: "increase", severity: "low" });
    expect(
      alertingChanges(
        diffExposures(prev, next(prev, { findings: [resetPath({ reach: 203, severity: "critical" })] })),
        "high",
      ),
    ).toHaveLength(0);
    const step = one(
      diffExposures(prev, next(prev, { findings: [resetPath({ reach: 400, severity: "critical" })] })).changes,
      resetPath({}).key,
    );
    expect(step.severity).toBe("critical");
    const fromNothing = exposure({ findings: [resetPath({ reach: 0, severity: "high" })] });
    const first = one(
      diffExposures(fromNothing, next(fromNothing, { findings: [resetPath({ reach: 2, severity: "high" })] })).changes,
      resetPath({}).key,
    );
    expect(first.severity).toBe("high");
  });
  it("severity raised is an increase; one change per key even when reach also changed", () => {
    const prev = exposure({ findings: [resetPath({ reach: 10, severity: "medium" })] });
    const cur = next(prev, { findings: [resetPath({ reach: 5, severity: "critical" })] });
    const c = one(diffExposures(prev, cur).changes, resetPath({}).key);
    expect(c).toMatchObject({ direction: "increase", severity: "critical" });
    expect(c.summary).toMatch(/severity raised from medium to critical/i);
  });
  it("eligible → active is one increase, and back a decrease", () => {
    const eligible = resetPath({ assignment: "eligible" });
    const active = resetPath({ assignment: "active" });
    const prev = exposure({ findings: [eligible] });
    const cur = next(prev, { findings: [active] });
    const diff = diffExposures(prev, cur);
    const c = one(diff.changes, active.key);
    expect(c).toMatchObject({ type: "changed", direction: "increase", before: eligible, after: active });
    expect(c.summary).toMatch(/Eligible → active/);
    expect(byKey(diff.changes, eligible.key)).toHaveLength(0);
    expect(one(diffExposures(cur, prev).changes, eligible.key).direction).toBe("decrease");
  });
  it("unchanged findings produce no change", () => {
    const prev = exposure({ findings: [resetPath({}), appPermission()] });
    expect(diffExposures(prev, next(prev)).changes).toEqual([]);
  });
});

describe("other finding kinds", () => {
  it("a synced account gaining a privileged role is an increase", () => {
    const prev = exposure();
    const f = syncedPrivileged();
    const c = one(diffExposures(prev, next(prev, { findings: [f] })).changes, f.key);
    expect(c).toMatchObject({ direction: "increase", severity: "critical" });
    expect(c.remediation).toMatch(/cloud-only/);
  });
  it("new synced-user resets in the audit log are an increase; their ageing out is not a change", () => {
    const prev = exposure();
    const first = syncedReset(2, "2026-01-01T10:00:00Z");
    const cur = next(prev, { findings: [first] });
    expect(one(diffExposures(prev, cur).changes, "synced-reset").direction).toBe("increase");
    const later = next(cur, { findings: [syncedReset(2, "2026-01-02T10:00:00Z")] });
    expect(one(diffExposures(cur, later).changes, "synced-reset").direction).toBe("increase");
    const gone = next(cur, { findings: [] });
    expect(byKey(diffExposures(cur, gone).changes, "synced-reset")).toEqual([]);
  });
  it("a synced account's privileged-role finding does not repeat its reset path's reach growth", () => {
    const withReach = (n: number) => ({ ...syncedPrivileged(), reach: { syncedUsers: n } });
    const prev = exposure({ findings: [withReach(10)] });
    expect(
      byKey(diffExposures(prev, next(prev, { findings: [withReach(40)] })).changes, syncedPrivileged().key),
    ).toEqual([]);
  });
  it("a contradicted declaration is a critical increase", () => {
    const prev = exposure();
    const c = one(diffExposures(prev, next(prev, { findings: [contradiction()] })).changes, "declaration-contradicted");
    expect(c).toMatchObject({ direction: "increase", severity: "critical" });
  });
});

describe("exposures whose coverage differs", () => {
  it("compares nothing but the coverage: the findings may differ because of the section, not the tenant", () => {
    const active = resetPath({});
    const eligible = resetPath({ assignment: "eligible", principalId: "u-eve", name: "Eve" });
    const prev = exposure({ writeback: { state: "on", evidence: [] }, findings: [active, eligible] });
    const cur = next(prev, { writeback: { state: "off", evidence: [] }, findings: [], unknown: ["roleAssignments"] });
    const diff = diffExposures(prev, cur);
    expect(diff.changes).toEqual([
      expect.objectContaining({ type: "coverage", direction: "neutral", section: "roleAssignments" }),
    ]);
    expect(one(diffExposures(cur, next(cur, { unknown: [] })).changes, "coverage:roleAssignments").summary).toMatch(
      /restored/,
    );
  });
  it("a section missing from coverage counts as unknown", () => {
    const prev = exposure({ findings: [appPermission()] });
    const cur = next(prev, { findings: [] });
    cur.coverage = cur.coverage.filter((c) => c.section !== "appPermissions");
    const diff = diffExposures(prev, cur);
    expect(byKey(diff.changes, appPermission().key)).toHaveLength(0);
    expect(one(diff.changes, "coverage:appPermissions").summary).toMatch(/lost/);
  });
  it("coverage missing in both audits does not stop the comparison", () => {
    const prev = exposure({ writeback: { state: "off", evidence: [] }, unknown: ["licences"] });
    const diff = diffExposures(prev, next(prev, { writeback: { state: "on", evidence: [] }, unknown: ["licences"] }));
    expect(one(diff.changes, "writeback")).toMatchObject({ direction: "increase", severity: "critical" });
    expect(one(diff.changes, "coverage:licences").summary).toMatch(/still missing/);
  });
});

describe("ordering and alerting", () => {
  it("increases come first, by severity; alertingChanges applies the threshold", () => {
    const prev = exposure({ writeback: { state: "off", evidence: [] }, findings: [appPermission("sp-old", "Old", 5)] });
    const cur = next(prev, {
      writeback: { state: "on", evidence: [] },
      findings: [resetPath({ severity: "medium" })],
      unknown: ["roleEligibilities"],
    });
    prev.coverage = cur.coverage;
    const diff = diffExposures(prev, cur);
    expect(diff.changes.map((c) => c.direction)).toEqual(["increase", "increase", "decrease", "neutral"]);
    expect(diff.changes[0]!.key).toBe("writeback");
    expect(diff.changes.at(-1)!.type).toBe("coverage");
    expect(alertingChanges(diff, "high").map((c) => c.key)).toEqual(["writeback"]);
    expect(alertingChanges(diff, "medium")).toHaveLength(2);
    expect(diff.headlineBefore).toEqual(prev.headline);
  });
});
