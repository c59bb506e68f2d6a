import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEmailSender, TransientSendError } from "../../shared/notify/acsEmailSender.js";
import { operationIdFor } from "../../shared/notify/operationId.js";
import {
  ACS_MAX_REQUEST_BYTES,
  startAcsEmailSimulator,
  type RunningAcsEmailSimulator,
} from "../../sim/acs/startAcsEmailSimulator.js";

const FAST = { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, authRetryMs: 80 }, pollIntervalMs: 5 };
const message = { to: "owner@contoso.com", subject: "Subject ✓", html: "<p>hi</p>", text: "hi" };

let sim: RunningAcsEmailSimulator;
let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "acs-sim-"));
  sim = await startAcsEmailSimulator({ outDir, pollsUntilDone: 2 });
});
afterAll(async () => {
  await sim.close();
  await rm(outDir, { recursive: true, force: true });
});
beforeEach(() => sim.setFaults([]));

const sender = (over: Partial<Parameters<typeof createEmailSender>[0]> = {}) =>
  createEmailSender(
    { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: sim.connectionString, ...over },
    FAST,
  );

describe("createEmailSender against the ACS simulator", () => {
  it("sends through the real EmailClient (signed, 202, polled to Succeeded) and the simulator keeps and writes the message", async () => {
    const before = sim.messages.length;
    const opId = operationIdFor("t", "snap-1:owner@contoso.com");
    const result = await sender().send(message, { operationId: opId });
    expect(result).toEqual({ messageId: opId, status: "Succeeded" });
    expect(sim.messages.length).toBe(before + 1);
    const m = sim.messages.at(-1)!;
    expect(m).toMatchObject({
      to: ["owner@contoso.com"],
      from: "DoNotReply@contoso.azurecomm.net",
      subject: "Subject ✓",
      html: "<p>hi</p>",
      text: "hi",
    });
    expect(await readFile(m.files!.html, "utf8")).toBe("<p>hi</p>");
    expect(await readFile(m.files!.eml, "utf8")).toMatch(/Subject: =\?UTF-8\?B\?/);
    // Two polls were needed: the poller really followed Operation-Location.
    expect(sim.requests.filter((r) => r.operationId === opId && r.method === "GET").length).toBe(2);
  });

  it("a 401 that lasts (wrong key, or a role never granted) is retried for authRetryMs, then left queued as an auth failure", async () => {
    const wrong = sim.connectionString.replace(
      /accesskey=.*/,
      `accesskey=${Buffer.from("not the key").toString("base64")}`,
    );
    const before = sim.messages.length;
    const requestsBefore = sim.requests.length;
    const error = await sender({ acsConnectionString: wrong })
      .send(message)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TransientSendError);
    expect(error).toMatchObject({ authFailure: true, statusCode: 401 });
    expect((error as Error).message).toMatch(/ACS rejected the app's identity \(401/);
    expect(sim.messages.length).toBe(before);
    const tries = sim.requests.slice(requestsBefore);
    expect(tries.length).toBeGreaterThan(1);
    expect(tries.every((r) => r.status === 401)).toBe(true);
  });

  it("401/403 right after deployment (the role still propagating) is retried with backoff until ACS accepts", async () => {
    sim.setFaults([
      { status: 401, code: "Denied", times: 1 },
      { status: 403, code: "Forbidden", times: 1 },
    ]);
    const opId = operationIdFor("t", "auth-propagating");
    const result = await sender().send(message, { operationId: opId });
    expect(result.status).toBe("Succeeded");
    expect(sim.requests.filter((r) => r.operationId === opId).map((r) => r.status)).toEqual([401, 403, 202, 200, 200]);
    expect(sim.messages.filter((m) => m.operationId === opId)).toHaveLength(1);
  });

  it("a stalled ACS: each try ends at its time limit and the email stays queued", async () => {
    sim.setFaults([{ status: 0, stall: true, times: Infinity }]);
    const opId = operationIdFor("t", "stalled");
    const stalled = createEmailSender(
      { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: sim.connectionString },
      { ...FAST, retry: { ...FAST.retry, maxAttempts: 2 }, attemptTimeoutMs: 100 },
    );
    const error = await stalled.send(message, { operationId: opId, abortSignal: AbortSignal.timeout(10_000) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransientSendError);
    expect((error as Error).message).toMatch(/did not finish this try within 100 ms/);
    expect(sim.requests.filter((r) => r.operationId === opId)).toHaveLength(2);
  });

  it("429 with Retry-After, then success: one message", async () => {
    sim.setFaults([{ status: 429, retryAfterSeconds: 1 }]);
    const opId = operationIdFor("t", "retry-429");
    const result = await sender().send(message, { operationId: opId });
    expect(result.status).toBe("Succeeded");
    expect(sim.messages.filter((m) => m.operationId === opId)).toHaveLength(1);
    expect(sim.requests.filter((r) => r.operationId === opId && r.status === 429)).toHaveLength(1);
  });

  it("500 on the first status poll (inside beginSend), then success: the retry resumes polling, no second POST", async () => {
    sim.setFaults([{ status: 500, on: "poll" }]);
    const opId = operationIdFor("t", "retry-500");
    const states: string[] = [];
    const result = await sender().send(message, { operationId: opId, onAccepted: async (s) => void states.push(s) });
    expect(result.status).toBe("Succeeded");
    expect(sim.messages.filter((m) => m.operationId === opId)).toHaveLength(1);
    expect(sim.count(opId)).toEqual({ sends: 1, polls: 3 }); // failed poll, then 2 to Succeeded
    expect(states).toHaveLength(1);
    expect(JSON.parse(states[0]!).state.config.operationLocation).toContain(`/emails/operations/${opId}`);
  });

  it("onAccepted gets the poller state before completion; resuming from it polls and never sends", async () => {
    const opId = operationIdFor("t", "resume");
    let state = "";
    // Throwing from onAccepted stands in for a crash right after ACS accepted.
    const crash = new Error("crashed after accept");
    await expect(
      sender().send(message, {
        operationId: opId,
        onAccepted: async (s) => {
          state = s;
          throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(sim.count(opId)).toEqual({ sends: 1, polls: 1 }); // beginSend's own first poll: still Running
    const resumed = await sender().send(message, { operationId: opId, resumeFrom: state });
    expect(resumed).toEqual({ messageId: opId, status: "Succeeded" });
    expect(sim.count(opId)).toEqual({ sends: 1, polls: 2 });
    expect(sim.messages.filter((m) => m.operationId === opId)).toHaveLength(1);
  });

  it("a resumed operation that ACS reports Failed is Failed; one still running stays transient", async () => {
    const slow = await startAcsEmailSimulator({ pollsUntilDone: 10 });
    try {
      const s = createEmailSender(
        { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: slow.connectionString },
        FAST,
      );
      const opId = operationIdFor("t", "resume-running");
      let state = "";
      await expect(
        s.send(message, {
          operationId: opId,
          onAccepted: async (st) => {
            state = st;
            throw new Error("crash");
          },
        }),
      ).rejects.toThrow("crash");
      await expect(s.send(message, { resumeFrom: state })).rejects.toBeInstanceOf(TransientSendError);
      expect(slow.setOperationStatus(opId, "Failed")).toBe(true);
      const failed = await s.send(message, { resumeFrom: state });
      expect(failed.status).toBe("Failed");
      expect(failed.error).toMatch(/SimulatedFailure/);
      expect(slow.count(opId)).toEqual({ sends: 1, polls: 3 });
    } finally {
      await slow.close();
    }
  });

  it("a final 409 (operation held by ACS, outcome unseen) is not reported as Succeeded", async () => {
    sim.setFaults([{ status: 409, code: "Conflict", times: 4 }]);
    const opId = operationIdFor("t", "final-409");
    await expect(sender().send(message, { operationId: opId })).rejects.toBeInstanceOf(TransientSendError);
    expect(sim.count(opId).sends).toBe(4);
  });

  it("a permanent 400 is not retried", async () => {
    sim.setFaults([{ status: 400, code: "InvalidRecipient", times: Infinity }]);
    const opId = operationIdFor("t", "perm-400");
    const result = await sender().send(message, { operationId: opId });
    expect(result.status).toBe("Failed");
    expect(result.error).toMatch(/InvalidRecipient|400/);
    expect(sim.requests.filter((r) => r.operationId === opId)).toHaveLength(1);
  });

  it("a request over ACS's 10 MB size limit is refused with 413 and not retried", async () => {
    const opId = operationIdFor("t", "too-large");
    const big = { ...message, html: `<p>${"x".repeat(ACS_MAX_REQUEST_BYTES)}</p>` };
    const result = await sender().send(big, { operationId: opId });
    expect(result.status).toBe("Failed");
    expect(result.error).toMatch(/413|RequestEntityTooLarge/);
    expect(sim.count(opId).sends).toBe(1);
  });

  it("a persistent 500 ends in TransientSendError after the bounded tries", async () => {
    sim.setFaults([{ status: 500, times: Infinity }]);
    const opId = operationIdFor("t", "always-500");
    await expect(sender().send(message, { operationId: opId })).rejects.toBeInstanceOf(TransientSendError);
    expect(sim.requests.filter((r) => r.operationId === opId)).toHaveLength(4);
  });

  it("a repeated send of a completed operation returns it without a second message", async () => {
    const opId = operationIdFor("t", "repeat");
    await sender().send(message, { operationId: opId });
    const again = await sender().send(message, { operationId: opId });
    expect(again.status).toBe("Succeeded");
    expect(sim.messages.filter((m) => m.operationId === opId)).toHaveLength(1);
  });
});

describe("operationIdFor", () => {
  it("is a stable UUID per tenant and dedupe key", () => {
    const a = operationIdFor("t1", "snap:owner@contoso.com");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(operationIdFor("t1", "snap:owner@contoso.com")).toBe(a);
    expect(operationIdFor("t2", "snap:owner@contoso.com")).not.toBe(a);
    expect(operationIdFor("t1", "snap:other@contoso.com")).not.toBe(a);
  });
});
