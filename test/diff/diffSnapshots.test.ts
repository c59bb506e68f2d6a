/**
 * diffSnapshots on hand-built snapshots, through the real exposure model: each side is masked to
 * what both audits read before the exposures are compared.
 */
import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../shared/diff/diffSnapshots.js";
import { alertingChanges } from "../../shared/diff/order.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { SectionName, Snapshot } from "../../shared/snapshot/types.js";
import { HELPDESK_TEMPLATE, seedId, seedSnapshot } from "../functions/seed.js";

const T1 = "2026-03-01T09:00:00.000Z";
const T2 = "2026-03-01T10:00:00.000Z";

function pair(mutate: (s: Snapshot) => void = () => undefined): [Snapshot, Snapshot] {
  const a = seedSnapshot({ id: seedId(T1, "a"), takenAt: T1, resetters: 2 });
  const b = seedSnapshot({ id: seedId(T2, "b"), takenAt: T2, resetters: 2 });
  mutate(a);
  mutate(b);
  return [a, b];
}

function lose(s: Snapshot, ...names: SectionName[]): Snapshot {
  const out = { ...s, sections: { ...s.sections } };
  for (const n of names)
    (out.sections as Record<string, unknown>)[n] = { status: "unknown", reason: "forbidden", detail: `${n}: 403` };
  return out;
}

const diff = (a: Snapshot, b: Snapshot) => diffSnapshots({ snapshot: a }, { snapshot: b });
const moved = (d: ReturnType<typeof diff>) => d.changes.filter((c) => c.direction !== "neutral");

/** An eligible Helpdesk Administrator for a third cloud user. */
function withEligible(s: Snapshot): void {
  const id = "00000000-0000-4000-8000-0000000000e1";
  s.sections.roleEligibilities = {
    status: "ok",
    data: {
      assignments: [{ id: "e1", principalId: id, roleDefinitionId: HELPDESK_TEMPLATE, directoryScopeId: "/" }],
      principals: { [id]: { id, type: "user", displayName: "Eli Eligible", onPremisesSyncEnabled: false } },
    },
  };
}

describe("diffSnapshots", () => {
  it("the first audit is a baseline that alerts on nothing", () => {
    const [, b] = pair();
    const d = diffSnapshots(null, { snapshot: b });
    expect(d.baseline).toBe(true);
    expect(alertingChanges(d, "info")).toEqual([]);
  });

  it("roleAssignments lost: its paths are neither removed nor re-added, a real eligible removal still shows", () => {
    const [a, b] = pair(withEligible);
    b.sections.roleEligibilities = { status: "ok", data: { assignments: [], principals: {} } };
    const d = diff(a, lose(b, "roleAssignments"));
    expect(moved(d).map((c) => [c.direction, c.key])).toEqual([
      ["decrease", expect.stringMatching(/^reset-path:.*:eligible$/)],
    ]);
    expect(d.changes.find((c) => c.key === "coverage:roleAssignments")?.summary).toMatch(/lost/);
    // The headline is the one the audit saw, not the masked recomputation.
    expect(d.headlineAfter).toEqual(computeExposure(lose(b, "roleAssignments")).headline);
    const back = diff(lose(a, "roleAssignments"), b);
    expect(moved(back).map((c) => c.direction)).toEqual(["decrease"]);
  });

  it("the audit log lost while WRITEBACK_DECLARED=off: writeback reads off, yet nothing moves and nothing alerts", () => {
    const [a, b] = pair((s) => {
      s.declaredWriteback = "off";
      if (s.sections.auditEvents.status !== "ok") throw new Error("seed has an audit section");
      const reset = {
        id: "r1",
        activity: "Reset password (by admin)",
        at: "2026-02-28T09:00:00.000Z",
        result: "success",
        targetUserId: "x",
        targetUserPrincipalName: "x@contoso.example",
        initiatedBy: {},
      };
      s.sections.auditEvents.data.syncedUserResets = [reset];
      s.sections.auditEvents.data.lastSyncedUserReset = reset;
    });
    expect(computeExposure(a).writeback.state).toBe("on");
    const lost = lose(b, "auditEvents");
    expect(computeExposure(lost).writeback.state).toBe("off");
    const d = diff(a, lost);
    expect(moved(d)).toEqual([]);
    expect(d.changes.find((c) => c.key === "writeback")).toBeUndefined();
    const back = diff(lost, b);
    expect(moved(back)).toEqual([]);
    expect(alertingChanges(back, "info")).toEqual([]);
  });

  it("eligible members of role-assignable groups unreadable on one side: no change from them", () => {
    const group = "00000000-0000-4000-8000-00000000aaaa";
    const eve = "00000000-0000-4000-8000-00000000eeee";
    const [a, b] = pair((s) => {
      s.sections.groupMembers = {
        status: "ok",
        data: {
          groups: {
            [group]: {
              id: group,
              displayName: "Tier 1",
              members: [],
              eligibleMembers: [{ id: eve, type: "user", displayName: "Eve", onPremisesSyncEnabled: false }],
            },
          },
        },
      };
      if (s.sections.roleAssignments.status === "ok") {
        s.sections.roleAssignments.data.assignments.push({
          id: "g1",
          principalId: group,
          roleDefinitionId: HELPDESK_TEMPLATE,
          directoryScopeId: "/",
        });
        s.sections.roleAssignments.data.principals[group] = {
          id: group,
          type: "group",
          displayName: "Tier 1",
          isAssignableToRole: true,
        };
      }
    });
    const partial = structuredClone(a);
    if (partial.sections.groupMembers.status !== "ok") throw new Error("ok above");
    delete partial.sections.groupMembers.data.groups[group]!.eligibleMembers;
    partial.sections.groupMembers.data.eligibleMembersUnavailable = { reason: "licence", detail: "no P2" };
    expect(computeExposure(a).findings.some((f) => f.principal?.id === eve)).toBe(true);
    expect(moved(diff(partial, b))).toEqual([]);
    expect(moved(diff(b, partial))).toEqual([]);
  });

  it("a real change next to a lost section is still an increase that alerts", () => {
    const [a, b] = pair();
    const grown = seedSnapshot({ id: b.id, takenAt: T2, resetters: 3 });
    const d = diff(a, lose(grown, "appPermissions", "authorizationPolicy"));
    expect(alertingChanges(d, "high").map((c) => c.type)).toEqual(["added"]);
  });
});
