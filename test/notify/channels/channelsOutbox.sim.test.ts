/**
 * Every channel through the outbox (deliverAlerts + flushOutbox) against its stand-in: under 429,
 * 500, a timeout and a crash between sending and marking sent, each alert reaches each receiver
 * exactly once; a channel that is down never keeps another from going out; a permanent failure is
 * recorded (health and the run summary read it).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { diffExposures } from "../../../shared/diff/diffExposures.js";
import { createEmailSender } from "../../../shared/notify/acsEmailSender.js";
import { createChannelNotifiers } from "../../../shared/notify/channels/createChannelNotifiers.js";
import { deliverAlerts } from "../../../shared/notify/deliverAlerts.js";
import { createEmailNotifier } from "../../../shared/notify/emailNotifier.js";
import type { AnyNotifier } from "../../../shared/notify/notifier.js";
import type { Channel } from "../../../shared/store/types.js";
import { startAcsEmailSimulator, type RunningAcsEmailSimulator } from "../../../sim/acs/startAcsEmailSimulator.js";
import { fakeEntraCredential } from "../../../sim/channels/fakeEntraCredential.js";
import {
  startLogsIngestionSimulator,
  type RunningLogsIngestionSimulator,
} from "../../../sim/channels/startLogsIngestionSimulator.js";
import type { StandInFault } from "../../../sim/channels/standInServer.js";
import {
  startTeamsWorkflowSimulator,
  type RunningTeamsWorkflowSimulator,
} from "../../../sim/channels/startTeamsWorkflowSimulator.js";
import { startWebhookReceiver, type RunningWebhookReceiver } from "../../../sim/channels/startWebhookReceiver.js";
import { exposure, next, resetPath } from "../../diff/fixtures.js";
import { MemoryAlertMemory, MemoryOutbox } from "../memoryOutbox.js";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
let teams: RunningTeamsWorkflowSimulator;
let webhook: RunningWebhookReceiver;
let logs: RunningLogsIngestionSimulator;
let acs: RunningAcsEmailSimulator;
let teamsClock = 0;
let seq = 0;

beforeAll(async () => {
  teams = await startTeamsWorkflowSimulator({ now: () => teamsClock });
  webhook = await startWebhookReceiver({ secret: SECRET });
  logs = await startLogsIngestionSimulator();
  acs = await startAcsEmailSimulator();
});
afterAll(async () => {
  for (const s of [teams, webhook, logs, acs]) await s.close();
});
beforeEach(() => {
  for (const s of [teams, webhook, logs]) s.setFaults([]);
  acs.setFaults([]);
  teamsClock += 60_000;
});

function notifiers(attemptTimeoutMs = 300): AnyNotifier[] {
  const channels = createChannelNotifiers(
    {
      teams: { url: teams.url },
      webhook: { url: webhook.url, secret: SECRET },
      logs: {
        endpoint: logs.endpoint,
        ruleId: logs.ruleId,
        findingsStream: "Custom-WritebackWatchFindings",
        changesStream: "Custom-WritebackWatchChanges",
        audience: "https://monitor.azure.com",
      },
    },
    {
      credential: fakeEntraCredential(),
      retry: {
        attemptTimeoutMs,
        sleep: async (ms) => {
          teamsClock += ms;
        },
      },
    },
  );
  const sender = createEmailSender(
    { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: acs.connectionString },
    { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 }, pollIntervalMs: 5 },
  );
  return [createEmailNotifier({ sender, recipients: ["secops@contoso.com"] }), ...channels];
}

/** A fresh increase: a new reset path, so every key and id is new. */
function increase() {
  seq += 1;
  const prev = exposure();
  const cur = next(prev, {
    snapshotId: `20260102T000000Z-ch${seq}-${randomBytes(3).toString("hex")}`,
    findings: [resetPath({ principalId: `u-ch-${seq}-${randomBytes(3).toString("hex")}`, reach: 9 })],
  });
  return { diff: diffExposures(prev, cur), exposure: cur };
}

/** What each receiver got for this audit: Teams cards, webhook events, Log Analytics finding rows, emails. */
function received(outbox: MemoryOutbox, snapshotId: string): Record<Channel, number> {
  const ids = (channel: Channel) =>
    new Set(
      outbox
        .all()
        .filter((i) => i.channel === channel)
        .map((i) => i.operationId!),
    );
  const teamsIds = ids("teams");
  return {
    teams: teams.cards.filter((c) => [...teamsIds].some((id) => JSON.stringify(c.card).includes(id))).length,
    webhook: webhook.events.filter((e) => ids("webhook").has(e.id)).length,
    logs: (logs.rows["Custom-WritebackWatchFindings"] ?? []).filter((r) => r.SnapshotId === snapshotId).length,
    email: acs.messages.filter((m) => ids("email").has(m.operationId)).length,
  };
}

async function audit(outbox: MemoryOutbox, memory: MemoryAlertMemory, input = increase(), list = notifiers()) {
  const outcome = await deliverAlerts({
    ...input,
    minSeverity: "high",
    retentionDays: 30,
    outbox,
    memory,
    notifiers: list,
  });
  return { outcome, input };
}

const standIn = (channel: "teams" | "webhook" | "logs") => ({ teams, webhook, logs })[channel];
const EXACTLY_ONCE = { teams: 1, webhook: 1, logs: 1, email: 1 };

describe("every channel through the outbox", () => {
  it("sends one Teams card, one webhook event, the findings and changes to Log Analytics, one email", async () => {
    const outbox = new MemoryOutbox();
    const { outcome, input } = await audit(outbox, new MemoryAlertMemory());
    expect(received(outbox, input.exposure.snapshotId)).toEqual(EXACTLY_ONCE);
    expect(outcome).toMatchObject({ failed: 0, pending: 0 });
    expect(outcome.byChannel).toEqual({
      email: { sent: 1, failed: 0, pending: 0 },
      teams: { sent: 1, failed: 0, pending: 0 },
      webhook: { sent: 1, failed: 0, pending: 0 },
      logs: { sent: 2, failed: 0, pending: 0 },
    });
    // The same audit published again (a crashed run finished by the next) sends nothing new.
    const again = await audit(outbox, new MemoryAlertMemory(), input);
    expect(again.outcome).toMatchObject({ sent: 0 });
    expect(received(outbox, input.exposure.snapshotId)).toEqual(EXACTLY_ONCE);
  });

  const faults: [string, StandInFault][] = [
    ["429 with Retry-After", { status: 429, retryAfterSeconds: 1 }],
    ["500", { status: 500 }],
    ["a timeout after the service took it", { stall: "after" }],
  ];
  describe.each(["teams", "webhook", "logs"] as const)("%s", (channel) => {
    it.each(faults)("under %s: received exactly once", async (_, fault) => {
      const outbox = new MemoryOutbox();
      standIn(channel).setFaults([fault]);
      const { input } = await audit(outbox, new MemoryAlertMemory());
      // A later run sends what is left, and must not send anything twice.
      await audit(outbox, new MemoryAlertMemory(), input);
      expect(received(outbox, input.exposure.snapshotId)).toEqual(EXACTLY_ONCE);
    });

    it("a crash between sending and marking sent: received exactly once after the next run", async () => {
      const outbox = new MemoryOutbox();
      let crashed = false;
      outbox.failUpdate = (item) => {
        if (crashed || item.channel !== channel || item.status !== "sent") return false;
        crashed = true;
        return true;
      };
      const { input } = await audit(outbox, new MemoryAlertMemory());
      expect(crashed).toBe(true);
      const left = outbox.all().filter((i) => i.channel === channel && i.status === "pending");
      expect(left.length).toBeGreaterThan(0);
      expect(left.every((i) => i.sendingAt)).toBe(true);
      const next = await audit(outbox, new MemoryAlertMemory(), input);
      expect(received(outbox, input.exposure.snapshotId)).toEqual(EXACTLY_ONCE);
      const item = outbox.all().find((i) => i.dedupeKey === left[0]!.dedupeKey)!;
      if (channel === "webhook") {
        // Sent again with the same webhook-id; the receiver recognised the repeat.
        expect(item.status).toBe("sent");
        expect(webhook.deliveries.filter((d) => d.id === item.operationId).map((d) => d.duplicate)).toEqual([
          false,
          true,
        ]);
      } else {
        // Not sent again (no way for the service to spot a repeat): reported as failed instead.
        expect(item.status).toBe("failed");
        expect(item.lastError).toMatch(/process stopped while sending it/);
        expect(next.outcome.byChannel[channel]).toMatchObject({ failed: 1 });
      }
    });
  });

  it("Teams down for the whole run: its item waits, every other channel still goes out", async () => {
    const outbox = new MemoryOutbox();
    teams.setFaults([{ status: 503, times: 100 }]);
    const { outcome, input } = await audit(outbox, new MemoryAlertMemory());
    expect(received(outbox, input.exposure.snapshotId)).toEqual({ ...EXACTLY_ONCE, teams: 0 });
    expect(outcome.byChannel.teams).toEqual({ sent: 0, failed: 0, pending: 1 });
    teams.setFaults([]);
    const later = await audit(outbox, new MemoryAlertMemory(), input);
    expect(later.outcome.byChannel.teams).toMatchObject({ sent: 1 });
    expect(received(outbox, input.exposure.snapshotId)).toEqual(EXACTLY_ONCE);
  });

  it("a permanent refusal is recorded failed with its channel, for health and the run summary", async () => {
    const outbox = new MemoryOutbox();
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    const list = notifiers().map((n) =>
      n.channel === "webhook"
        ? createChannelNotifiers({ webhook: { url: webhook.url, secret: other } }, { retry: { maxTries: 1 } })[0]!
        : n,
    );
    const { outcome } = await audit(outbox, new MemoryAlertMemory(), increase(), list);
    expect(outcome.byChannel.webhook).toEqual({ sent: 0, failed: 1, pending: 0 });
    const failed = await outbox.listFailed("11111111-2222-3333-4444-555555555555", new Date(0));
    expect(failed).toEqual([expect.objectContaining({ channel: "webhook", lastError: expect.stringMatching(/401/) })]);
  });
});
