/** The signed webhook through a receiver that verifies as the Standard Webhooks specification says. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { createWebhookNotifier } from "../../../shared/notify/channels/webhook/webhookNotifier.js";
import { signWebhook } from "../../../shared/notify/channels/webhook/signWebhook.js";
import { WEBHOOK_MAX_BYTES } from "../../../shared/notify/channels/webhook/renderWebhookPayload.js";
import { DeliveryDeferredError } from "../../../shared/notify/channels/deliverWithRetries.js";
import {
  startWebhookReceiver,
  verifyStandardWebhook,
  type RunningWebhookReceiver,
} from "../../../sim/channels/startWebhookReceiver.js";
import { alertContent, itemFor, recordingSleep } from "./fixtures.js";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const NOW = new Date("2026-03-01T10:00:00Z");
let receiver: RunningWebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET, nowSeconds: () => Math.floor(NOW.getTime() / 1000) });
});
afterAll(() => receiver.close());
beforeEach(() => receiver.setFaults([]));

function notifier(options: { attemptTimeoutMs?: number; secret?: string; at?: Date } = {}) {
  const clock = recordingSleep();
  const webhook = createWebhookNotifier(
    { url: receiver.url, secret: options.secret ?? SECRET },
    { retry: { sleep: clock.sleep, attemptTimeoutMs: options.attemptTimeoutMs ?? 2000 }, now: () => options.at ?? NOW },
  );
  return { clock, webhook };
}

async function send(webhook: ReturnType<typeof notifier>["webhook"], content = alertContent()) {
  const item = itemFor("webhook", webhook.renderAlert(content));
  return { item, result: await webhook.deliver(item, { operationId: item.operationId! }) };
}

const eventsOf = (id: string) => receiver.events.filter((e) => e.id === id);

describe("signed webhook notifier", () => {
  it("posts the alert signed as Standard Webhooks: the reference library verifies it too", async () => {
    const { webhook } = notifier();
    const content = alertContent(2);
    const { item, result } = await send(webhook, content);
    expect(result.status).toBe("sent");
    const [event] = eventsOf(item.operationId!);
    expect(event!.payload).toMatchObject({
      type: "writeback-watch.exposure.increased",
      data: { tenantId: content.diff.tenantId, snapshotId: content.diff.toSnapshotId, reportUrl: content.reportUrl },
    });
    const changes = (event!.payload.data as { changes: { who: string; remediation: string }[] }).changes;
    expect(changes).toHaveLength(2);
    expect(changes[0]!.who).toMatch(/Helpdesk Person/);
    // An independent verifier (the specification's reference library, which reads the real clock)
    // accepts the same signing.
    const headers = signWebhook(SECRET, item.operationId!, item.text, new Date());
    const ref = new Webhook(SECRET);
    expect(() => ref.verify(item.text, headers)).not.toThrow();
  });

  it("the receiver refuses a wrong secret, a stale timestamp and a changed body", async () => {
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    const { webhook } = notifier({ secret: other });
    const { result } = await send(webhook);
    expect(result).toMatchObject({ status: "failed" });
    expect(result.error).toMatch(/401/);
    const body = Buffer.from('{"a":1}');
    const at = Math.floor(NOW.getTime() / 1000);
    const good = signWebhook(SECRET, "msg-1", body.toString(), NOW);
    expect(verifyStandardWebhook(SECRET, good, body, at)).toBeUndefined();
    expect(verifyStandardWebhook(SECRET, good, body, at + 301)).toMatch(/too old/);
    expect(verifyStandardWebhook(SECRET, good, Buffer.from('{"a":2}'), at)).toMatch(/no v1 signature/);
    expect(verifyStandardWebhook(SECRET, { ...good, "webhook-id": "msg-2" }, body, at)).toMatch(/no v1 signature/);
  });

  it("429 with Retry-After, then 500: one event, waits as asked, re-signed on each try", async () => {
    const { webhook, clock } = notifier();
    receiver.setFaults([{ status: 429, retryAfterSeconds: 3 }, { status: 500 }]);
    const { item, result } = await send(webhook);
    expect(result.status).toBe("sent");
    expect(eventsOf(item.operationId!)).toHaveLength(1);
    expect(clock.waits).toEqual([3000, 2000]);
  });

  it("a timeout after the receiver processed it: sent again with the same id, processed once", async () => {
    const { webhook } = notifier({ attemptTimeoutMs: 200 });
    receiver.setFaults([{ stall: "after" }]);
    const { item, result } = await send(webhook);
    expect(result.status).toBe("sent");
    const deliveries = receiver.deliveries.filter((d) => d.id === item.operationId);
    expect(deliveries.map((d) => d.duplicate)).toEqual([false, true]);
    expect(eventsOf(item.operationId!)).toHaveLength(1);
  });

  it("a receiver down for every try: queued for later, nothing processed", async () => {
    const { webhook } = notifier();
    receiver.setFaults([{ status: 503, times: 3 }]);
    const content = alertContent();
    const item = itemFor("webhook", webhook.renderAlert(content));
    await expect(webhook.deliver(item, { operationId: item.operationId! })).rejects.toBeInstanceOf(
      DeliveryDeferredError,
    );
    expect(eventsOf(item.operationId!)).toHaveLength(0);
  });

  it("keeps a large alert within the size the specification recommends", () => {
    const { webhook } = notifier();
    const rendered = webhook.renderAlert(alertContent(300));
    expect(Buffer.byteLength(rendered.text)).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES);
    const data = (JSON.parse(rendered.text) as { data: { changes: unknown[]; moreChanges: number } }).data;
    expect(data.changes.length + data.moreChanges).toBe(300);
  });
});
