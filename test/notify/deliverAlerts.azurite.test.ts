/** The outbox flow end to end: Table Storage outbox in a real Azurite, the real EmailClient against sim/acs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { createEmailSender } from "../../shared/notify/acsEmailSender.js";
import { createEmailNotifier } from "../../shared/notify/emailNotifier.js";
import { deliverAlerts } from "../../shared/notify/deliverAlerts.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import type { OutboxStore } from "../../shared/store/types.js";
import {
  ACS_MAX_REQUEST_BYTES,
  startAcsEmailSimulator,
  type RunningAcsEmailSimulator,
} from "../../sim/acs/startAcsEmailSimulator.js";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { exposure, next, resetPath } from "../diff/fixtures.js";
import { bigIncrease, groupOf } from "./bigChanges.js";

let azurite: RunningAzurite;
let sim: RunningAcsEmailSimulator;
let stores: TableStores;

beforeAll(async () => {
  [azurite, sim] = await Promise.all([startAzurite(), startAcsEmailSimulator()]);
  stores = await createTableStores({ connectionString: azurite.connectionString }, { tablePrefix: "notify" });
});
afterAll(async () => {
  await Promise.all([sim?.close(), azurite?.stop()]);
});

const memory = () => ({ memory: stores.alertMemory, retentionDays: 30 });

describe("deliverAlerts with the Table Storage outbox", () => {
  it("survives a crash between send and mark-sent without a second email", async () => {
    const sender = createEmailSender(
      { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: sim.connectionString },
      { retry: { baseDelayMs: 5, maxAttempts: 3 }, pollIntervalMs: 5 },
    );
    const prev = exposure();
    const cur = next(prev, { findings: [resetPath({ reach: 5 })] });
    const diff = diffExposures(prev, cur);
    const recipients = ["a@contoso.com", "b@contoso.com"];

    // Crash once: the mark-sent write for b is lost after ACS accepted the email.
    let crashed = false;
    const flaky: OutboxStore = {
      enqueue: (items, o) => stores.outbox.enqueue(items, o),
      listPending: (t, o) => stores.outbox.listPending(t, o),
      listFailed: (t, s, o) => stores.outbox.listFailed(t, s, o),
      listSent: (t, o) => stores.outbox.listSent(t, o),
      update: async (item, o) => {
        if (!crashed && item.status === "sent" && item.recipient === "b@contoso.com") {
          crashed = true;
          throw new Error("simulated crash");
        }
        return stores.outbox.update(item, o);
      },
    };
    const first = await deliverAlerts({
      diff,
      exposure: cur,
      notifiers: [createEmailNotifier({ sender, recipients })],
      minSeverity: "high",
      outbox: flaky,
      ...memory(),
    });
    expect(first).toMatchObject({ queued: 2, sent: 1 });
    const unsent = await stores.outbox.listPending(cur.tenantId);
    expect(unsent.map((i) => [i.recipient, i.status, i.attempts])).toEqual([["b@contoso.com", "pending", 1]]);
    // The resume state written by onAccepted came back from the table intact, and the rerun uses it.
    expect(JSON.parse(unsent[0]!.resumeState!).state.config.operationLocation).toContain(unsent[0]!.operationId);
    const sendsBefore = sim.count(unsent[0]!.operationId).sends;

    const second = await deliverAlerts({
      diff,
      exposure: cur,
      notifiers: [createEmailNotifier({ sender, recipients })],
      minSeverity: "high",
      outbox: stores.outbox,
      ...memory(),
    });
    expect(second).toMatchObject({ queued: 0, sent: 1 });
    expect(sim.count(unsent[0]!.operationId).sends).toBe(sendsBefore);
    expect(await stores.outbox.listPending(cur.tenantId)).toEqual([]);
    // Sent messages are listed without their bodies (the trend marks the snapshots that alerted).
    const sent = await stores.outbox.listSent(cur.tenantId);
    expect(sent).toHaveLength(2);
    for (const n of sent) {
      expect(n).toEqual({ kind: "alert", snapshotId: cur.snapshotId, sentAt: expect.any(String) });
    }
    for (const r of recipients) expect(sim.messages.filter((m) => m.to.includes(r))).toHaveLength(1);
  });

  it("a change touching 20,000 members, and 150 admins with 6,000-character names: each alert is stored, sent, within ACS's limit", async () => {
    const sender = createEmailSender(
      { from: "DoNotReply@contoso.azurecomm.net", recipients: [], acsConnectionString: sim.connectionString },
      { retry: { baseDelayMs: 5, maxAttempts: 3 }, pollIntervalMs: 5 },
    );
    const to = "big@contoso.com";
    const before = sim.messages.length;
    const group = groupOf(20_000);
    for (const { diff, exposure: e } of [group, bigIncrease(150, 6000)]) {
      const r = await deliverAlerts({
        diff,
        exposure: e,
        notifiers: [createEmailNotifier({ sender, recipients: [to] })],
        minSeverity: "high",
        outbox: stores.outbox,
        ...memory(),
      });
      expect(r).toMatchObject({ queued: 1, sent: 1, failed: 0, errors: [] });
    }
    const got = sim.messages.slice(before);
    expect(got.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Password writeback exposure increased/),
      "Password writeback exposure increased: 150 new reset paths",
    ]);
    for (const m of got) expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThan(ACS_MAX_REQUEST_BYTES);
    // The address remembers every finding it was told of (20,000 + 150 + the group's change).
    const told = (await stores.alertMemory.list(group.exposure.tenantId)).find((m) => m.address === `email:${to}`);
    expect(told?.entries.size).toBeGreaterThanOrEqual(20_150);
  });
});
