import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { createEmailSender } from "../../shared/notify/acsEmailSender.js";
import { deliverAlerts, sendDigest, type DeliverAlertsInput } from "../../shared/notify/deliverAlerts.js";
import type { EmailSender } from "../../shared/notify/types.js";
import { createEmailNotifier } from "../../shared/notify/emailNotifier.js";
import { startAcsEmailSimulator, type RunningAcsEmailSimulator } from "../../sim/acs/startAcsEmailSimulator.js";
import { exposure, next, resetPath } from "../diff/fixtures.js";
import { MemoryAlertMemory, MemoryOutbox } from "./memoryOutbox.js";

const RECIPIENTS = ["a@contoso.com", "b@contoso.com", "c@contoso.com"];
let sim: RunningAcsEmailSimulator;
let sender: EmailSender;
let snapshotSeq = 0;

beforeAll(async () => {
  sim = await startAcsEmailSimulator();
  sender = createEmailSender(
    { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: sim.connectionString },
    { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 }, pollIntervalMs: 5 },
  );
});
afterAll(() => sim.close());
beforeEach(() => sim.setFaults([]));

/** A fresh increase (a new path each time, so dedupe keys and operation ids never collide across tests). */
function increase() {
  snapshotSeq += 1;
  const prev = exposure();
  const cur = next(prev, {
    snapshotId: `snap-${snapshotSeq}-${Date.now()}`,
    findings: [resetPath({ principalId: `u-${snapshotSeq}-${Date.now()}`, reach: 9 })],
  });
  return { diff: diffExposures(prev, cur), exposure: cur };
}

/** deliverAlerts to RECIPIENTS at "high" by email through the ACS stand-in, unless the test says otherwise. */
type AlertInput = Pick<DeliverAlertsInput, "diff" | "exposure" | "outbox" | "memory"> &
  Partial<DeliverAlertsInput> & { recipients?: string[]; sender?: EmailSender };
const alert = ({ recipients = RECIPIENTS, sender: emailSender = sender, ...input }: AlertInput) =>
  deliverAlerts({
    minSeverity: "high",
    retentionDays: 30,
    notifiers: [createEmailNotifier({ sender: emailSender, recipients })],
    ...input,
  });

const countFor = (snapshotId: string, recipient: string) =>
  sim.messages.filter((m) => m.to.includes(recipient) && m.subject.length > 0 && sentFor(snapshotId, m.operationId))
    .length;
const ops = new Map<string, Set<string>>();
const sentFor = (snapshotId: string, opId: string) => ops.get(snapshotId)?.has(opId) ?? false;
function remember(outbox: MemoryOutbox, snapshotId: string) {
  ops.set(
    snapshotId,
    new Set(
      outbox
        .all()
        .filter((i) => i.snapshotId === snapshotId)
        .map((i) => i.operationId!),
    ),
  );
}

describe("deliverAlerts", () => {
  it("queues one item per recipient before sending and marks each sent", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    const order: string[] = [];
    const spy: EmailSender = {
      send: async (m, o) => {
        order.push(`send:${m.to}:${outbox.all().find((i) => i.recipient === m.to)?.status}`);
        return sender.send(m, o);
      },
    };
    const r = await alert({
      diff,
      exposure: e,
      recipients: [...RECIPIENTS, "A@CONTOSO.COM", "not an address"],
      outbox,
      memory,
      sender: spy,
    });
    expect(r).toMatchObject({ queued: 3, sent: 3, failed: 0, skipped: 1, pending: 0 });
    expect(order).toEqual(RECIPIENTS.map((x) => `send:${x}:pending`));
    // Keyed by the address and the changes told, not by the snapshot that found them.
    const key = outbox.all()[0]!.dedupeKey.split(":").at(-1);
    expect(outbox.all().map((i) => [i.dedupeKey, i.status, i.attempts])).toEqual(
      RECIPIENTS.map((x) => [`alert:email:${x}:${key}`, "sent", 1]),
    );
    remember(outbox, e.snapshotId);
    for (const x of RECIPIENTS) expect(countFor(e.snapshotId, x)).toBe(1);
    // Running again for the same snapshot sends nothing.
    const again = await alert({ diff, exposure: e, outbox, memory });
    expect(again).toMatchObject({ queued: 0, sent: 0 });
    for (const x of RECIPIENTS) expect(countFor(e.snapshotId, x)).toBe(1);
  });

  it("baseline and below-threshold diffs queue nothing", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { exposure: e } = increase();
    const baseline = await alert({ diff: diffExposures(null, e), exposure: e, minSeverity: "info", outbox, memory });
    // Nothing to alert: the channels' recipients are not even looked up (no group read from Graph).
    expect(baseline).toMatchObject({ queued: 0, sent: 0, skipped: 0, recipients: 0 });
    const { diff } = increase();
    const below = await alert({ diff, exposure: e, minSeverity: "critical", outbox, memory });
    expect(below).toMatchObject({ queued: 0, skipped: 0, recipients: 0 });
    expect(outbox.all()).toHaveLength(0);
  });

  it("ACS 429 then success, and 500 then success: everyone gets exactly one email", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    sim.setFaults([
      { status: 429, retryAfterSeconds: 1, recipient: "a@contoso.com" },
      { status: 500, recipient: "b@contoso.com" },
      { status: 500, on: "poll" },
    ]);
    const r = await alert({ diff, exposure: e, outbox, memory });
    expect(r).toMatchObject({ sent: 3, failed: 0, pending: 0 });
    remember(outbox, e.snapshotId);
    for (const x of RECIPIENTS) expect(countFor(e.snapshotId, x)).toBe(1);
  });

  it("a permanent failure for one recipient does not block the others and is not retried", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    sim.setFaults([{ status: 400, code: "InvalidRecipient", recipient: "b@contoso.com", times: Infinity }]);
    const r = await alert({ diff, exposure: e, outbox, memory });
    expect(r).toMatchObject({ sent: 2, failed: 1 });
    const b = outbox.all().find((i) => i.recipient === "b@contoso.com")!;
    expect(b.status).toBe("failed");
    expect(b.lastError).toMatch(/400|InvalidRecipient/);
    remember(outbox, e.snapshotId);
    expect(countFor(e.snapshotId, "a@contoso.com")).toBe(1);
    expect(countFor(e.snapshotId, "b@contoso.com")).toBe(0);
    expect(countFor(e.snapshotId, "c@contoso.com")).toBe(1);
    const posts = sim.requests.filter((q) => q.operationId === b.operationId && q.method === "POST");
    expect(posts).toHaveLength(1);
  });

  it("a crash between send and mark-sent: the next run sends nothing twice", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    let crashed = false;
    outbox.failUpdate = (item) => {
      if (!crashed && item.status === "sent" && item.recipient === "b@contoso.com") {
        crashed = true;
        return true;
      }
      return false;
    };
    const first = await alert({ diff, exposure: e, outbox, memory });
    expect(crashed).toBe(true);
    expect(first.sent).toBe(2);
    expect(outbox.all().find((i) => i.recipient === "b@contoso.com")!.status).toBe("pending");
    // Next run (e.g. the next timer tick, nothing new to alert): flushes the leftover.
    const second = await alert({ diff: diffExposures(e, e), exposure: e, outbox, memory });
    expect(second).toMatchObject({ queued: 0, sent: 1 });
    expect(outbox.all().every((i) => i.status === "sent")).toBe(true);
    remember(outbox, e.snapshotId);
    for (const x of RECIPIENTS) expect(countFor(e.snapshotId, x)).toBe(1);
  });

  it("a crash after ACS accepted, before mark-sent: the next run resumes by status poll and sends no second request", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    let crashed = false;
    outbox.failUpdate = (item) => {
      // Only once onAccepted has stored the resume state, like a crash after the send was accepted.
      if (!crashed && item.status === "sent" && item.recipient === "b@contoso.com") {
        expect(outbox.all().find((i) => i.recipient === "b@contoso.com")!.resumeState).toBeTruthy();
        crashed = true;
        return true;
      }
      return false;
    };
    // Two polls to Succeeded: the stored state says "running", so the resume must really ask ACS.
    const slow = await startAcsEmailSimulator({ pollsUntilDone: 2 });
    onTestFinished(() => slow.close());
    const slowSender = createEmailSender(
      { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: slow.connectionString },
      { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 }, pollIntervalMs: 5 },
    );
    const run = () => alert({ diff, exposure: e, outbox, memory, sender: slowSender });
    expect(await run()).toMatchObject({ sent: 2, pending: 1 });
    expect(crashed).toBe(true);
    const b = outbox.all().find((i) => i.recipient === "b@contoso.com")!;
    expect(b).toMatchObject({ status: "pending", attempts: 1 });
    expect(JSON.parse(b.resumeState!).state.status).toBe("running");
    const before = slow.count(b.operationId);
    expect(before.sends).toBe(1);
    expect(await run()).toMatchObject({ queued: 0, sent: 1, pending: 0 });
    const after = slow.count(b.operationId);
    expect(after.sends).toBe(1); // no second POST /emails:send
    expect(after.polls).toBeGreaterThan(before.polls); // the status poll that confirmed it
    expect(outbox.all().find((i) => i.recipient === "b@contoso.com")).toMatchObject({ status: "sent", attempts: 2 });
    for (const x of RECIPIENTS) expect(slow.messages.filter((m) => m.to.includes(x))).toHaveLength(1);
  });

  it("transient failures leave the item pending, then it fails after the bounded attempts", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    sim.setFaults([{ status: 503, retryAfterSeconds: 0, recipient: "c@contoso.com", times: Infinity }]);
    const run = () => alert({ diff, exposure: e, recipients: ["c@contoso.com"], outbox, memory, maxAttempts: 2 });
    expect(await run()).toMatchObject({ sent: 0, pending: 1, failed: 0 });
    expect(await run()).toMatchObject({ sent: 0, pending: 0, failed: 1 });
    const item = outbox.all()[0]!;
    expect(item).toMatchObject({ status: "failed", attempts: 2 });
    expect(await run()).toMatchObject({ sent: 0, failed: 0, pending: 0 });
  });
  it("an alert the outbox refuses for one recipient: the others still go out, it is recorded failed, nothing throws", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    outbox.failEnqueue = (i) => i.recipient === "b@contoso.com" && i.status === "pending";
    const r = await alert({ diff, exposure: e, outbox, memory });
    expect(r).toMatchObject({ queued: 2, sent: 2, failed: 1 });
    expect(r.errors.join("\n")).toMatch(/could not be queued: simulated storage fault/);
    remember(outbox, e.snapshotId);
    expect(countFor(e.snapshotId, "a@contoso.com")).toBe(1);
    expect(countFor(e.snapshotId, "c@contoso.com")).toBe(1);
    // Recorded failed, without a body, for health and the digest; b is not remembered as told.
    const failed = await outbox.listFailed(e.tenantId, new Date(0));
    expect(failed).toMatchObject([{ kind: "alert", recipient: "b@contoso.com", failedAt: expect.any(String) }]);
    expect((await memory.list(e.tenantId)).map((m) => m.address).sort()).toEqual([
      "email:a@contoso.com",
      "email:c@contoso.com",
    ]);
  });

  it("a crash after queueing, before the alert memory is saved: the rerun, and a diff from an older snapshot, send nothing twice", async () => {
    const outbox = new MemoryOutbox();
    const memory = new MemoryAlertMemory();
    const { diff, exposure: e } = increase();
    const before = sim.messages.length;
    const realSave = memory.save.bind(memory);
    memory.save = async () => {
      throw new Error("simulated crash before the alert memory is saved");
    };
    const first = await alert({ diff, exposure: e, outbox, memory });
    expect(first).toMatchObject({ queued: 3, sent: 3 });
    expect(first.errors.join("\n")).toMatch(/alert memory not saved/);
    expect(memory.rows.size).toBe(0);
    memory.save = realSave;

    // The same change again (a rerun), then found by a later audit that compares with an older
    // snapshot (damage) under another snapshot id: the outbox key is the change, so no new email.
    const again = await alert({ diff, exposure: e, outbox, memory });
    const replay = { ...diff, fromSnapshotId: "older", toSnapshotId: `${diff.toSnapshotId}-next` };
    const later = await alert({ diff: replay, exposure: { ...e, snapshotId: replay.toSnapshotId }, outbox, memory });
    for (const r of [again, later]) expect(r).toMatchObject({ queued: 0, sent: 0 });
    expect(outbox.all()).toHaveLength(3);
    const sent = sim.messages.slice(before);
    expect(sent.map((m) => m.to[0]).sort()).toEqual(RECIPIENTS);
  });
});

describe("sendDigest", () => {
  it("sends to each recipient once per period, even with no changes", async () => {
    const outbox = new MemoryOutbox();
    const { exposure: e } = increase();
    const since = `2026-02-0${snapshotSeq % 9}T08:00:00.000Z`;
    const input = {
      changes: [],
      exposure: e,
      since,
      recipients: RECIPIENTS,
      outbox,
      notifiers: [createEmailNotifier({ sender, recipients: RECIPIENTS })],
    };
    const r = await sendDigest(input);
    expect(r).toMatchObject({ queued: 3, sent: 3 });
    expect(outbox.all().every((i) => i.kind === "digest" && i.dedupeKey.startsWith(`digest:${since}:`))).toBe(true);
    const subjects = sim.messages
      .filter((m) => outbox.all().some((i) => i.operationId === m.operationId))
      .map((m) => m.subject);
    expect(subjects).toHaveLength(3);
    expect(subjects[0]).toMatch(/no change since/);
    expect(await sendDigest(input)).toMatchObject({ queued: 0, sent: 0 });
  });
});
