/**
 * The headline's synced users reached (shared/exposure/syncedUsersReached.ts): each synced user a
 * direct reset path reaches counted once, on small tenants whose union is known by hand, and over
 * many generated tenants against the bounds every union of reaches must keep.
 */
import { describe, expect, it } from "vitest";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { Exposure } from "../../shared/exposure/types.js";
import { seededRandom } from "../../sim/graph/faults.js";
import { ROLE, SnapshotBuilder, group, user } from "./fixtures.js";

const reached = (b: SnapshotBuilder) => computeExposure(b.build()).headline.syncedUsersReached;

describe("syncedUsersReached", () => {
  it("counts a user reached by several resetters once, and a resetter only when someone else reaches it", () => {
    // 100 synced users. Helpdesk (cloud) reaches 98: not the synced GA, not the role-assignable group
    // member. The synced GA reaches 99 (everyone but itself), so nobody reaches the GA.
    const b = new SnapshotBuilder()
      .assign(user("ga", { synced: true }), ROLE.globalAdministrator)
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      .addGroup(group("g1"), [user("rag", { synced: true })])
      .reset("2026-11-20T10:00:00Z");
    const h = computeExposure(b.build()).headline;
    expect(h.resetPaths).toBe(98 + 99);
    expect(h.syncedUsersReached).toBe(99);
    // A second GA (cloud) reaches the synced one: now every synced user is reached.
    b.assign(user("ga2"), ROLE.globalAdministrator);
    expect(reached(b)).toBe(100);
  });

  it("leaves out a synced resetter nobody else reaches, even one known only as a synced user (PIM-eligible)", () => {
    const b = new SnapshotBuilder()
      .assign(user("pa", { synced: true }), ROLE.passwordAdministrator, { eligible: true })
      .reset("2026-11-20T10:00:00Z");
    expect(reached(b)).toBe(99);
    b.assign(user("pa2"), ROLE.passwordAdministrator, { eligible: true });
    expect(reached(b)).toBe(100);
  });

  it("restricted-management AU members are reached only by a path scoped to their AU", () => {
    const b = new SnapshotBuilder()
      .addUnit("au-r", { restricted: true, syncedMembers: 4 })
      .assign(user("hd"), ROLE.helpdeskAdministrator)
      .reset("2026-11-20T10:00:00Z");
    expect(reached(b)).toBe(96);
    b.assign(user("pa-r"), ROLE.passwordAdministrator, { scope: "/administrativeUnits/au-r" });
    expect(reached(b)).toBe(100);
  });

  it("with AU-scoped paths only: the ordinary members of each reached AU, protected members left to the matrix", () => {
    const b = new SnapshotBuilder()
      .addUnit("au-a", { syncedMembers: 10 })
      .addUnit("au-b", { syncedMembers: 5 })
      .addUnit("au-c", { syncedMembers: 7 })
      // A synced member of a role-assignable group in au-a: an AU-scoped Password Administrator cannot reset it.
      .addGroup(group("g1"), [user("rag", { synced: true })])
      .memberOf("rag", "au-a")
      .assign(user("pa-a"), ROLE.passwordAdministrator, { scope: "/administrativeUnits/au-a" })
      .assign(user("pa-a2"), ROLE.passwordAdministrator, { scope: "/administrativeUnits/au-a" })
      .assign(user("hd-b"), ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au-b" })
      .reset("2026-11-20T10:00:00Z");
    expect(reached(b)).toBe(9 + 5);
  });

  it("declared protected on-prem accounts are never reached", () => {
    const b = new SnapshotBuilder()
      .assign(user("ga"), ROLE.globalAdministrator)
      .assign(user("tier0", { synced: true }), ROLE.userAdministrator)
      .reset("2026-11-20T10:00:00Z");
    b.protectedOnPrem = {
      declaredEntries: 1,
      users: [{ id: "tier0", userPrincipalName: "tier0@contoso.example", matchedBy: "OU=Tier0,DC=corp" }],
    };
    expect(reached(b)).toBe(99);
  });

  it("0 with writeback known off or no resetter; unknown while a section the reach needs is unknown", () => {
    const off = new SnapshotBuilder()
      .assign(user("ga"), ROLE.globalAdministrator)
      .toggle("disable", "2026-11-20T10:00:00Z");
    expect(computeExposure(off.build()).writeback.state).toBe("off");
    expect(reached(off)).toBe(0);
    expect(reached(new SnapshotBuilder().reset("2026-11-20T10:00:00Z"))).toBe(0);
    const blind = new SnapshotBuilder()
      .assign(user("ga"), ROLE.globalAdministrator)
      .reset("2026-11-20T10:00:00Z")
      .markUnknown("groupMembers");
    expect(reached(blind)).toBeNull();
  });

  it("over generated tenants: at least any one resetter's reach, at most every synced user, and the paths fit in it", () => {
    const random = seededRandom(16);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const roles = [
      ROLE.globalAdministrator,
      ROLE.privilegedAuthenticationAdministrator,
      ROLE.userAdministrator,
      ROLE.helpdeskAdministrator,
      ROLE.passwordAdministrator,
      ROLE.authenticationAdministrator,
    ];
    for (let i = 0; i < 300; i++) {
      const b = new SnapshotBuilder().reset("2026-11-20T10:00:00Z");
      b.syncedCount = 20 + Math.floor(random() * 80);
      const units = ["au-1", "au-2", "au-r"];
      b.addUnit("au-1", { syncedMembers: Math.floor(random() * 10) });
      b.addUnit("au-2", { syncedMembers: Math.floor(random() * 10) });
      b.addUnit("au-r", { restricted: true, syncedMembers: Math.floor(random() * 5) });
      const members = Array.from({ length: Math.floor(random() * 3) }, (_, k) => user(`m${k}`, { synced: true }));
      b.addGroup(group("g"), members);
      if (random() < 0.5) b.assign(group("g"), pick(roles));
      for (let k = 0; k < 1 + Math.floor(random() * 5); k++) {
        const who = user(`u${k}`, { synced: random() < 0.5 });
        const scope = random() < 0.6 ? "/" : `/administrativeUnits/${pick(units)}`;
        b.assign(who, pick(roles), { scope, eligible: random() < 0.3 });
        if (who.onPremisesSyncEnabled && random() < 0.5) b.memberOf(who.id, pick(units));
      }
      const ex = computeExposure(b.build());
      const { syncedUsersReached: n, syncedUsers, resetters, resetPaths } = ex.headline;
      const widest = widestPathReach(ex);
      expect(n, `tenant ${i}`).not.toBeNull();
      expect(n!, `tenant ${i}`).toBeGreaterThanOrEqual(widest);
      expect(n!, `tenant ${i}`).toBeLessThanOrEqual(syncedUsers!);
      expect(resetPaths!, `tenant ${i}`).toBeLessThanOrEqual(resetters! * n!);
      expect(n === 0, `tenant ${i}`).toBe(resetPaths === 0);
    }
  });
});

function widestPathReach(ex: Exposure): number {
  return Math.max(0, ...ex.findings.filter((f) => f.kind === "reset-path").map((f) => f.reach.syncedUsers ?? 0));
}
