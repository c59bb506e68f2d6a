/**
 * The digest tells the truth about silence, end to end (Graph simulator, Azurite, ACS stand-in,
 * a controlled clock): every change of the period in order, a path added and removed again
 * included; the standing critical findings; audits run / succeeded / failed; a subject that says
 * "no successful audit for N h" once two scheduled audits have passed without one; and sends that
 * fail during an ACS outage counted as failed, not as 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../shared/audit/runAudit.js";
import { runDigest } from "../../shared/audit/runDigest.js";
import { auditSummary } from "../../functions/lib/auditSummary.js";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { DEMO, ROLE } from "../../sim/graph/index.js";
import { startLocalStack, type LocalStack } from "../../demo/localStack.js";

const HOUR = 3_600_000;
let azurite: RunningAzurite;
let stack: LocalStack;
// Whole hours after the real time, so the hourly schedule and the audit-log windows line up.
let clock = Math.ceil(Date.now() / HOUR) * HOUR + 60_000;

beforeAll(async () => {
  azurite = await startAzurite();
  stack = await startLocalStack({ azurite, tablePrefix: "digest", now: () => new Date(clock) });
});
afterAll(async () => {
  await stack?.close();
  await azurite?.stop();
});

describe("the digest", () => {
  const cloudUser = DEMO.users.vic!;

  it("counts failed sends while ACS is down, and the outbox sends them once ACS is back", async () => {
    await runAudit(stack.ctx, { trigger: "timer" });
    clock += HOUR;
    stack.graph.mutate.addRoleAssignment(cloudUser, ROLE.helpdeskAdministrator);
    stack.acs.setFaults([{ status: 500, times: Infinity }]);
    const down = await runAudit(stack.ctx, { trigger: "timer" });
    expect(down.diff.changes.some((c) => c.direction === "increase" && c.type === "added")).toBe(true);
    const line = auditSummary(down, "timer", 60);
    expect(line.alerts).toMatchObject({ queued: 1, sent: 0, pending: 1 });
    expect((line.alerts as { failed: number }).failed).toBeGreaterThanOrEqual(1);
    expect(stack.acs.messages).toHaveLength(0);

    stack.acs.setFaults([]);
    clock += HOUR;
    stack.graph.mutate.removeRoleAssignment(cloudUser, ROLE.helpdeskAdministrator);
    const back = await runAudit(stack.ctx, { trigger: "timer" });
    expect(back.alerts.sent).toBe(1);
    expect(back.alerts.attemptFailures).toBe(0);
    expect(stack.acs.messages).toHaveLength(1);
  });

  it("lists the path added and removed again in order, the critical findings and the audit counts", async () => {
    clock += HOUR;
    const digest = await runDigest(stack.ctx);
    expect(digest).toMatchObject({ sent: 1, failed: 0, audits: { run: 3, succeeded: 3, failed: 0 } });
    expect(digest.silentHours).toBeUndefined();
    const mail = stack.acs.messages.at(-1)!;
    expect(mail.subject).toMatch(/^Password writeback watch digest: 1 increase, 1 decrease \(/);
    expect(mail.text).toContain("Audits in the period: 3 run, 3 succeeded, 0 failed.");
    const added = mail.text.indexOf("New reset path: Vic Vance");
    const removed = mail.text.indexOf("Reset path removed: Vic Vance");
    expect(added).toBeGreaterThan(0);
    expect(removed).toBeGreaterThan(added);
    expect(mail.text).toMatch(/\[reduced, was \w+\] Reset path removed: Vic Vance/);
    const critical = mail.text.split("Standing critical findings (")[1]!;
    expect(Number(critical.split(")")[0])).toBeGreaterThan(0);
    expect(mail.text).toContain("Gary Global (synced)");
    expect(mail.text).not.toContain("No change since");
  });

  it("says 'no successful audit for N h' once the last success is older than two audit intervals", async () => {
    const lastSuccess = clock - HOUR;
    stack.graph.setGrantedPermissions([]);
    clock += 2 * HOUR;
    const blind = await runAudit(stack.ctx, { trigger: "timer" });
    expect(blind.coverageGaps.length).toBe(blind.exposure.coverage.length);
    clock += 24 * HOUR;
    await runAudit(stack.ctx, { trigger: "timer" });
    const digest = await runDigest(stack.ctx);
    const hours = Math.floor((clock - lastSuccess) / HOUR);
    expect(digest).toMatchObject({ silentHours: hours, audits: { run: 2, succeeded: 0, failed: 2 } });
    const mail = stack.acs.messages.at(-1)!;
    expect(mail.subject).toBe(`Password writeback watch digest: no successful audit for ${hours} h`);
    expect(mail.text).toContain(`Warning: no successful audit for ${hours} h`);
    expect(mail.text).toContain("Audits in the period: 2 run, 0 succeeded, 2 failed.");
    expect(mail.text).not.toContain("No change since");
    // The outage's coverage loss is listed once, not once per blind audit.
    expect(mail.text.match(/Coverage lost: section syncedUsers/g)).toHaveLength(1);
    expect(mail.text).not.toContain("Coverage still missing");
  });
});
