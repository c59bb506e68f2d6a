/**
 * One cause, one line: on the demo tenant (collectors against the Graph simulator, diffs in memory),
 * writeback switched on or off, a role-assignable group given a role, and SSPR widened each make one
 * change, listing the findings it moved; the alert's subject counts what its body lists, and a
 * decrease reads as good news.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSnapshots } from "../../shared/diff/diffSnapshots.js";
import { alertingChanges } from "../../shared/diff/order.js";
import type { Diff } from "../../shared/diff/types.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { isEscalation } from "../../shared/exposure/types.js";
import { createGraphClient, type GraphClient } from "../../shared/graph/GraphClient.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { renderAlertEmail } from "../../shared/notify/renderAlertEmail.js";
import { renderDigestEmail } from "../../shared/notify/renderDigestEmail.js";
import { carriedFrom } from "../../shared/snapshot/carriedEvidence.js";
import type { Snapshot } from "../../shared/snapshot/types.js";
import { DEMO, ROLE, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";

let sim: GraphSimulator;
let graph: GraphClient;
let last: Snapshot | undefined;

async function audit(): Promise<Snapshot> {
  const a = last?.sections.auditEvents;
  const auditSince =
    a?.status === "ok"
      ? new Date(Date.parse(a.data.until) - 30 * 60_000).toISOString()
      : new Date(Date.now() - 30 * 86_400_000).toISOString();
  last = await collectSnapshot(graph, { declaredWriteback: "unset", auditSince, carried: carriedFrom(last) });
  return last;
}
const diff = (a: Snapshot, b: Snapshot): Diff => diffSnapshots({ snapshot: a }, { snapshot: b });
const moved = (d: Diff) => d.changes.filter((c) => c.direction !== "neutral");

const runs: Record<string, [Snapshot, Snapshot]> = {};

beforeAll(async () => {
  sim = await startGraphSimulator({ profile: "demo", timeFactor: 0 });
  graph = createGraphClient({
    graphBaseUrl: sim.baseUrl,
    accessToken: "causes-test-token",
    maxRetries: 0,
    rateLimits: "none",
  });
  await audit();
  sim.mutate.disableWriteback();
  const off = await audit();
  sim.mutate.enableWriteback();
  const on = await audit();
  runs.switchedOn = [off, on];
  sim.mutate.disableWriteback();
  runs.switchedOff = [on, await audit()];
  sim.mutate.enableWriteback();
  const before = await audit();
  sim.mutate.addRoleAssignment(DEMO.roleAssignableGroupId, ROLE.helpdeskAdministrator);
  const given = await audit();
  runs.groupGiven = [before, given];
  sim.mutate.setSsprScope("all");
  runs.ssprWidened = [given, await audit()];
}, 60_000);

afterAll(async () => {
  await sim?.close();
});

describe("one cause, one line", () => {
  it("writeback switched on: one change listing the paths it made live, not one line per path", () => {
    const [off, on] = runs.switchedOn!;
    const d = diff(off, on);
    const livePaths = computeExposure(on).findings.filter(
      (f) =>
        (f.kind === "reset-path" || f.kind === "app-permission" || isEscalation(f.kind)) &&
        f.severity !== "info" &&
        computeExposure(off).findings.find((g) => g.key === f.key)?.severity === "info",
    );
    expect(livePaths.length).toBeGreaterThan(3);
    expect(moved(d).map((c) => c.rule)).toEqual(["writeback-switched"]);
    const change = moved(d)[0]!;
    expect(change.summary).toBe(
      `Password writeback switched on: ${livePaths.length} reset paths to on-prem are now live.`,
    );
    expect(change.items!.map((i) => i.key).sort()).toEqual(livePaths.map((f) => f.key).sort());
    expect(d.changes.some((c) => /^Severity raised/.test(c.summary))).toBe(false);

    const email = renderAlertEmail({ diff: d, exposure: computeExposure(on), minSeverity: "high" });
    expect(email.subject).toBe(
      `Password writeback exposure increased: writeback switched on (${livePaths.length} reset paths live)`,
    );
    expect(email.text).toContain("found 1 increase since");
    for (const f of livePaths) expect(email.text).toContain(f.principal?.displayName ?? f.key);
  });

  it("writeback switched off: one decrease that reads as good news", () => {
    const [on, off] = runs.switchedOff!;
    const d = diff(on, off);
    expect(moved(d).map((c) => [c.rule, c.direction])).toEqual([["writeback-switched", "decrease"]]);
    expect(moved(d)[0]!.summary).toMatch(/^Password writeback switched off: \d+ reset paths no longer reach/);
    expect(alertingChanges(d, "info")).toEqual([]);
    const stored = d.changes.map((c) => ({
      ...c,
      tenantId: d.tenantId,
      fromSnapshotId: d.fromSnapshotId,
      toSnapshotId: d.toSnapshotId,
      detectedAt: d.toTakenAt,
    }));
    const digest = renderDigestEmail({ changes: stored, exposure: computeExposure(off), since: on.takenAt });
    expect(digest.text).toContain("[reduced, was ");
    expect(digest.text).not.toMatch(/\[critical\] Password writeback switched off/);
    expect(digest.html).toContain(">reduced</span>");
  });

  it("a role-assignable group given a role: one change listing every member's new path", () => {
    const [before, given] = runs.groupGiven!;
    const d = diff(before, given);
    const members = computeExposure(given).findings.filter(
      (f) =>
        f.kind === "reset-path" &&
        f.via?.id === DEMO.roleAssignableGroupId &&
        f.role?.templateId === ROLE.helpdeskAdministrator,
    );
    expect(members.length).toBeGreaterThanOrEqual(2);
    const alerting = alertingChanges(d, "info");
    expect(
      alerting.map((c) => c.rule),
      alerting.map((c) => `${c.key} ${c.summary}`).join("\n"),
    ).toEqual(["group-role"]);
    expect(alerting[0]!.summary).toMatch(
      new RegExp(
        `^The group ".+" was given Helpdesk Administrator, tenant-wide: its ${members.length} members can now reset`,
      ),
    );
    const itemKeys = alerting[0]!.items!.map((i) => i.key);
    for (const f of members) expect(itemKeys).toContain(f.key);
    const email = renderAlertEmail({ diff: d, exposure: computeExposure(given) });
    expect(email.subject).toBe("Password writeback exposure increased: 1 group handed a role to its members");
    expect(email.text).toContain("found 1 increase since");
  });

  it("SSPR widened: one change", () => {
    const [before, widened] = runs.ssprWidened!;
    const d = diff(before, widened);
    expect(moved(d).map((c) => c.key)).toEqual(["sspr:users"]);
    expect(moved(d)[0]!.summary).toMatch(/^SSPR for users widened from selected to all/);
  });
});
