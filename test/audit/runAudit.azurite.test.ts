/**
 * The audit run end to end, over real HTTP: Graph simulator (demo tenant), Azurite tables and the
 * ACS Email endpoint, through the same settings the product reads in Azure.
 */
import { describe, expect, it } from "vitest";
import { runAudit } from "../../shared/audit/runAudit.js";
import { runDigest } from "../../shared/audit/runDigest.js";
import { getHealth, getLatestReport } from "../../shared/audit/readers.js";
import { LeaseHeldError } from "../../shared/errors.js";
import { DEMO } from "../../sim/graph/index.js";
import type { LocalStack } from "../../demo/localStack.js";
import { auditSummary } from "../../functions/lib/auditSummary.js";
import { stackPerTest } from "./stackPerTest.js";

const { newStack } = stackPerTest("run");

/** Polls until `condition` holds (at most a few seconds: a guard, not a wait the test depends on). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

/** The next `times` saves of changes throw, as a crash right after the snapshot commit would end a run. */
function crashAfterCommit(s: LocalStack, times = 1): void {
  const realSave = s.ctx.stores.changes.saveChanges.bind(s.ctx.stores.changes);
  let crashes = times;
  s.ctx.stores.changes.saveChanges = async (diff, options) => {
    if (crashes-- > 0) throw new Error("simulated crash after the snapshot commit");
    return realSave(diff, options);
  };
}

describe("runAudit", () => {
  it("stops collecting at the deadline, keeps what was read, and still stores and publishes the snapshot", async () => {
    const s = await newStack();
    // An AU's members are read only once the AUs that matter are known: end the audit while that request hangs.
    const members = "/directory/administrativeUnits/*/members/**";
    s.graph.setFaults([{ match: { path: members }, effect: { type: "stall" } }]);
    const deadline = new AbortController();
    const run = runAudit(s.ctx, { trigger: "timer", deadline: deadline.signal });
    await until(() => (s.graph.stats().perRoute["GET /directory/administrativeUnits/{id}/members/{cast}"] ?? 0) > 0);
    deadline.abort(new DOMException("The audit's deadline passed.", "TimeoutError"));
    const result = await run;
    expect(result.snapshot.sections.administrativeUnits).toMatchObject({ status: "unknown", reason: "timeout" });
    expect(result.snapshot.sections.syncedUsers.status).toBe("ok");
    expect(result.snapshot.sections.ssprRegistration.status).toBe("ok");
    expect(result.snapshot.sections.organization.status).toBe("ok");
    expect(result.coverageGaps).toContain("administrativeUnits");
    expect((await s.ctx.stores.snapshots.getLatestSummary(DEMO.tenantId))?.snapshotId).toBe(result.summary.snapshotId);
    expect(await s.ctx.stores.state.getLastRun()).toMatchObject({
      status: "partial",
      notifiedSnapshotId: result.summary.snapshotId,
    });
  });

  it("stores a baseline without alerting, then alerts once per recipient when exposure grows", async () => {
    const s = await newStack({ recipients: ["secops@example.com", "identity-team@example.com"] });
    const first = await runAudit(s.ctx, { trigger: "timer" });
    expect(first.diff.baseline).toBe(true);
    expect(first.alerts.sent).toBe(0);
    expect(s.acs.messages).toHaveLength(0);
    expect(first.exposure.writeback.state).toBe("on");
    expect(first.summary.snapshotId).toBe(first.snapshot.id);

    s.graph.mutate.escalation();
    const second = await runAudit(s.ctx, { trigger: "timer" });
    expect(second.diff.baseline).toBe(false);
    const increases = second.diff.changes.filter((c) => c.direction === "increase");
    expect(increases.some((c) => c.type === "added" && c.after?.kind === "reset-path")).toBe(true);
    expect(increases.some((c) => c.key.startsWith("sspr"))).toBe(true);
    expect(second.alerts.sent).toBe(2);
    expect(s.acs.messages.map((m) => m.to[0]).sort()).toEqual(["identity-team@example.com", "secops@example.com"]);
    expect(s.acs.messages[0]!.subject).toMatch(/^Password writeback exposure increased: /);

    // Nothing changed: quiet.
    const third = await runAudit(s.ctx, { trigger: "timer" });
    expect(third.diff.changes.filter((c) => c.direction !== "neutral")).toEqual([]);
    expect(third.alerts.queued).toBe(0);
    expect(s.acs.messages).toHaveLength(2);

    const report = await getLatestReport(s.ctx);
    expect(report?.summary.snapshotId).toBe(third.summary.snapshotId);
    expect(report?.recentChanges.some((c) => c.toSnapshotId === second.summary.snapshotId)).toBe(true);
    const lastRun = await s.ctx.stores.state.getLastRun();
    expect(lastRun).toMatchObject({ status: "ok", snapshotId: third.summary.snapshotId, tenantId: DEMO.tenantId });
  });

  it("refuses to run while another audit holds the lease, and writes nothing", async () => {
    const s = await newStack();
    await s.ctx.stores.leases.acquire("audit", "someone-else", 600);
    await expect(runAudit(s.ctx, { trigger: "http" })).rejects.toBeInstanceOf(LeaseHeldError);
    expect(s.graph.stats().totalRequests).toBe(0);
    expect((await s.ctx.stores.snapshots.listSummaries(DEMO.tenantId)).items).toHaveLength(0);
  });

  it("two audits started at once in one process (timer + check): one runs, the other gets LeaseHeldError", async () => {
    const s = await newStack();
    const results = await Promise.allSettled([
      runAudit(s.ctx, { trigger: "timer" }),
      runAudit(s.ctx, { trigger: "http" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(LeaseHeldError);
    expect((await s.ctx.stores.snapshots.listSummaries(DEMO.tenantId)).items).toHaveLength(1);
  });

  it("finishes a run that crashed after committing its snapshot: the alert goes out once", async () => {
    const s = await newStack();
    await runAudit(s.ctx, { trigger: "timer" });
    s.graph.mutate.escalation();

    crashAfterCommit(s);
    await expect(runAudit(s.ctx, { trigger: "timer" })).rejects.toThrow(/simulated crash/);
    expect(s.acs.messages).toHaveLength(0);
    expect((await s.ctx.stores.state.getLastRun())?.status).toBe("failed");

    const next = await runAudit(s.ctx, { trigger: "timer" });
    expect(s.acs.messages).toHaveLength(1);
    expect(s.acs.messages[0]!.subject).toMatch(/increased/);
    // The new run itself saw no further change, and its summary counts the crashed run's send it finished.
    expect(next.diff.changes.filter((c) => c.direction === "increase")).toEqual([]);
    expect(next.alerts).toMatchObject({ sent: 1, resumed: 1 });
    await runAudit(s.ctx, { trigger: "timer" });
    expect(s.acs.messages).toHaveLength(1);
  });

  it("an alert the outbox refuses, in the recovery step: every audit goes on, and the run summary, health and the digest show it", async () => {
    const s = await newStack();
    await runAudit(s.ctx, { trigger: "timer" });
    s.graph.mutate.escalation();
    crashAfterCommit(s);
    await expect(runAudit(s.ctx, { trigger: "timer" })).rejects.toThrow(/simulated crash/);

    // The recovered alert does not fit a row (as 20,000 members once did): the store refuses it.
    const outbox = s.ctx.stores.outbox;
    const realEnqueue = outbox.enqueue.bind(outbox);
    outbox.enqueue = async (items, options) => {
      if (items.some((i) => i.kind === "alert" && i.html.length > 0)) {
        throw new Error("simulated: the entity is larger than the 1 MiB a table row holds");
      }
      return realEnqueue(items, options);
    };
    const next = await runAudit(s.ctx, { trigger: "timer" });
    expect(next.recoveredSnapshotId).toBeDefined();
    expect(next.alerts).toMatchObject({ queued: 0, sent: 0, failed: 1 });
    expect(next.alerts.errors.join("\n")).toMatch(/could not be queued: simulated: the entity is larger/);
    expect(auditSummary(next, "timer", 60)).toMatchObject({
      outcome: "ok",
      alerts: { failed: 1, gaveUp: 1, sent: 0 },
      recovery: { snapshotId: next.recoveredSnapshotId },
    });
    // Every later audit runs too.
    const later = await runAudit(s.ctx, { trigger: "timer" });
    expect(later.recoveredSnapshotId).toBeUndefined();
    expect((await s.ctx.stores.state.getLastRun())?.status).toBe("ok");
    expect(s.acs.messages).toHaveLength(0);

    const health = await getHealth(s.ctx);
    expect(health.undelivered).toMatchObject({ count: 1, byChannel: { email: 1 } });
    expect(JSON.stringify(health)).not.toMatch(/secops|simulated/);

    outbox.enqueue = realEnqueue;
    const digest = await runDigest(s.ctx);
    expect(digest).toMatchObject({ sent: 1, undelivered: 1 });
    const mail = s.acs.messages.at(-1)!;
    expect(mail.subject).toMatch(/digest/i);
    const text = mail.text!.replace(/\s+/g, " ");
    expect(text).toContain("Not delivered in the period: 1 message, given up on (auditing went on).");
    expect(text).toMatch(
      /alert to secops@example\.com: "Password writeback exposure increased: .*" — could not be queued: simulated: the entity is larger/,
    );
  });

  it("a recovery that throws never fails the audit: the run compares with the snapshot before and alerts once", async () => {
    const s = await newStack();
    const baseline = await runAudit(s.ctx, { trigger: "timer" });
    s.graph.mutate.escalation();
    // The crash, then the same fault once more in the recovery.
    crashAfterCommit(s, 2);
    await expect(runAudit(s.ctx, { trigger: "timer" })).rejects.toThrow(/simulated crash/);

    const next = await runAudit(s.ctx, { trigger: "timer" });
    expect(next.recoveryError).toMatch(/simulated crash/);
    expect(auditSummary(next, "timer", 60)).toMatchObject({ recovery: { failed: true } });
    // What the recovery could not publish, this run's own diff tells.
    expect(next.diff.fromSnapshotId).toBe(baseline.summary.snapshotId);
    expect(next.diff.changes.some((c) => c.direction === "increase")).toBe(true);
    expect(next.alerts.sent).toBe(1);
    expect(s.acs.messages).toHaveLength(1);
    await runAudit(s.ctx, { trigger: "timer" });
    expect(s.acs.messages).toHaveLength(1);
  });

  it("ACS rejecting the identity (role still propagating): alerts stay queued, health says so, the next run sends them", async () => {
    const s = await newStack({ recipients: ["secops@example.com", "identity-team@example.com"] });
    await runAudit(s.ctx, { trigger: "timer" });
    s.graph.mutate.escalation();
    s.acs.setFaults([{ status: 401, code: "Denied", times: Infinity }]);
    const refused = await runAudit(s.ctx, { trigger: "timer" });
    expect(refused.alerts).toMatchObject({ queued: 2, sent: 0, failed: 0, pending: 2 });
    expect(refused.alerts.authFailure).toMatch(/ACS rejected the app's identity \(401/);
    // One recipient was tried; the other was not spent on a send that would fail alike.
    const tried = s.acs.requests.filter((r) => r.status === 401).map((r) => r.operationId);
    expect(new Set(tried).size).toBe(1);
    expect(await getHealth(s.ctx)).toMatchObject({ email: { status: "auth-retrying" } });

    s.acs.setFaults([]);
    const next = await runAudit(s.ctx, { trigger: "timer" });
    expect(next.alerts).toMatchObject({ sent: 2, resumed: 2, pending: 0 });
    expect(s.acs.messages).toHaveLength(2);
    expect((await getHealth(s.ctx)).email).toBeUndefined();
  });

  it("a section lost to a missing permission is a coverage change, never a false decrease or an alert", async () => {
    const s = await newStack();
    await runAudit(s.ctx, { trigger: "timer" });
    s.graph.setGrantedPermissions(
      [...(await import("../../sim/graph/index.js")).DEFAULT_GRANTED_PERMISSIONS].filter(
        (p) => p !== "Policy.Read.All",
      ),
    );
    const run = await runAudit(s.ctx, { trigger: "timer" });
    expect(run.coverageGaps).toEqual(["authorizationPolicy"]);
    const coverage = run.diff.changes.filter((c) => c.type === "coverage");
    expect(coverage.map((c) => c.section)).toContain("authorizationPolicy");
    expect(run.diff.changes.filter((c) => c.direction === "decrease")).toEqual([]);
    expect(s.acs.messages).toHaveLength(0);
    expect((await s.ctx.stores.state.getLastRun())?.status).toBe("partial");
    const gap = run.exposure.coverage.find((c) => c.section === "authorizationPolicy");
    // The local stack's token carries no claims: the permission is named as needed, not claimed missing.
    expect(gap).toMatchObject({
      status: "unknown",
      reason: "forbidden",
      detail: expect.stringContaining("Policy.Read.All"),
    });
    expect(gap?.missingPermission).toBeUndefined();
    expect(run.exposure.sspr.adminSspr).toBeNull();
  });

  it("organization unreadable on the very first audit, with no tenant known anywhere: one message saying what to set", async () => {
    const s = await newStack();
    const { DEFAULT_GRANTED_PERMISSIONS } = await import("../../sim/graph/index.js");
    // Directory.Read.All is a documented alternative for /organization: withhold it too.
    const withheld = ["Organization.Read.All", "Directory.Read.All"];
    s.graph.setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => !withheld.includes(p)));
    await expect(runAudit(s.ctx, { trigger: "timer" })).rejects.toThrow(
      /set TENANT_ID, or grant Organization.Read.All/,
    );
    s.graph.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    expect((await runAudit(s.ctx, { trigger: "timer" })).tenantId).toBe(DEMO.tenantId);
  });

  it("keeps the audit-log proof that writeback is on through runs whose audit log cannot be read", async () => {
    const s = await newStack();
    const first = await runAudit(s.ctx, { trigger: "timer" });
    expect(first.exposure.writeback.state).toBe("on");
    const { DEFAULT_GRANTED_PERMISSIONS } = await import("../../sim/graph/index.js");
    // AuditLog.Read.All also gates userRegistrationDetails: both sections go unknown.
    s.graph.setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== "AuditLog.Read.All"));
    for (let i = 0; i < 2; i++) {
      const run = await runAudit(s.ctx, { trigger: "timer" });
      expect(run.coverageGaps).toContain("auditEvents");
      expect(run.exposure.writeback.state).toBe("on");
      expect(run.exposure.writeback.evidence.find((e) => e.decisive)?.source).toBe("carried");
      expect(run.diff.changes.filter((c) => c.key === "writeback")).toEqual([]);
      expect(run.diff.changes.filter((c) => c.direction !== "neutral")).toEqual([]);
    }
    s.graph.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    const back = await runAudit(s.ctx, { trigger: "timer" });
    expect(back.exposure.writeback.state).toBe("on");
    expect(s.acs.messages).toHaveLength(0);
  });

  it("purges snapshots past retention but never the latest, and the digest reports the period", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const s = await newStack({ now: () => new Date(clock), settings: { RETENTION_DAYS: "10" } });
    await runAudit(s.ctx, { trigger: "timer" });
    clock += 5 * 86_400_000;
    await runAudit(s.ctx, { trigger: "timer" });
    clock += 30 * 86_400_000;
    const late = await runAudit(s.ctx, { trigger: "timer" });
    expect(late.purgedSnapshots).toBe(2);
    const left = await s.ctx.stores.snapshots.listSummaries(DEMO.tenantId);
    expect(left.items.map((i) => i.snapshotId)).toEqual([late.summary.snapshotId]);

    const digest = await runDigest(s.ctx);
    expect(digest.sent).toBe(1);
    const mail = s.acs.messages.at(-1)!;
    expect(mail.subject).toMatch(/digest/i);
    expect(mail.text).toMatch(/No change since/i);
    // The demo tenant's top fix, ranked from the stored snapshot, with what the best three remove together.
    expect(mail.text).toMatch(/\nTop fixes:\n- 1\. [\s\S]+?: removes \d+ reset paths?/);
    // A second digest for the same period is not sent twice.
    clock += 1000;
    const again = await runDigest(s.ctx);
    expect(again.changes).toBe(0);
  });
});
