/**
 * Queueing alerts and digests in the outbox, then sending what it holds (flushOutbox.ts).
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
import { renderAlertEmail, type RenderedEmail } from "./renderAlertEmail.js";
import { renderDigestEmail } from "./renderDigestEmail.js";
import { isEmailAddress } from "./resolveRecipients.js";
import type { EmailSender } from "./types.js";

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
}

/** Who gets an email and how it goes out: the same for alerts and digests. */
export interface DeliveryOptions {
  recipients: string[];
  reportUrl?: string;
  outbox: OutboxStore;
  sender: EmailSender;
  now?: () => Date;
  abortSignal?: AbortSignal;
  maxAttempts?: number;
}

export interface DeliverAlertsInput extends Omit<DeliveryOptions, "recipients"> {
  diff: Diff;
  exposure: Exposure;
  /** A severity, or one per finding kind over a default (ALERT_MIN_SEVERITY_BY_KIND). */
  minSeverity: AlertThreshold;
  /**
   * The addresses, or how to find them: a function is called only when there is something to alert,
   * so a quiet run does not read the recipients group from Graph.
   */
  recipients: string[] | (() => Promise<string[]>);
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
  const alerting = alertingChanges(input.diff, input.minSeverity);
  const decreases = input.diff.baseline
    ? []
    : input.diff.changes.filter((c) => c.direction === "decrease" && c.type !== "coverage");
  if (alerting.length === 0 && decreases.length === 0) {
    // Nothing to say: still send what earlier runs left unsent.
    const skipped = typeof input.recipients === "function" ? 0 : input.recipients.length;
    return { ...(await queueThenFlush(input, tenantId, [], now)), skipped, alreadyTold: 0 };
  }

  const at = now().toISOString();
  const memories = new Map((await input.memory.list(tenantId, opts)).map((m) => [m.address, m]));
  const dirty = new Set<AlertMemory>();
  const cutoff = new Date(now().getTime() - (input.retentionDays + 1) * DAY_MS);
  for (const memory of memories.values()) {
    if (forgetBefore(memory, cutoff)) dirty.add(memory);
    if (applyDecreases(memory, decreases, at)) dirty.add(memory);
  }

  const items: OutboxItem[] = [];
  const tells = new Map<OutboxItem, { memory: AlertMemory; changes: Change[] }>();
  let skipped = 0;
  const toldEveryone = new Set(alerting);
  if (alerting.length > 0) {
    const recipients = typeof input.recipients === "function" ? await input.recipients() : input.recipients;
    const rendered = new Map<string, RenderedEmail>();
    const { valid, invalid } = validRecipients(recipients);
    skipped += invalid;
    if (valid.length === 0) toldEveryone.clear();
    for (const recipient of valid) {
      const address = addressOf("email", recipient);
      const memory = memories.get(address) ?? { address, entries: new Map() };
      memories.set(address, memory);
      const fresh = alerting.filter((c) => isNews(memory, c, input.minSeverity));
      for (const c of fresh) toldEveryone.delete(c);
      if (fresh.length === 0) {
        skipped += 1;
        continue;
      }
      const dedupeKey = alertDedupeKey(address, fresh);
      const contentKey = dedupeKey.slice(dedupeKey.lastIndexOf(":") + 1);
      let email = rendered.get(contentKey);
      if (!email) {
        email = renderAlertFor(input, alerting, fresh);
        rendered.set(contentKey, email);
      }
      const item = newItem(tenantId, dedupeKey, "alert", input.diff.toSnapshotId, recipient, email, at);
      items.push(item);
      tells.set(item, { memory, changes: fresh });
    }
  }

  const outcome = await queueThenFlush(input, tenantId, items, now, async (queued) => {
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
  return { ...outcome, skipped, alreadyTold: alerting.length === 0 ? 0 : toldEveryone.size };
}

/** The alert for the changes this address was not told, with the rest of the diff as context. */
function renderAlertFor(input: DeliverAlertsInput, alerting: Change[], fresh: Change[]): RenderedEmail {
  const freshSet = new Set(fresh);
  const told = new Set(alerting.filter((c) => !freshSet.has(c)));
  return renderAlertEmail({
    diff: told.size ? { ...input.diff, changes: input.diff.changes.filter((c) => !told.has(c)) } : input.diff,
    exposure: input.exposure,
    minSeverity: input.minSeverity,
    reportUrl: input.reportUrl,
  });
}

export interface SendDigestInput extends DeliveryOptions {
  changes: StoredChange[];
  exposure: Exposure;
  audits?: AuditCounts;
  silentHours?: number;
  lastSuccessAt?: string;
  undelivered?: FailedNotice[];
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
    }),
    { reportUrl: input.reportUrl, summary: `Digest of the period since ${input.since}.` },
  );
  const { valid, invalid } = validRecipients(input.recipients);
  const at = now().toISOString();
  const items = valid.map((recipient) =>
    newItem(
      input.exposure.tenantId,
      `digest:${input.since}:${addressOf("email", recipient)}`,
      "digest",
      input.exposure.snapshotId,
      recipient,
      email,
      at,
    ),
  );
  return { ...(await queueThenFlush(input, input.exposure.tenantId, items, now)), skipped: invalid, alreadyTold: 0 };
}

/** Queue the new items one by one (then `afterQueue`), then send everything of the tenant still pending. */
async function queueThenFlush(
  options: Omit<DeliveryOptions, "recipients">,
  tenantId: string,
  items: OutboxItem[],
  now: () => Date,
  afterQueue?: (queued: Queued) => Promise<void>,
): Promise<Omit<DeliveryOutcome, "skipped" | "alreadyTold">> {
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
  options: Omit<DeliveryOptions, "recipients">,
  tenantId: string,
  queuedNow: ReadonlySet<string>,
  now: () => Date,
): Promise<FlushOutcome> {
  return flushOutbox({
    tenantId,
    queuedNow,
    outbox: options.outbox,
    sender: options.sender,
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

function validRecipients(recipients: string[]): { valid: string[]; invalid: number } {
  const seen = new Set<string>();
  const valid: string[] = [];
  let invalid = 0;
  for (const raw of recipients) {
    const recipient = raw.trim();
    if (!isEmailAddress(recipient)) {
      invalid += 1;
      continue;
    }
    const norm = recipient.toLowerCase();
    if (seen.has(norm)) continue;
    seen.add(norm);
    valid.push(recipient);
  }
  return { valid, invalid };
}

function newItem(
  tenantId: string,
  dedupeKey: string,
  kind: OutboxItem["kind"],
  snapshotId: string,
  recipient: string,
  email: RenderedEmail,
  createdAt: string,
): OutboxItem {
  return {
    tenantId,
    dedupeKey,
    kind,
    channel: "email",
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
