/**
 * Who made an increase: each increase is matched to the audit-log events that name the same
 * objects, through the real exposure model and diff; an increase the log does not explain says
 * "actor unknown" and why, never another event's actor.
 */
import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../shared/diff/diffSnapshots.js";
import { describeMadeBy } from "../../shared/diff/madeBy.js";
import type { Change, Diff } from "../../shared/diff/types.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { renderAlertEmail } from "../../shared/notify/renderAlertEmail.js";
import { renderDiffText } from "../../shared/report/textReport.js";
import { ROLE, SnapshotBuilder, group, servicePrincipal, user } from "../exposure/fixtures.js";

const bob = user("bob", { name: "Bob Cloud" });
const carol = user("carol");
const dave = user("dave");
const ops = group("ops", "Ops Admins");

function diffOf(previous: SnapshotBuilder, current: SnapshotBuilder): Diff {
  return diffSnapshots({ snapshot: previous.build() }, { snapshot: current.build() });
}

function increase(d: Diff, match: (c: Change) => boolean = () => true): Change {
  const found = d.changes.filter((c) => c.direction === "increase" && match(c));
  expect(found).toHaveLength(1);
  return found[0]!;
}

const isPath = (c: Change) => (c.after ?? c.before)?.kind === "reset-path";

describe("madeBy: role assignments", () => {
  it("names the actor and time of the event that gave this principal this role", () => {
    const now = new SnapshotBuilder()
      .assign(bob, ROLE.helpdeskAdministrator)
      .logged("Add member to role", [bob.id, ROLE.helpdeskAdministrator], { at: "2026-11-22T10:05:00Z" });
    const c = increase(diffOf(new SnapshotBuilder(), now), isPath);
    expect(c.madeBy?.events).toEqual([
      expect.objectContaining({ activity: "Add member to role", at: "2026-11-22T10:05:00Z" }),
    ]);
    expect(describeMadeBy(c.madeBy!)).toBe(
      "Ann Admin (admin@contoso.example) at 2026-11-22 10:05 UTC (Add member to role)",
    );
  });

  it("an event about another role or another principal is not borrowed: actor unknown", () => {
    const now = new SnapshotBuilder()
      .assign(bob, ROLE.helpdeskAdministrator)
      .logged("Add member to role", [bob.id, ROLE.userAdministrator])
      .logged("Add member to role", [carol.id, ROLE.helpdeskAdministrator]);
    const c = increase(diffOf(new SnapshotBuilder(), now), isPath);
    expect(c.madeBy).toEqual({ events: [], unknown: "no-event" });
    expect(describeMadeBy(c.madeBy!)).toMatch(/^actor unknown: no event in the directory audit log/);
  });

  it("an eligible path is explained by an eligibility event, not by an active assignment", () => {
    const base = () => new SnapshotBuilder().assign(bob, ROLE.helpdeskAdministrator, { eligible: true });
    const active = base().logged("Add member to role", [bob.id, ROLE.helpdeskAdministrator]);
    expect(increase(diffOf(new SnapshotBuilder(), active), isPath).madeBy?.unknown).toBe("no-event");
    const eligible = base().logged("Add eligible member to role in PIM completed (permanent)", [
      ROLE.helpdeskAdministrator,
      bob.id,
    ]);
    expect(increase(diffOf(new SnapshotBuilder(), eligible), isPath).madeBy?.events[0]?.activity).toBe(
      "Add eligible member to role in PIM completed (permanent)",
    );
  });

  it("several events: newest first, a few named and the rest counted", () => {
    const now = new SnapshotBuilder().assign(bob, ROLE.helpdeskAdministrator);
    for (const hour of ["01", "02", "03", "04", "05"])
      now.logged("Add member to role", [bob.id, ROLE.helpdeskAdministrator], { at: `2026-11-22T${hour}:00:00Z` });
    const m = increase(diffOf(new SnapshotBuilder(), now), isPath).madeBy!;
    expect(m.events.map((e) => e.at)).toEqual(["2026-11-22T05:00:00Z", "2026-11-22T04:00:00Z", "2026-11-22T03:00:00Z"]);
    expect(m.more).toBe(2);
  });
});

describe("madeBy: when the log cannot say", () => {
  it("the audit log unreadable this time: actor unknown, never a guess", () => {
    const now = new SnapshotBuilder()
      .assign(bob, ROLE.helpdeskAdministrator)
      .logged("Add member to role", [bob.id, ROLE.helpdeskAdministrator])
      .markUnknown("auditEvents");
    expect(increase(diffOf(new SnapshotBuilder(), now), isPath).madeBy).toEqual({
      events: [],
      unknown: "log-unreadable",
    });
  });

  it("a snapshot without directory changes (an older release) says they were not read", () => {
    const now = new SnapshotBuilder().assign(bob, ROLE.helpdeskAdministrator);
    now.changes = null;
    expect(increase(diffOf(new SnapshotBuilder(), now), isPath).madeBy?.unknown).toBe("not-collected");
  });

  it("a busy log whose kept changes do not explain it says some were left out", () => {
    const now = new SnapshotBuilder().assign(bob, ROLE.helpdeskAdministrator);
    now.changesOmitted = 40;
    expect(increase(diffOf(new SnapshotBuilder(), now), isPath).madeBy?.unknown).toBe("omitted");
  });

  it("decreases and baselines carry no actor", () => {
    const before = new SnapshotBuilder().assign(bob, ROLE.helpdeskAdministrator);
    const d = diffOf(before, new SnapshotBuilder());
    expect(d.changes.filter((c) => c.direction === "decrease").length).toBeGreaterThan(0);
    expect(d.changes.every((c) => c.madeBy === undefined)).toBe(true);
    const baseline = diffSnapshots(null, { snapshot: before.build() });
    expect(baseline.changes.every((c) => c.madeBy === undefined)).toBe(true);
  });
});

describe("madeBy: groups, owners, applications, writeback, SSPR, resets", () => {
  it("a member added to a role-assignable group that holds a role", () => {
    const was = new SnapshotBuilder().addGroup(ops, [carol]).assign(ops, ROLE.helpdeskAdministrator);
    const now = new SnapshotBuilder()
      .addGroup(ops, [carol, bob])
      .assign(ops, ROLE.helpdeskAdministrator)
      .logged("Add member to group", [ops.id, bob.id]);
    const c = increase(diffOf(was, now), isPath);
    expect(c.madeBy?.events[0]?.activity).toBe("Add member to group");
  });

  it("a group given a role: the role event that names the group explains the folded change", () => {
    const was = new SnapshotBuilder().addGroup(ops, [carol, bob, dave]);
    const now = new SnapshotBuilder()
      .addGroup(ops, [carol, bob, dave])
      .assign(ops, ROLE.helpdeskAdministrator)
      .logged("Add member to role", [ops.id, ROLE.helpdeskAdministrator]);
    const c = increase(diffOf(was, now), (x) => x.rule === "group-role");
    expect(c.madeBy?.events.map((e) => e.activity)).toEqual(["Add member to role"]);
  });

  it("an owner added to a role-assignable group that holds a reset-capable role (one-hop)", () => {
    const was = new SnapshotBuilder().addGroup(ops, [carol]).assign(ops, ROLE.helpdeskAdministrator);
    const now = new SnapshotBuilder()
      .addGroup(ops, [carol], { owners: [dave] })
      .assign(ops, ROLE.helpdeskAdministrator)
      .logged("Add owner to group", [ops.id, dave.id]);
    const c = increase(diffOf(was, now), (x) => x.after?.kind === "escalation-group-owner");
    expect(c.madeBy?.events[0]?.activity).toBe("Add owner to group");
  });

  it("an app role granted to a service principal names the grant's event, not another app's", () => {
    const hr = servicePrincipal("hr", "HR Connector");
    const other = servicePrincipal("other");
    const now = new SnapshotBuilder()
      .assign(hr, ROLE.helpdeskAdministrator)
      .grant(hr, "User-PasswordProfile.ReadWrite.All")
      .logged("Add app role assignment to service principal", [other.id, "role-User-PasswordProfile.ReadWrite.All"]);
    const was = new SnapshotBuilder().assign(hr, ROLE.helpdeskAdministrator);
    const kind = (x: Change) => x.after?.kind === "app-permission";
    expect(increase(diffOf(was, now), kind).madeBy?.unknown).toBe("no-event");
    now.logged("Add app role assignment to service principal", [hr.id, "role-User-PasswordProfile.ReadWrite.All"], {
      by: { appId: "app-deployer", displayName: "Deployer", servicePrincipalId: "sp-deployer" },
    });
    expect(describeMadeBy(increase(diffOf(was, now), kind).madeBy!)).toMatch(
      /^app Deployer at .* \(Add app role assignment to service principal\)$/,
    );
  });

  it("writeback switched on: the enable toggle's actor", () => {
    const was = new SnapshotBuilder().toggle("disable", "2026-11-02T00:00:00Z").assign(bob, ROLE.helpdeskAdministrator);
    const now = new SnapshotBuilder()
      .toggle("disable", "2026-11-02T00:00:00Z", { carried: true })
      .toggle("enable", "2026-11-21T08:00:00Z")
      .assign(bob, ROLE.helpdeskAdministrator);
    const c = increase(diffOf(was, now), (x) => x.rule === "writeback" || x.rule === "writeback-switched");
    expect(c.madeBy?.events).toEqual([
      expect.objectContaining({ activity: "Enable password writeback for directory", at: "2026-11-21T08:00:00Z" }),
    ]);
    expect(describeMadeBy(c.madeBy!)).toMatch(/^admin@contoso\.example at 2026-11-21 08:00 UTC/);
  });

  it("administrators' SSPR switched on: only a policy update that changed allowedToUseSSPR explains it", () => {
    const was = new SnapshotBuilder();
    was.allowedToUseSSPR = false;
    const now = new SnapshotBuilder().logged("Update authorization policy", [], { properties: ["GuestUserRoleId"] });
    const sspr = (x: Change) => x.rule === "sspr-admin";
    expect(increase(diffOf(was, now), sspr).madeBy?.unknown).toBe("no-event");
    now.logged("Update authorization policy", [], { properties: ["AllowedToUseSSPR"] });
    expect(increase(diffOf(was, now), sspr).madeBy?.events).toHaveLength(1);
  });

  it("resets of synced users name their initiators", () => {
    const now = new SnapshotBuilder().reset("2026-11-22T09:00:00Z");
    const c = increase(diffOf(new SnapshotBuilder(), now), (x) => x.after?.kind === "synced-reset");
    expect(describeMadeBy(c.madeBy!)).toBe(
      "helpdesk@contoso.example at 2026-11-22 09:00 UTC (Reset password (by admin))",
    );
  });
});

describe("madeBy: rendered, escaped", () => {
  it("the alert email (HTML and text) and the diff text name the actor; a hostile name is inert", () => {
    const hostile = "<img src=x onerror=alert(1)>\u202eEvil";
    const now = new SnapshotBuilder()
      .assign(bob, ROLE.helpdeskAdministrator)
      .logged("Add member to role", [bob.id, ROLE.helpdeskAdministrator], {
        by: { userId: "evil", userPrincipalName: "evil@contoso.example", displayName: hostile },
      });
    const snapshot = now.build();
    const d = diffOf(new SnapshotBuilder(), now);
    const email = renderAlertEmail({ diff: d, exposure: computeExposure(snapshot) });
    // Long words get soft breaks (<wbr>) in the HTML part.
    const html = email.html.replace(/<wbr>/g, "");
    expect(html).toContain("<b>Made by:</b> &lt;img src=x onerror=alert(1)&gt;Evil (evil@contoso.example)");
    expect(html).not.toContain("<img");
    // The text part wraps at 78 columns.
    expect(email.text.replace(/\s+/g, " ")).toContain(
      "Made by: <img src=x onerror=alert(1)>Evil (evil@contoso.example) at 2026-11-22 10:00 UTC (Add member to role)",
    );
    expect(email.text).not.toContain("\u202e");
    const text = renderDiffText(d);
    expect(text).toMatch(/made by .*Evil \(evil@contoso\.example\) at 2026-11-22 10:00 UTC \(Add member to role\)/);
    expect(text).not.toContain("\u202e");
  });
});
