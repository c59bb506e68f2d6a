/**
 * Queueing alerts, records and digests in the outbox, then sending what it holds (flushOutbox.ts).
 *
 * Alerts go through every alerting channel (email, Teams, the webhook: each an AlertNotifier), one
 * outbox item per channel and recipient; records (Log Analytics) are every audit's findings and
 * changes, one item per batch, keyed by the snapshot. Each channel is queued and sent on its own,
 * so one that is down or refused never keeps another from going out.
 *
 * An alert tells each address only what it was not told yet (alertMemory.ts), and its outbox key
 * is the address plus the changes it tells, never the snapshot that found them: whatever damage
 * makes an audit compare with an older snapshot, an increase already emailed is not emailed again.
 * Every message is queued on its own: one that cannot be queued is recorded failed (so health and
 * the digest show it) and the others still go out; nothing here throws for one bad message.
 */
import type { Change, Diff } from "../diff/types.js";
import { alertingChanges } from "../diff/diffExposures.js";
import type { AlertThreshold } from "../diff/order.js";
import type { Exposure } from "../exposure/types.js";
import type { FixRanking } from "../exposure/fixes.js";
import { scrubSecrets } from "../errors.js";
import type {
  AlertMemory,
  AlertMemoryStore,
  FailedNotice,
  LastRun,
  OutboxItem,
  OutboxStore,
  StoredChange,
} from "../store/types.js";
import type { AuditCounts } from "../audit/runHistory.js";
import { addressOf, alertDedupeKey, applyDecreases, forgetBefore, isNews, remember } from "./alertMemory.js";
import { fitEmail } from "./fitEmail.js";
import { DEFAULT_MAX_ATTEMPTS, failed, flushOutbox, type FlushOutcome } from "./flushOutbox.js";
import { operationIdFor } from "./operationId.js";
import { renderDigestEmail } from "./renderDigestEmail.js";
import { validRecipients } from "./emailNotifier.js";
import { isAlertNotifier, type AnyNotifier, type RecordNotifier, type RenderedMessage } from "./notifier.js";

export { DEFAULT_MAX_ATTEMPTS, flushOutbox } from "./flushOutbox.js";

export interface DeliveryOutcome extends FlushOutcome {
  /** New outbox items written by this call. */
  queued: number;
  /**
   * Recipients not queued: nothing to alert (baseline, below the severity, or nothing they were not
   * told already) or an invalid address.
   */
  skipped: number;
  /** Alerting changes no recipient was sent again: each had been told of them (alertMemory.ts). */
  alreadyTold: number;
  /** Recipients resolved for this call, over every alerting channel; 0 when there was nothing to alert. */
  recipients: number;
}

/** How messages go out: the same for alerts, records and digests. */
export interface DeliveryOptions {
  reportUrl?: string;
  outbox: OutboxStore;
  /** Every configured channel: each sends its own items, and what earlier runs left of them. */
  notifiers: readonly AnyNotifier[];
  now?: () => Date;
  abortSignal?: AbortSignal;
  maxAttempts?: number;
}

export interface DeliverAlertsInput extends DeliveryOptions {
  diff: Diff;
  exposure: Exposure;
  /** A severity, or one per finding kind over a default (ALERT_MIN_SEVERITY_BY_KIND). */
  minSeverity: AlertThreshold;
  /** What each address was told. */
  memory: AlertMemoryStore;
  /** How long snapshots are kept (RETENTION_DAYS): an address remembers a day longer. */
  retentionDays: number;
}

const DAY_MS = 86_400_000;
const message = (e: unknown) => scrubSecrets(e instanceof Error ? e.message : String(e)).slice(0, 500);

interface Queued {
  queued: number;
  failed: number;
  errors: string[];
  /** Dedupe keys of the items now in the outbox (new or already there). */
  keys: Set<string>;
}

export async function deliverAlerts(input: DeliverAlertsInput): Promise<DeliveryOutcome> {
  const now = input.now ?? (() => new Date());
  const tenantId = input.exposure.tenantId;
  const opts = { abortSignal: input.abortSignal };
  const at = now().toISOString();
  const records = recordItems(input, at);
  const alerting = alertingChanges(input.diff, input.minSeverity);
  const decreases = input.diff.baseline
    ? []
    : input.diff.changes.filter((c) => c.direction === "decrease" && c.type !== "coverage");
  if (alerting.length === 0 && decreases.length === 0) {
    // Nothing to alert: still record the audit, and send what earlier runs left unsent.
    return { ...(await queueThenFlush(input, tenantId, records, now)), skipped: 0, alreadyTold: 0, recipients: 0 };
  }

  const memories = new Map((await input.memory.list(tenantId, opts)).map((m) => [m.address, m]));
  const dirty = new Set<AlertMemory>();
  const cutoff = new Date(now().getTime() - (input.retentionDays + 1) * DAY_MS);
  for (const memory of memories.values()) {
    if (forgetBefore(memory, cutoff)) dirty.add(memory);
    if (applyDecreases(memory, decreases, at)) dirty.add(memory);
  }

  const items: OutboxItem[] = [...records];
  const tells = new Map<OutboxItem, { memory: AlertMemory; changes: Change[] }>();
  let skipped = 0;
  let recipientCount = 0;
  const errors: string[] = [];
  const toldEveryone = new Set(alerting);
  const alerters = input.notifiers.filter(isAlertNotifier);
  if (alerting.length > 0) {
    let anyRecipient = false;
    for (const notifier of alerters) {
      let recipients: string[];
      try {
        const found = await notifier.recipients(opts);
        recipients = found.recipients;
        skipped += found.invalid;
      } catch (e) {
        if (input.abortSignal?.aborted) throw e;
        // One channel's recipients not found (the group unreadable) must not keep the others quiet.
        errors.push(`${notifier.channel}: recipients not resolved (${message(e)})`);
        continue;
      }
      recipientCount += recipients.length;
      if (recipients.length > 0) anyRecipient = true;
      for (const recipient of recipients) {
        const address = addressOf(notifier.channel, recipient);
        const memory = memories.get(address) ?? { address, entries: new Map() };
        memories.set(address, memory);
        const fresh = alerting.filter((c) => isNews(memory, c, input.minSeverity));
        for (const c of fresh) toldEveryone.delete(c);
        if (fresh.length === 0) {
          skipped += 1;
          continue;
        }
        const dedupeKey = alertDedupeKey(address, fresh);
        const message = notifier.renderAlert({
          diff: input.diff,
          exposure: input.exposure,
          alerting,
          fresh,
          minSeverity: input.minSeverity,
          reportUrl: input.reportUrl,
          deliveryId: operationIdFor(tenantId, dedupeKey),
        });
        const item = newItem(tenantId, dedupeKey, "alert", notifier, input.diff.toSnapshotId, recipient, message, at);
        items.push(item);
        tells.set(item, { memory, changes: fresh });
      }
    }
    if (!anyRecipient) toldEveryone.clear();
  }

  const outcome = await queueThenFlush(input, tenantId, items, now, async (queued) => {
    queued.errors.push(...errors);
    // Remember only what is in the outbox: an alert that could not be queued is not "told".
    for (const [item, { memory, changes }] of tells) {
      if (!queued.keys.has(item.dedupeKey)) continue;
      remember(memory, changes, at);
      dirty.add(memory);
    }
    for (const memory of dirty) {
      try {
        await input.memory.save(tenantId, memory, opts);
      } catch (e) {
        if (input.abortSignal?.aborted) throw e;
        // Not fatal: the alert is queued under a key made of its changes, so telling it again after
        // damage would be the same outbox item.
        queued.errors.push(`${memory.address}: alert memory not saved (${message(e)})`);
      }
    }
  });
  return {
    ...outcome,
    skipped,
    alreadyTold: alerting.length === 0 ? 0 : toldEveryone.size,
    recipients: recipientCount,
  };
}

/**
 * The audit's records for the data-sink channels: one outbox item per batch, keyed by the snapshot
 * and the batch, so publishing the same audit again (a crashed run finished) queues nothing new.
 */
function recordItems(input: DeliverAlertsInput, at: string): OutboxItem[] {
  const tenantId = input.exposure.tenantId;
  const recorders = input.notifiers.filter((n): n is RecordNotifier => !isAlertNotifier(n));
  return recorders.flatMap((notifier) =>
    notifier
      .batchesFor({ diff: input.diff, exposure: input.exposure })
      .map((batch) =>
        newItem(
          tenantId,
          `record:${notifier.channel}:${input.exposure.snapshotId}:${batch.name}`,
          "record",
          notifier,
          input.exposure.snapshotId,
          notifier.channel,
          batch.message,
          at,
        ),
      ),
  );
}

export interface SendDigestInput extends DeliveryOptions {
  /** The digest's email recipients (digests go by email only). */
  recipients: string[];
  changes: StoredChange[];
  exposure: Exposure;
  audits?: AuditCounts;
  silentHours?: number;
  lastSuccessAt?: string;
  undelivered?: FailedNotice[];
  /** The fixes ranked by what they remove (shared/exposure/fixes.ts): the digest lists the top ones. */
  fixes?: FixRanking;
  /** Start of the digest period (ISO): with the recipient, the dedupe key. */
  since: string;
  until?: string;
  lastRun?: LastRun;
}

export async function sendDigest(input: SendDigestInput): Promise<DeliveryOutcome> {
  const now = input.now ?? (() => new Date());
  const email = fitEmail(
    renderDigestEmail({
      changes: input.changes,
      exposure: input.exposure,
      since: input.since,
      until: input.until,
      lastRun: input.lastRun,
      audits: input.audits,
      silentHours: input.silentHours,
      lastSuccessAt: input.lastSuccessAt,
      undelivered: input.undelivered,
      reportUrl: input.reportUrl,
      fixes: input.fixes,
    }),
    { reportUrl: input.reportUrl, summary: `Digest of the period since ${input.since}.` },
  );
  const { recipients, invalid } = validRecipients(input.recipients);
  const at = now().toISOString();
  const items = recipients.map((recipient) =>
    newItem(
      input.exposure.tenantId,
      `digest:${input.since}:${addressOf("email", recipient)}`,
      "digest",
      { channel: "email" },
      input.exposure.snapshotId,
      recipient,
      email,
      at,
    ),
  );
  return {
    ...(await queueThenFlush(input, input.exposure.tenantId, items, now)),
    skipped: invalid,
    alreadyTold: 0,
    recipients: recipients.length,
  };
}

/** Queue the new items one by one (then `afterQueue`), then send everything of the tenant still pending. */
async function queueThenFlush(
  options: DeliveryOptions,
  tenantId: string,
  items: OutboxItem[],
  now: () => Date,
  afterQueue?: (queued: Queued) => Promise<void>,
): Promise<Omit<DeliveryOutcome, "skipped" | "alreadyTold" | "recipients">> {
  const queued = await queueEach(options.outbox, items, now, { abortSignal: options.abortSignal });
  await afterQueue?.(queued);
  const flushed = await flush(options, tenantId, new Set(items.map((i) => i.dedupeKey)), now);
  return {
    ...flushed,
    queued: queued.queued,
    failed: flushed.failed + queued.failed,
    attemptFailures: flushed.attemptFailures + queued.failed,
    errors: [...queued.errors, ...flushed.errors],
  };
}

function flush(
  options: DeliveryOptions,
  tenantId: string,
  queuedNow: ReadonlySet<string>,
  now: () => Date,
): Promise<FlushOutcome> {
  return flushOutbox({
    tenantId,
    queuedNow,
    outbox: options.outbox,
    notifiers: options.notifiers,
    now,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    abortSignal: options.abortSignal,
  });
}

/**
 * Each item on its own, so one that cannot be written does not keep the others out. One that
 * cannot be written is recorded failed without its body (health and the digest list it).
 */
async function queueEach(
  outbox: OutboxStore,
  items: OutboxItem[],
  now: () => Date,
  opts: { abortSignal?: AbortSignal },
): Promise<Queued> {
  const out: Queued = { queued: 0, failed: 0, errors: [], keys: new Set() };
  for (const item of items) {
    try {
      out.queued += await outbox.enqueue([item], opts);
      out.keys.add(item.dedupeKey);
    } catch (e) {
      if (opts.abortSignal?.aborted) throw e;
      const lastError = `could not be queued: ${message(e)}`;
      out.failed += 1;
      out.errors.push(`${item.dedupeKey}: ${lastError}`);
      const record = failed({ ...item, html: "", text: "" }, lastError, now);
      await outbox.enqueue([record], opts).catch(() => undefined);
    }
  }
  return out;
}

function newItem(
  tenantId: string,
  dedupeKey: string,
  kind: OutboxItem["kind"],
  notifier: Pick<AnyNotifier, "channel">,
  snapshotId: string,
  recipient: string,
  email: RenderedMessage,
  createdAt: string,
): OutboxItem {
  return {
    tenantId,
    dedupeKey,
    kind,
    channel: notifier.channel,
    snapshotId,
    recipient,
    subject: email.subject,
    html: email.html,
    text: email.text,
    createdAt,
    status: "pending",
    attempts: 0,
    operationId: operationIdFor(tenantId, dedupeKey),
  };
}
