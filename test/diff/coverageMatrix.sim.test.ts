/**
 * Lost coverage never changes a finding, exhaustively: for the demo tenant and three generated
 * tenants, every section and every pair of sections lost (then restored) yields no increase, no
 * decrease and no alert; a real tenant change that does not need the lost sections still alerts.
 *
 * The collectors run against the Graph simulator once per audit of each tenant (beforeAll); the
 * losses are then applied to those snapshots in memory, the way the collectors record a section
 * they could not read, so the hundreds of diffs below take no I/O.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertingChanges } from "../../shared/diff/order.js";
import { diffSnapshots } from "../../shared/diff/diffSnapshots.js";
import type { Diff } from "../../shared/diff/types.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { Exposure } from "../../shared/exposure/types.js";
import { createGraphClient, type GraphClient } from "../../shared/graph/GraphClient.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { permissionFor } from "../../shared/graph/permissions.js";
import { carriedFrom } from "../../shared/snapshot/carriedEvidence.js";
import { SECTION_NAMES, type SectionName, type Snapshot } from "../../shared/snapshot/types.js";
import { DEMO, ROLE, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import type { GeneratedTenantOptions } from "../../sim/graph/index.js";

/** What the product alerts on by default (ALERT_MIN_SEVERITY). */
const ALERT_MIN = "high";
const DAY = 86_400_000;
const OVERLAP = 30 * 60_000;

const TENANTS: { name: string; profile: "demo" | GeneratedTenantOptions }[] = [
  { name: "demo", profile: "demo" },
  { name: "seed 1", profile: { seed: 1, users: 300 } },
  { name: "seed 2", profile: { seed: 2, users: 500, syncedShare: 0.6, raGroupMembers: 4, auScopedAdmins: 2 } },
  { name: "seed 3", profile: { seed: 3, users: 150, ssprScope: "none", writeback: "none" } },
];

const SINGLES: SectionName[][] = SECTION_NAMES.map((s) => [s]);
const PAIRS: SectionName[][] = SECTION_NAMES.flatMap((a, i) => SECTION_NAMES.slice(i + 1).map((b) => [a, b]));
const LOSSES = [...SINGLES, ...PAIRS];

/** A real change between two audits, and the sections without which it cannot be seen at all. */
interface TenantChange {
  name: string;
  before: Snapshot;
  after: Snapshot;
  needs: SectionName[];
  key: string;
}

interface Audits {
  steady: [Snapshot, Snapshot, Snapshot];
  changes: TenantChange[];
}

/** One audit as runAudit makes it: the audit log read on from the previous one, its evidence carried. */
async function audit(graph: GraphClient, previous?: Snapshot): Promise<Snapshot> {
  const audit = previous?.sections.auditEvents;
  const auditSince =
    audit?.status === "ok"
      ? new Date(Date.parse(audit.data.until) - OVERLAP).toISOString()
      : new Date(Date.now() - 30 * DAY).toISOString();
  const snapshot = await collectSnapshot(graph, {
    declaredWriteback: "unset",
    auditSince,
    carried: carriedFrom(previous),
  });
  exposures.set(snapshot, computeExposure(snapshot));
  return snapshot;
}

/** The sections as the collectors record them when Graph refuses them (and what cannot run without them). */
function lose(s: Snapshot, sections: readonly SectionName[]): Snapshot {
  const lost = new Set(sections);
  const out: Snapshot = { ...s, sections: { ...s.sections } };
  for (const name of lost) {
    const permission = permissionFor(name);
    (out.sections as Record<SectionName, unknown>)[name] = {
      status: "unknown",
      reason: "forbidden",
      detail: `${name}: Graph answered 403 (test).`,
      ...(permission ? { missingPermission: permission } : {}),
    };
  }
  if (lost.has("roleAssignments") && !lost.has("administrativeUnits")) {
    out.sections.administrativeUnits = {
      status: "unknown",
      reason: "dependency",
      detail: "administrativeUnits: not collected because roleAssignments is unknown.",
    };
  }
  return out;
}

/** `next` as the run after `previous` records it: with the evidence `previous` hands on. */
function after(previous: Snapshot, next: Snapshot): Snapshot {
  return { ...next, carriedEvidence: carriedFrom(previous) ?? null };
}

/** Exposures of the unmasked audits, computed once (the product also computes each audit's exposure once). */
const exposures = new WeakMap<Snapshot, Exposure>();

function diff(previous: Snapshot, current: Snapshot): Diff {
  return diffSnapshots(
    { snapshot: previous, exposure: exposures.get(previous) },
    { snapshot: current, exposure: exposures.get(current) },
  );
}

interface Tally {
  diffs: number;
  falseChanges: string[];
  alertingDiffs: string[];
}

function tallyFalse(t: Tally, label: string, d: Diff): void {
  t.diffs += 1;
  for (const c of d.changes)
    if (c.direction !== "neutral") t.falseChanges.push(`${label}: ${c.direction} ${c.summary}`);
  if (alertingChanges(d, ALERT_MIN).length > 0) t.alertingDiffs.push(label);
}

const audits = new Map<string, Audits>();
const sims: GraphSimulator[] = [];

beforeAll(async () => {
  for (const tenant of TENANTS) {
    const sim = await startGraphSimulator({ profile: tenant.profile, timeFactor: 0 });
    sims.push(sim);
    const graph = createGraphClient({
      graphBaseUrl: sim.baseUrl,
      accessToken: "matrix-test-token",
      maxRetries: 0,
      rateLimits: "none",
    });
    const s1 = await audit(graph);
    const s2 = await audit(graph, s1);
    const s3 = await audit(graph, s2);
    const changes: TenantChange[] = [];

    const cloudUser = firstUnprivilegedCloudUser(sim);
    sim.mutate.addRoleAssignment(cloudUser, ROLE.helpdeskAdministrator, "/");
    const s4 = await audit(graph, s3);
    changes.push({
      name: "a cloud user made Helpdesk Administrator",
      before: s3,
      after: s4,
      needs: ["roleDefinitions", "roleAssignments"],
      key: `reset-path:${cloudUser}:${ROLE.helpdeskAdministrator}:/:active`,
    });

    sim.mutate.setSsprScope("all");
    const s5 = await audit(graph, s4);
    changes.push({
      name: "SSPR widened to all users",
      before: s4,
      after: s5,
      needs: ["ssprRegistration", "syncedUsers"],
      key: "sspr:users",
    });

    sim.mutate.disableWriteback();
    const s6 = await audit(graph, s5);
    const s7 = await audit(graph, s6);
    sim.mutate.enableWriteback();
    const s8 = await audit(graph, s7);
    changes.push({
      name: "writeback switched on",
      before: s7,
      after: s8,
      needs: ["auditEvents"],
      key: "writeback",
    });
    audits.set(tenant.name, { steady: [s1, s2, s3], changes });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

function firstUnprivilegedCloudUser(sim: GraphSimulator): string {
  const holders = new Set([...sim.tenant.roleAssignments, ...sim.tenant.roleEligibilities].map((a) => a.principalId));
  const inGroups = new Set(
    [...sim.tenant.groups.values()]
      .filter((g) => g.isAssignableToRole)
      .flatMap((g) => [...g.members, ...(g.owners ?? [])]),
  );
  const users = sim.tenant.users.all();
  for (let i = users.count - 1; i >= 0; i--) {
    const u = users.slice(i, i + 1)[0]!;
    if (u.onPremisesSyncEnabled !== true && !holders.has(u.id) && !inGroups.has(u.id)) return u.id;
  }
  throw new Error("no unprivileged cloud user in the tenant");
}

describe.each(TENANTS.map((t) => t.name))("coverage matrix, %s", (name) => {
  it("the audits themselves read every section and see no change between steady runs", () => {
    const { steady } = audits.get(name)!;
    for (const s of steady) expect(SECTION_NAMES.filter((n) => s.sections[n].status !== "ok")).toEqual([]);
    expect(diff(steady[1], steady[2]).changes).toEqual([]);
    if (name === "demo") expect(steady[0].tenantId).toBe(DEMO.tenantId);
  });

  it("every section and every pair of sections lost, then restored: no increase, no decrease, no alert", () => {
    const [s1, s2, s3] = audits.get(name)!.steady;
    const tally: Tally = { diffs: 0, falseChanges: [], alertingDiffs: [] };
    for (const lost of LOSSES) {
      const label = lost.join("+");
      const lostAudit = after(s2, lose(s3, lost));
      const d = diff(s2, lostAudit);
      tallyFalse(tally, `${label} lost`, d);
      expect(d.changes.some((c) => c.type === "coverage" && c.section === lost[0])).toBe(true);
      const lostBefore = after(s1, lose(s2, lost));
      tallyFalse(tally, `${label} restored`, diff(lostBefore, after(lostBefore, s3)));
    }
    expect(tally.diffs).toBe(LOSSES.length * 2);
    expect(
      { falseChanges: tally.falseChanges.length, alertingDiffs: tally.alertingDiffs.length },
      [...tally.falseChanges.slice(0, 20), ...tally.alertingDiffs.slice(0, 20)].join("\n"),
    ).toEqual({ falseChanges: 0, alertingDiffs: 0 });
  });

  // Every pair on the demo tenant, every section on the generated ones: the pairs' verdicts depend
  // on the model, not on the tenant's size, and each diff recomputes two exposures.
  const losses = name === "demo" ? LOSSES : SINGLES;

  it(`a real change that does not need the lost sections still alerts, lost or restored; nothing else alerts (${losses.length} losses)`, () => {
    for (const change of audits.get(name)!.changes) {
      const full = diff(change.before, change.after);
      const expected = new Set(alertingChanges(full, ALERT_MIN).map((c) => c.key));
      expect([...expected], change.name).toContain(change.key);
      const missed: string[] = [];
      const invented: string[] = [];
      for (const lost of losses) {
        const label = `${change.name} with ${lost.join("+")}`;
        const visible = !lost.some((s) => change.needs.includes(s));
        const cases = [
          ["lost", diff(change.before, after(change.before, lose(change.after, lost)))],
          ["restored", diff(lose(change.before, lost), after(change.before, change.after))],
        ] as const;
        for (const [when, d] of cases) {
          const keys = alertingChanges(d, ALERT_MIN).map((c) => c.key);
          if (visible && !keys.includes(change.key)) missed.push(`${label} ${when}`);
          for (const k of keys) if (!expected.has(k)) invented.push(`${label} ${when}: ${k}`);
        }
      }
      expect({ missed, invented }, change.name).toEqual({ missed: [], invented: [] });
    }
  });
});
