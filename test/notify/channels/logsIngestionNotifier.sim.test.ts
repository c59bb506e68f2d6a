/**
 * Logs Ingestion through the stand-in (stream declarations read from infra/app/logsIngestion.bicep,
 * token audience checked): rows accepted as the deployed rule declares them, batches within the
 * 1 MB limit, and each fault ingesting a batch at most once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogsIngestionNotifier } from "../../../shared/notify/channels/logs/logsIngestionNotifier.js";
import { DeliveryDeferredError } from "../../../shared/notify/channels/deliverWithRetries.js";
import { MAX_BATCH_BYTES } from "../../../shared/notify/channels/logs/ingestionRows.js";
import type { LogsChannelConfig } from "../../../shared/notify/channels/channelSettings.js";
import {
  startLogsIngestionSimulator,
  type RunningLogsIngestionSimulator,
} from "../../../sim/channels/startLogsIngestionSimulator.js";
import { fakeEntraCredential } from "../../../sim/channels/fakeEntraCredential.js";
import { alertContent, itemFor, recordingSleep } from "./fixtures.js";

let sim: RunningLogsIngestionSimulator;
beforeAll(async () => {
  sim = await startLogsIngestionSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.setFaults([]));

function config(overrides: Partial<LogsChannelConfig> = {}): LogsChannelConfig {
  return {
    endpoint: sim.endpoint,
    ruleId: sim.ruleId,
    findingsStream: "Custom-WritebackWatchFindings",
    changesStream: "Custom-WritebackWatchChanges",
    audience: "https://monitor.azure.com",
    ...overrides,
  };
}

function notifier(overrides: Partial<LogsChannelConfig> = {}, attemptTimeoutMs = 2000) {
  const clock = recordingSleep();
  const credential = fakeEntraCredential();
  const logs = createLogsIngestionNotifier(config(overrides), {
    credential,
    retry: { sleep: clock.sleep, attemptTimeoutMs },
  });
  return { logs, clock, credential };
}

const count = (stream: string, snapshotId: string) =>
  (sim.rows[stream] ?? []).filter((r) => r.SnapshotId === snapshotId || r.ToSnapshotId === snapshotId).length;

describe("Logs Ingestion notifier", () => {
  it("uploads every finding and every change to the DCR's streams, with the documented audience", async () => {
    const { logs, credential } = notifier();
    const content = alertContent(3);
    const batches = logs.batchesFor(content);
    expect(batches.map((b) => b.name)).toEqual(["findings:0", "changes:0"]);
    for (const b of batches) {
      const item = itemFor("logs", b.message);
      expect((await logs.deliver(item, { operationId: item.operationId! })).status).toBe("sent");
    }
    const id = content.exposure.snapshotId;
    expect(count("Custom-WritebackWatchFindings", id)).toBe(3);
    expect(count("Custom-WritebackWatchChanges", id)).toBe(content.diff.changes.length);
    expect(credential.scopes).toContain("https://monitor.azure.com/.default");
    const row = sim.rows["Custom-WritebackWatchFindings"]!.find((r) => r.SnapshotId === id)!;
    expect(row).toMatchObject({
      EntraTenantId: content.exposure.tenantId,
      FindingKind: "reset-path",
      Severity: "high",
    });
  });

  it("a baseline audit sends its findings but no changes", () => {
    const { logs } = notifier();
    const content = alertContent(2);
    const batches = logs.batchesFor({ ...content, diff: { ...content.diff, baseline: true } });
    expect(batches.map((b) => b.name)).toEqual(["findings:0"]);
  });

  it("the stand-in refuses another cloud's audience and a stream the rule does not declare", async () => {
    const wrongAudience = notifier({ audience: "https://monitor.azure.us" }).logs;
    const content = alertContent();
    const [findings] = wrongAudience.batchesFor(content);
    const item = itemFor("logs", findings!.message);
    // 401 is read as an identity still propagating: queued for later, not dropped.
    await expect(wrongAudience.deliver(item, { operationId: item.operationId! })).rejects.toMatchObject({
      authFailure: true,
    });
    const wrongStream = notifier({ findingsStream: "Custom-Nope" }).logs;
    const [bad] = wrongStream.batchesFor(content);
    const badItem = itemFor("logs", bad!.message);
    const result = await wrongStream.deliver(badItem, { operationId: badItem.operationId! });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/400.*Custom-Nope/);
  });

  it("large audits are split into batches each within one API call", async () => {
    const { logs } = notifier();
    const content = alertContent(3000, (i) => `Person ${i} ${"y".repeat(300)}`);
    const batches = logs.batchesFor(content);
    const findingBatches = batches.filter((b) => b.name.startsWith("findings:"));
    expect(findingBatches.length).toBeGreaterThan(1);
    for (const b of findingBatches) expect(Buffer.byteLength(b.message.text)).toBeLessThan(MAX_BATCH_BYTES + 1000);
    const calls = sim.calls.length;
    for (const b of findingBatches) {
      const item = itemFor("logs", b.message);
      expect((await logs.deliver(item, { operationId: item.operationId! })).status).toBe("sent");
    }
    // One upload per batch: the SDK never split one (so a batch is ingested whole or not at all).
    expect(sim.calls.length - calls).toBe(findingBatches.length);
    expect(count("Custom-WritebackWatchFindings", content.exposure.snapshotId)).toBe(3000);
  });

  it("429 with Retry-After, then 500: the batch is ingested once", async () => {
    const { logs, clock } = notifier();
    sim.setFaults([{ status: 429, retryAfterSeconds: 5 }, { status: 500 }]);
    const content = alertContent(2);
    const item = itemFor("logs", logs.batchesFor(content)[0]!.message);
    expect((await logs.deliver(item, { operationId: item.operationId! })).status).toBe("sent");
    expect(count("Custom-WritebackWatchFindings", content.exposure.snapshotId)).toBe(2);
    expect(clock.waits).toEqual([5000, 2000]);
  });

  it("a timeout after the service ingested it is not uploaded again (the API cannot spot a repeat)", async () => {
    const { logs } = notifier({}, 200);
    sim.setFaults([{ stall: "after" }]);
    const content = alertContent(2);
    const item = itemFor("logs", logs.batchesFor(content)[0]!.message);
    const result = await logs.deliver(item, { operationId: item.operationId! });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/may have arrived/);
    expect(count("Custom-WritebackWatchFindings", content.exposure.snapshotId)).toBe(2);
  });

  it("the service down on every try: queued for later, nothing ingested", async () => {
    const { logs } = notifier();
    sim.setFaults([{ status: 503, times: 3 }]);
    const content = alertContent(1);
    const item = itemFor("logs", logs.batchesFor(content)[0]!.message);
    await expect(logs.deliver(item, { operationId: item.operationId! })).rejects.toBeInstanceOf(DeliveryDeferredError);
    expect(count("Custom-WritebackWatchFindings", content.exposure.snapshotId)).toBe(0);
  });
});
