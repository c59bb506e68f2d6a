/**
 * Fixes ranked by what they remove: each fix is tried on a copy of the snapshot and the headline
 * recomputed by the real model, so the figures are exactly what the fix would leave.
 */
import { describe, expect, it } from "vitest";
import { computeExposure, computeHeadline } from "../../shared/exposure/computeExposure.js";
import { rankFixes } from "../../shared/exposure/fixes.js";
import type { Snapshot } from "../../shared/snapshot/types.js";
import { toAuditDocument } from "../../shared/cli/auditDocument.js";
import { renderTextReport } from "../../shared/report/textReport.js";
import { renderDigestEmail } from "../../shared/notify/renderDigestEmail.js";
import { ROLE, SnapshotBuilder, group, user } from "./fixtures.js";

const bob = user("bob");
const carol = user("carol");
const dave = user("dave");
const ops = group("ops", "Ops Admins");
const [m1, m2, m3] = ["m1", "m2", "m3"].map((id) => user(id));

/** 100 synced users: bob resets them all, three Ops members through the group, carol 10 in an AU, dave can assign roles. */
function tenant(): SnapshotBuilder {
  return new SnapshotBuilder()
    .assign(bob, ROLE.helpdeskAdministrator)
    .addGroup(ops, [m1!, m2!, m3!])
    .assign(ops, ROLE.passwordAdministrator)
    .addUnit("au1", { syncedMembers: 10 })
    .assign(carol, ROLE.helpdeskAdministrator, { scope: "/administrativeUnits/au1" })
    .assign(dave, ROLE.privilegedRoleAdministrator);
}

const rank = (s: Snapshot) => rankFixes(s, computeExposure(s));

describe("rankFixes", () => {
  it("ranks the single changes by the paths they remove, recomputed on a copy", () => {
    const s = tenant().build();
    const copy = structuredClone(s);
    const r = rank(s);
    expect(r.before).toEqual({ paths: 410, oneHopPaths: 100, resetters: 5 });
    expect(r.fixes.map((f) => [f.action, f.removes])).toEqual([
      ["remove-role-assignment", { paths: 300, oneHopPaths: 0, resetters: 3 }], // the group's role
      // Equal figures: in key order.
      ["remove-group-member", { paths: 100, oneHopPaths: 0, resetters: 1 }],
      ["remove-group-member", { paths: 100, oneHopPaths: 0, resetters: 1 }],
      ["remove-group-member", { paths: 100, oneHopPaths: 0, resetters: 1 }],
      ["remove-role-assignment", { paths: 100, oneHopPaths: 0, resetters: 1 }], // bob
      ["remove-role-assignment", { paths: 0, oneHopPaths: 100, resetters: 0 }], // dave's one step to any role
      ["remove-role-assignment", { paths: 10, oneHopPaths: 0, resetters: 1 }], // carol, AU-scoped
    ]);
    expect(r.fixes[0]).toMatchObject({
      target: { principal: { id: "ops", type: "group" }, role: { templateId: ROLE.passwordAdministrator }, scope: "/" },
      summary: "Remove the Password Administrator assignment (tenant-wide) of group Ops Admins",
    });
    expect(r.fixes[5]?.target.principal?.id).toBe("dave");
    // The three best together: the group's role, bob, then dave (a member of the group adds nothing once its role is gone).
    expect(r.together).toEqual({
      count: 3,
      removes: { paths: 400, oneHopPaths: 100, resetters: 4 },
      share: 500 / 510,
    });
    expect(r.disableWriteback).toEqual({ paths: 410, oneHopPaths: 100, resetters: 0 });
    // Each figure is what the real model computes with the fix applied.
    const withoutBob = tenant();
    withoutBob.active = withoutBob.active.filter((a) => a.principalId !== "bob");
    expect(computeHeadline(withoutBob.build()).resetPaths).toBe(410 - 100);
    // Pure: the snapshot is untouched.
    expect(s).toEqual(copy);
  });

  it("an owner of a role-assignable group that holds a role: removing the ownership removes the one-hop path", () => {
    const s = new SnapshotBuilder()
      .addGroup(ops, [m1!], { owners: [dave] })
      .assign(ops, ROLE.helpdeskAdministrator)
      .build();
    const r = rank(s);
    const owner = r.fixes.find((f) => f.action === "remove-group-owner");
    expect(owner).toMatchObject({
      target: { principal: { id: "dave" }, group: { id: "ops" } },
      removes: { paths: 0, oneHopPaths: 100, resetters: 0 },
    });
  });

  it("only the best-estimated few are recomputed; the rest are counted", () => {
    const b = new SnapshotBuilder();
    for (let i = 0; i < 30; i++) b.assign(user(`u${i}`), ROLE.helpdeskAdministrator);
    const r = rankFixes(b.build(), computeExposure(b.build()), { evaluate: 5, keep: 3 });
    expect(r.candidates).toBe(30);
    expect(r.evaluated).toBe(5);
    expect(r.fixes).toHaveLength(3);
  });

  it("no ranking when the figures are unknown, or there is nothing to remove", () => {
    const unknown = tenant().markUnknown("roleAssignments").build();
    expect(rank(unknown)).toMatchObject({ fixes: [], unavailable: expect.stringMatching(/unknown/) });
    expect(rank(new SnapshotBuilder().build())).toMatchObject({
      fixes: [],
      unavailable: expect.stringMatching(/no reset/),
    });
  });

  it("the text report lists the top ones and the share; `audit --json` carries them as fixes[]", () => {
    const s = tenant().build();
    const exposure = computeExposure(s);
    const r = rankFixes(s, exposure);
    const text = renderTextReport(exposure, { fixes: r });
    expect(text).toContain(
      "  1. Remove the Password Administrator assignment (tenant-wide) of group Ops Admins: removes 300 reset paths (3 resetters fewer)",
    );
    expect(text).toContain("These 3 changes remove 98% of the paths (500 of 510, direct and one-hop).");
    const doc = JSON.parse(JSON.stringify(toAuditDocument({ snapshot: s, exposure }, r))) as Record<string, unknown>;
    expect((doc.fixes as unknown[])[0]).toMatchObject({
      action: "remove-role-assignment",
      target: { principal: { id: "ops" } },
      removes: { paths: 300, oneHopPaths: 0, resetters: 3 },
    });
    expect(doc.fixSummary).toMatchObject({ together: { count: 3 } });
  });

  it("the digest lists the top fixes and what the best three remove together", () => {
    const s = tenant().build();
    const exposure = computeExposure(s);
    const email = renderDigestEmail({
      changes: [],
      exposure,
      since: "2026-11-16T00:00:00Z",
      fixes: rankFixes(s, exposure),
    });
    expect(email.text).toContain(
      "Top fixes:\n- 1. Remove the Password Administrator assignment (tenant-wide) of group Ops Admins: removes 300 reset paths (3 resetters fewer)",
    );
    expect(email.text).toContain("- These 3 changes remove 98% of the paths (500 of 510, direct and one-hop).");
    expect(email.html).toContain("Top fixes</h3>");
  });
});
