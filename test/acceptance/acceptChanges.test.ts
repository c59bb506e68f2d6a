/**
 * The acceptance stage of the diff: accepted findings never alert, and alert exactly once when the
 * acceptance ends (expiry, revocation) or the finding grows past what was accepted.
 */
import { describe, expect, it } from "vitest";
import { acceptChanges } from "../../shared/acceptance/acceptChanges.js";
import type { Acceptance } from "../../shared/acceptance/types.js";
import { alertingChanges, diffExposures } from "../../shared/diff/diffExposures.js";
import type { Exposure, Finding } from "../../shared/exposure/types.js";
import { exposure, HELPDESK, resetPath } from "../diff/fixtures.js";
import { acceptance } from "./fixtures.js";

const DAY = 86_400_000;

/** An audit at `day` days after 2026-01-01 with these findings. */
function audit(day: number, findings: Finding[], unknown: Exposure["coverage"][number]["section"][] = []): Exposure {
  const takenAt = new Date(Date.parse("2026-01-01T00:00:00.000Z") + day * DAY).toISOString();
  return exposure({ snapshotId: `s-${day}`, takenAt, findings, unknown });
}

/** The changes that alert at the default threshold, after the acceptances. */
function alerts(previous: Exposure, current: Exposure, acceptances: Acceptance[]) {
  const diff = acceptChanges(diffExposures(previous, current), { previous, current, acceptances });
  return { diff, alerting: alertingChanges(diff, "high") };
}

const alice = (over: Parameters<typeof resetPath>[0] = {}) => resetPath({ reach: 50, severity: "high", ...over });

describe("while accepted", () => {
  it("a change that stays within the acceptance is recorded, marked covered, and does not alert", () => {
    // Without the acceptance the new eligible path alerts.
    const before = audit(0, [alice()]);
    const after = audit(1, [alice(), alice({ scope: "/administrativeUnits/au-1", reach: 20 })]);
    expect(alerts(before, after, []).alerting).toHaveLength(1);
    const pattern = acceptance({ target: { principalId: "u-alice", roleTemplateId: HELPDESK } });
    const { diff, alerting } = alerts(before, after, [pattern]);
    expect(alerting).toEqual([]);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]!.acceptance).toEqual({ covered: true, ids: ["acc-0001"] });
  });

  it("an unchanged accepted finding makes no change at all", () => {
    const { diff } = alerts(audit(0, [alice()]), audit(1, [alice()]), [acceptance()]);
    expect(diff.changes).toEqual([]);
  });

  it("a folded change alerts unless every finding it lists is accepted", () => {
    const ops = { id: "g-ops", name: "Ops" };
    const members = (n: number) =>
      Array.from({ length: n }, (_, i) => resetPath({ principalId: `u-${i}`, viaGroup: ops, reach: 10 }));
    const before = audit(0, []);
    const after = audit(1, members(2));
    const one = acceptance({ target: { key: members(1)[0]!.key }, upTo: { severity: "high", syncedUsers: 10 } });
    const both = [one, acceptance({ id: "acc-0002", target: { key: members(2)[1]!.key }, upTo: one.upTo })];
    expect(alerts(before, after, [one]).alerting).toHaveLength(1);
    expect(alerts(before, after, both).alerting).toEqual([]);
  });
});

describe("an acceptance that ends", () => {
  const expiring = acceptance({ expiresAt: "2026-01-10T12:00:00.000Z" });
  const run = (from: number, to: number, a: Acceptance = expiring, f = alice()) =>
    alerts(audit(from, [f]), audit(to, [f]), [a]);

  it("alerts exactly once over a run of audits: in the one interval holding its expiry", () => {
    const sent = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((day) => run(day, day + 1).alerting);
    expect(sent.flat()).toHaveLength(1);
    expect(sent[9]).toHaveLength(1);
    const [change] = sent[9]!;
    expect(change).toMatchObject({ rule: "acceptance-expired", direction: "increase", severity: "high" });
    expect(change!.summary).toContain("expired at 2026-01-10T12:00:00.000Z");
    expect(change!.summary).toContain("secops@contoso.com");
    expect(change!.remediation).toBeTruthy();
  });

  it("an expiry exactly at the later audit's time belongs to that interval, not the next", () => {
    const atAudit = acceptance({ expiresAt: "2026-01-05T00:00:00.000Z" });
    expect(run(3, 4, atAudit).alerting).toHaveLength(1);
    expect(run(4, 5, atAudit).alerting).toHaveLength(0);
  });

  it("a revocation alerts once too, naming who revoked it", () => {
    const revoked = acceptance({ revokedAt: "2026-01-03T08:00:00.000Z", revokedBy: "bob@contoso.com" });
    expect(run(1, 2, revoked).alerting).toHaveLength(0);
    const [change] = run(2, 3, revoked).alerting;
    expect(change).toMatchObject({ rule: "acceptance-revoked" });
    expect(change!.summary).toContain("revoked by bob@contoso.com");
    expect(run(3, 4, revoked).alerting).toHaveLength(0);
  });

  it("another acceptance still covering the finding keeps it quiet", () => {
    const renewed = acceptance({ id: "file:break-glass", source: "file", expiresAt: "2026-05-01T00:00:00.000Z" });
    const diff = acceptChanges(diffExposures(audit(9, [alice()]), audit(10, [alice()])), {
      previous: audit(9, [alice()]),
      current: audit(10, [alice()]),
      acceptances: [expiring, renewed],
    });
    expect(diff.changes).toEqual([]);
  });

  it("coinciding with another change of the finding, the two are one change, and it alerts", () => {
    const before = audit(9, [alice({ reach: 50 })]);
    const after = audit(10, [alice({ reach: 40 })]);
    const { diff, alerting } = alerts(before, after, [expiring]);
    expect(diff.changes).toHaveLength(1);
    expect(alerting).toHaveLength(1);
    expect(alerting[0]).toMatchObject({ rule: "finding-changed", direction: "increase" });
    expect(alerting[0]!.summary).toMatch(/Reach shrank.*expired/);
  });

  it("while the finding was not visible (a section unread), it alerts in the audit that sees it again", () => {
    const hidden = audit(10, [], ["roleAssignments"]);
    const seenAgain = audit(11, [alice()]);
    expect(alerts(audit(9, [alice()]), hidden, [expiring]).alerting).toHaveLength(0);
    expect(alerts(hidden, seenAgain, [expiring]).alerting).toHaveLength(1);
    expect(alerts(seenAgain, audit(12, [alice()]), [expiring]).alerting).toHaveLength(0);
  });

  it("an acceptance the finding had already outgrown does not alert again when it ends", () => {
    const grown = alice({ reach: 80 });
    expect(run(9, 10, expiring, grown).alerting).toHaveLength(0);
  });

  it("a baseline never alerts", () => {
    const current = audit(10, [alice()]);
    const diff = acceptChanges(diffExposures(null, current), { previous: null, current, acceptances: [expiring] });
    expect(alertingChanges(diff, "info")).toEqual([]);
  });
});

describe("growing past the acceptance", () => {
  it("reach above the accepted reach alerts once, at the finding's severity, then alerts like any finding", () => {
    const accepted = acceptance({ upTo: { severity: "high", syncedUsers: 50, assignment: "active" } });
    // 50 → 55 would be routine onboarding (low) without the acceptance: below the threshold.
    expect(alerts(audit(0, [alice({ reach: 50 })]), audit(1, [alice({ reach: 55 })]), []).alerting).toEqual([]);
    const crossed = alerts(audit(0, [alice({ reach: 50 })]), audit(1, [alice({ reach: 55 })]), [accepted]);
    expect(crossed.alerting).toHaveLength(1);
    expect(crossed.alerting[0]).toMatchObject({ severity: "high", acceptance: { covered: false } });
    expect(crossed.alerting[0]!.summary).toContain(
      "Grown past its acceptance (reaches 55 synced users (accepted up to 50))",
    );
    // Past the bounds, the next routine growth is an ordinary change again (low: no alert).
    const after = alerts(audit(1, [alice({ reach: 55 })]), audit(2, [alice({ reach: 58 })]), [accepted]);
    expect(after.diff.changes).toHaveLength(1);
    expect(after.diff.changes[0]!.acceptance?.covered).toBe(false);
    expect(after.alerting).toEqual([]);
  });

  it("within the accepted reach, growth stays covered", () => {
    const roomy = acceptance({ upTo: { severity: "high", syncedUsers: 200 } });
    const { diff, alerting } = alerts(audit(0, [alice({ reach: 50 })]), audit(1, [alice({ reach: 150 })]), [roomy]);
    expect(diff.changes[0]!.acceptance?.covered).toBe(true);
    expect(alerting).toEqual([]);
  });

  it("a raised severity alerts once", () => {
    const { alerting } = alerts(audit(0, [alice({ severity: "high" })]), audit(1, [alice({ severity: "critical" })]), [
      acceptance(),
    ]);
    expect(alerting).toHaveLength(1);
    expect(alerting[0]!.summary).toContain("severity raised to critical (accepted at high)");
  });

  it("an eligible path accepted as eligible alerts once when it turns active", () => {
    const eligible = alice({ assignment: "eligible" });
    const active = alice({ assignment: "active" });
    const accepted = acceptance({
      target: { key: eligible.key },
      upTo: { severity: "high", syncedUsers: 50, assignment: "eligible" },
    });
    const { alerting } = alerts(audit(0, [eligible]), audit(1, [active]), [accepted]);
    expect(alerting).toHaveLength(1);
    expect(alerting[0]).toMatchObject({ rule: "eligible-activated" });
    expect(alerting[0]!.summary).toContain("assignment turned active (accepted as eligible)");
    expect(alerts(audit(1, [active]), audit(2, [active]), [accepted]).alerting).toEqual([]);
  });

  it("a reach that becomes unknown is not growth", () => {
    const { alerting } = alerts(audit(0, [alice({ reach: 50 })]), audit(1, [alice({ reach: null })]), [acceptance()]);
    expect(alerting).toEqual([]);
  });
});
