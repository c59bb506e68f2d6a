/** Alerts and outbox items for the channel suites: plain data from the diff fixtures. */
import { alertingChanges, diffExposures } from "../../../shared/diff/diffExposures.js";
import type { AlertContent, RenderedMessage } from "../../../shared/notify/notifier.js";
import { operationIdFor } from "../../../shared/notify/operationId.js";
import type { Channel, OutboxItem } from "../../../shared/store/types.js";
import { exposure, next, resetPath } from "../../diff/fixtures.js";

let seq = 0;

/** An audit with `n` new reset paths (names chosen by the caller), as a channel's alert content. */
export function alertContent(n = 1, name = (i: number) => `Helpdesk Person ${i}`): AlertContent {
  seq += 1;
  const prev = exposure();
  const cur = next(prev, {
    snapshotId: `20260102T000000Z-${seq}`,
    findings: Array.from({ length: n }, (_, i) =>
      resetPath({ principalId: `u-${seq}-${i}`, name: name(i), upn: `p${i}@contoso.com`, reach: 9 + i }),
    ),
  });
  const diff = diffExposures(prev, cur);
  const alerting = alertingChanges(diff, "high");
  return {
    diff,
    exposure: cur,
    alerting,
    fresh: alerting,
    minSeverity: "high",
    reportUrl: "https://wbw.example.com/api/sso/exposure?format=html",
    deliveryId: operationIdFor(cur.tenantId, `test-${seq}`),
  };
}

export function itemFor(
  channel: Channel,
  message: RenderedMessage,
  dedupeKey = `test:${channel}:${++seq}`,
): OutboxItem {
  return {
    tenantId: "11111111-2222-3333-4444-555555555555",
    dedupeKey,
    kind: "alert",
    channel,
    snapshotId: "snap",
    recipient: channel,
    subject: message.subject,
    html: message.html,
    text: message.text,
    createdAt: new Date(0).toISOString(),
    status: "pending",
    attempts: 0,
    operationId: operationIdFor("11111111-2222-3333-4444-555555555555", dedupeKey),
  };
}

/** A sleep that waits nothing and remembers what it was asked: no wall clock in the tests. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
