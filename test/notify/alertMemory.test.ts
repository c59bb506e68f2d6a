/**
 * The alert memory's rules on plain diffs: the same increase is news once per address whatever the
 * snapshot it was diffed against, growth past what was told is news, and a decrease makes a real
 * re-occurrence news again.
 */
import { describe, expect, it } from "vitest";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { alertingChanges } from "../../shared/diff/order.js";
import type { Exposure, Finding } from "../../shared/exposure/types.js";
import {
  addressOf,
  alertDedupeKey,
  applyDecreases,
  forgetBefore,
  isNews,
  remember,
} from "../../shared/notify/alertMemory.js";
import type { AlertMemory } from "../../shared/store/types.js";
import { exposure, next, resetPath, syncedReset } from "../diff/fixtures.js";
import { acceptChanges } from "../../shared/acceptance/acceptChanges.js";
import { acceptance } from "../acceptance/fixtures.js";

const AT = "2026-01-02T00:00:00.000Z";
const fresh = (): AlertMemory => ({ address: addressOf("email", "SecOps@Contoso.com"), entries: new Map() });

function step(from: Exposure, findings: Finding[], extra: Partial<Exposure> = {}) {
  const to = next(from, { findings, ...extra });
  const diff = diffExposures(from, to);
  return {
    to,
    diff,
    alerting: alertingChanges(diff, "high"),
    decreases: diff.changes.filter((c) => c.direction === "decrease"),
  };
}

/** Tell the memory what this step alerts, as deliverAlerts does; return what was news. */
function tell(memory: AlertMemory, s: ReturnType<typeof step>) {
  applyDecreases(memory, s.decreases, AT);
  const news = s.alerting.filter((c) => isNews(memory, c, "high"));
  remember(memory, news, AT);
  return news;
}

describe("alert memory", () => {
  it("an address is per channel and recipient, case-insensitive", () => {
    expect(addressOf("email", " SecOps@Contoso.com ")).toBe("email:secops@contoso.com");
  });

  it("the same increase re-found from an older snapshot is not news; growth past what was told is", () => {
    const memory = fresh();
    const base = exposure();
    const grown = step(base, [resetPath({ reach: 100 })]);
    expect(tell(memory, grown)).toHaveLength(1);
    // The chain lost `grown`: the next audit compares with `base` again and finds the same path.
    expect(tell(memory, step(base, [resetPath({ reach: 100 })]))).toEqual([]);
    // A few more synced users since: still the path the owners know about.
    expect(tell(memory, step(base, [resetPath({ reach: 104 })]))).toEqual([]);
    // A step change in reach (the diff's own rule: +10 and +25 %) is news.
    expect(tell(memory, step(base, [resetPath({ reach: 160 })]))).toHaveLength(1);
    // So is a higher severity.
    expect(tell(memory, step(base, [resetPath({ reach: 160, severity: "critical" })]))).toHaveLength(1);
    expect(tell(memory, step(base, [resetPath({ reach: 160, severity: "critical" })]))).toEqual([]);
  });

  it("a decrease lowers or forgets what was told: a real re-occurrence is news again", () => {
    const memory = fresh();
    const base = exposure();
    const added = step(base, [resetPath({ reach: 100 })]);
    expect(tell(memory, added)).toHaveLength(1);
    const removed = step(added.to, []);
    expect(removed.decreases).toHaveLength(1);
    tell(memory, removed);
    expect(memory.entries.size).toBe(0);
    expect(tell(memory, step(removed.to, [resetPath({ reach: 100 })]))).toHaveLength(1);

    // Reach shrinks (a decrease), then grows back by a step: news; back by a few users: not.
    const shrunk = step(next(base, { findings: [resetPath({ reach: 100 })] }), [resetPath({ reach: 40 })]);
    tell(memory, shrunk);
    expect(memory.entries.get(resetPath({}).key)?.reach).toBe(40);
    expect(tell(memory, step(shrunk.to, [resetPath({ reach: 43 })]))).toEqual([]);
    expect(tell(memory, step(shrunk.to, [resetPath({ reach: 100 })]))).toHaveLength(1);
  });

  it("eligible → active → eligible → active: each activation is news", () => {
    const memory = fresh();
    const eligible = exposure({ findings: [resetPath({ assignment: "eligible" })] });
    const activated = step(eligible, [resetPath({ assignment: "active" })]);
    expect(tell(memory, activated)).toHaveLength(1);
    const back = step(activated.to, [resetPath({ assignment: "eligible" })]);
    tell(memory, back);
    expect(tell(memory, step(back.to, [resetPath({ assignment: "active" })]))).toHaveLength(1);
  });

  it("a tenant-level state is news when its mark moves (writeback on again after off)", () => {
    const memory = fresh();
    const off = exposure({ writeback: { state: "off", evidence: [] } });
    const on = step(off, [], { writeback: { state: "on", evidence: [] } });
    expect(on.alerting.map((c) => c.key)).toContain("writeback");
    const first = tell(memory, on);
    expect(first.map((c) => c.key)).toContain("writeback");
    // Re-found from the older snapshot after damage: nothing new.
    expect(tell(memory, step(off, [], { writeback: { state: "on", evidence: [] } }))).toEqual([]);
    const offAgain = step(on.to, [], { writeback: { state: "off", evidence: [] } });
    tell(memory, offAgain);
    expect(
      tell(memory, step(offAgain.to, [], { writeback: { state: "on", evidence: [] } })).map((c) => c.key),
    ).toContain("writeback");
  });

  it("new password resets since what was told are news; the same ones are not", () => {
    const memory = fresh();
    const base = exposure({ findings: [syncedReset(1, "2026-01-01T00:00:00.000Z")] });
    const newer = (at: string) => step(base, [syncedReset(2, at)]);
    const alerting = (s: ReturnType<typeof step>) => s.diff.changes.filter((c) => c.direction === "increase");
    const first = newer("2026-01-01T06:00:00.000Z");
    expect(alerting(first)).toHaveLength(1);
    remember(memory, alerting(first), AT);
    expect(alerting(newer("2026-01-01T06:00:00.000Z")).some((c) => isNews(memory, c, "info"))).toBe(false);
    expect(alerting(newer("2026-01-01T07:00:00.000Z")).some((c) => isNews(memory, c, "info"))).toBe(true);
  });

  it("a folded change is news when one of its findings is", () => {
    const memory = fresh();
    const group = { id: "g-1", name: "Tier 1" };
    const members = (n: number) =>
      Array.from({ length: n }, (_, i) => resetPath({ principalId: `m-${i}`, viaGroup: group, reach: 50 }));
    const base = exposure();
    const given = step(base, members(3));
    expect(given.alerting).toHaveLength(1);
    expect(given.alerting[0]!.items).toHaveLength(3);
    expect(tell(memory, given)).toHaveLength(1);
    expect(tell(memory, step(base, members(3)))).toEqual([]);
    // Damage again, and a fourth member joined meanwhile: the group change tells something new.
    expect(tell(memory, step(base, members(4)))).toHaveLength(1);
  });

  it("entries expire; the outbox key is the address and the changes told, not the snapshot", () => {
    const memory = fresh();
    const base = exposure();
    const a = step(base, [resetPath({ reach: 100 })]);
    const b = step(next(base, { snapshotId: "20260105T000000Z-cccc" }), [resetPath({ reach: 100 })]);
    expect(alertDedupeKey(memory.address, a.alerting)).toBe(alertDedupeKey(memory.address, b.alerting));
    expect(alertDedupeKey(memory.address, a.alerting)).toMatch(/^alert:email:secops@contoso\.com:[\w-]{22}$/);
    expect(alertDedupeKey("email:other@contoso.com", a.alerting)).not.toBe(alertDedupeKey(memory.address, a.alerting));
    remember(memory, a.alerting, "2026-01-01T00:00:00.000Z");
    expect(forgetBefore(memory, new Date("2025-12-31T00:00:00.000Z"))).toBe(false);
    expect(forgetBefore(memory, new Date("2026-01-01T00:00:01.000Z"))).toBe(true);
    expect(memory.entries.size).toBe(0);
  });

  it("an acceptance that ends is news even at a state the address was told of before it was accepted, and only once", () => {
    const memory = fresh();
    const base = exposure();
    const path = resetPath({ principalId: "u-alice", reach: 50 });
    const added = step(base, [path]);
    expect(tell(memory, added)).toHaveLength(1);
    // Accepted, then it expires between two audits: same severity, same reach as told.
    const expiring = acceptance({ target: { key: path.key }, expiresAt: "2026-01-02T12:00:00.000Z" });
    const before = next(added.to, { takenAt: "2026-01-02T00:00:00.000Z" });
    const after = next(added.to, { snapshotId: "s-3", takenAt: "2026-01-03T00:00:00.000Z" });
    const diff = acceptChanges(diffExposures(before, after), {
      previous: before,
      current: after,
      acceptances: [expiring],
    });
    const ended = { to: after, diff, alerting: alertingChanges(diff, "high"), decreases: [] };
    expect(ended.alerting).toHaveLength(1);
    expect(tell(memory, ended)).toHaveLength(1);
    // The same ending found again (a diff against an older snapshot) is not told twice.
    expect(tell(memory, ended)).toEqual([]);
  });
});
