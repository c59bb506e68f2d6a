/**
 * The outbox flow: write each email to the outbox before sending, send, mark sent after.
 *
 * Exactly once: as soon as ACS accepts a send, the SDK's resume state for that operation is written
 * to the item (onAccepted), before waiting for the email to complete. A crash between send and
 * mark-sent leaves the item pending with that state; the next run resumes the operation (a status
 * poll, no new send): Succeeded → sent, Failed → failed, still running → pending. Only an item that
 * crashed before ACS accepted, or before the state was written, is sent again; it goes out under
 * the same operation id (derived from its dedupe key, operationId.ts) as a second safeguard.
 * Attempts are bounded; a permanent failure for one recipient marks only that item failed, and the
 * others still go out.
 */
import type { Diff } from "../diff/types.js";
import { alertingChanges } from "../diff/diffExposures.js";
import type { AlertThreshold } from "../diff/order.js";
import type { Exposure } from "../exposure/types.js";
import { scrubSecrets } from "../errors.js";
import type { LastRun, OutboxItem, OutboxStore, StoredChange } from "../store/types.js";
import type { AuditCounts } from "../audit/runHistory.js";
import { operationIdFor } from "./operationId.js";
import { renderAlertEmail, type RenderedEmail } from "./renderAlertEmail.js";
import { renderDigestEmail } from "./renderDigestEmail.js";
import { isEmailAddress } from "./resolveRecipients.js";
import type { EmailSender } from "./types.js";

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface DeliveryOutcome {
  /** New outbox items written by this call. */
  queued: number;
  /** Items sent and marked sent by this call (older leftovers included). */
  sent: number;
  /** Items that ended failed in this call (permanent failure or attempts exhausted). */
  failed: number;
  /** Recipients not queued: nothing to alert (baseline or below the severity) or an invalid address. */
  skipped: number;
  /** Items left pending for the next run (transient failures), and why. */
  pending: number;
  /**
   * Send attempts in this call that did not go out, transient ones included: during an ACS outage
   * the items stay pending (retried next run) and this counts them, so a run never reads "failed: 0".
   */
  attemptFailures: number;
  errors: string[];
  /** Of `sent`, the items an earlier run had queued (left pending by a crash or a transient failure). */
  resumed: number;
  /**
   * Set when ACS rejected the app's identity (401/403): why. The remaining items were not tried
   * (they would fail alike) and stay queued for the next run.
   */
  authFailure?: string;
}

interface FlushInput {
  tenantId: string;
  /** Dedupe keys this call queued: any other item sent is a resumed one. */
  queuedNow?: ReadonlySet<string>;
  outbox: OutboxStore;
  sender: EmailSender;
  now: () => Date;
  maxAttempts: number;
  abortSignal?: AbortSignal;
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
}

export async function deliverAlerts(input: DeliverAlertsInput): Promise<DeliveryOutcome> {
  const now = input.now ?? (() => new Date());
  const alerting = alertingChanges(input.diff, input.minSeverity);
  if (alerting.length === 0) {
    // Nothing to say: still send what earlier runs left unsent.
    const skipped = typeof input.recipients === "function" ? 0 : input.recipients.length;
    return { ...(await queueThenFlush(input, input.exposure.tenantId, null, now)), skipped };
  }
  const recipients = typeof input.recipients === "function" ? await input.recipients() : input.recipients;
  const email = renderAlertEmail({
    diff: input.diff,
    exposure: input.exposure,
    minSeverity: input.minSeverity,
    reportUrl: input.reportUrl,
  });
  const built = buildItems(
    input.exposure.tenantId,
    input.diff.toSnapshotId,
    "alert",
    input.diff.toSnapshotId,
    recipients,
    email,
    now,
  );
  return { ...(await queueThenFlush(input, input.exposure.tenantId, built.items, now)), skipped: built.invalid };
}

export interface SendDigestInput extends DeliveryOptions {
  changes: StoredChange[];
  exposure: Exposure;
  audits?: AuditCounts;
  silentHours?: number;
  lastSuccessAt?: string;
  /** Start of the digest period (ISO): with the recipient, the dedupe key. */
  since: string;
  until?: string;
  lastRun?: LastRun;
}

export async function sendDigest(input: SendDigestInput): Promise<DeliveryOutcome> {
  const now = input.now ?? (() => new Date());
  const email = renderDigestEmail({
    changes: input.changes,
    exposure: input.exposure,
    since: input.since,
    until: input.until,
    lastRun: input.lastRun,
    audits: input.audits,
    silentHours: input.silentHours,
    lastSuccessAt: input.lastSuccessAt,
    reportUrl: input.reportUrl,
  });
  const built = buildItems(
    input.exposure.tenantId,
    `digest:${input.since}`,
    "digest",
    input.exposure.snapshotId,
    input.recipients,
    email,
    now,
  );
  return { ...(await queueThenFlush(input, input.exposure.tenantId, built.items, now)), skipped: built.invalid };
}

/** Write the new items to the outbox (none: `null`), then send everything of the tenant still unsent. */
async function queueThenFlush(
  options: Omit<DeliveryOptions, "recipients">,
  tenantId: string,
  items: OutboxItem[] | null,
  now: () => Date,
): Promise<Omit<DeliveryOutcome, "skipped">> {
  const queued = items ? await options.outbox.enqueue(items, { abortSignal: options.abortSignal }) : 0;
  const flushed = await flushOutbox({
    tenantId,
    queuedNow: new Set((items ?? []).map((i) => i.dedupeKey)),
    outbox: options.outbox,
    sender: options.sender,
    now,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    abortSignal: options.abortSignal,
  });
  return { queued, ...flushed };
}

function buildItems(
  tenantId: string,
  dedupePrefix: string,
  kind: OutboxItem["kind"],
  snapshotId: string,
  recipients: string[],
  email: RenderedEmail,
  now: () => Date,
): { items: OutboxItem[]; invalid: number } {
  const seen = new Set<string>();
  const items: OutboxItem[] = [];
  let invalid = 0;
  for (const raw of recipients) {
    const recipient = raw.trim();
    const norm = recipient.toLowerCase();
    if (!isEmailAddress(recipient)) {
      invalid += 1;
      continue;
    }
    if (seen.has(norm)) continue;
    seen.add(norm);
    const dedupeKey = `${dedupePrefix}:${norm}`;
    items.push({
      tenantId,
      dedupeKey,
      kind,
      snapshotId,
      recipient,
      subject: email.subject,
      html: email.html,
      text: email.text,
      createdAt: now().toISOString(),
      status: "pending",
      attempts: 0,
      operationId: operationIdFor(tenantId, dedupeKey),
    });
  }
  return { items, invalid };
}

const message = (e: unknown) => scrubSecrets(e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Send every unsent item of the tenant, oldest leftovers included; one failure never blocks the rest. */
export async function flushOutbox(input: FlushInput): Promise<Omit<DeliveryOutcome, "queued" | "skipped">> {
  const opts = { abortSignal: input.abortSignal };
  const out: Omit<DeliveryOutcome, "queued" | "skipped"> = {
    sent: 0,
    failed: 0,
    pending: 0,
    attemptFailures: 0,
    errors: [],
    resumed: 0,
  };
  const items = await input.outbox.listUnsent(input.tenantId, opts);
  for (const original of items) {
    if (original.status !== "pending") continue;
    input.abortSignal?.throwIfAborted();
    if (out.authFailure) {
      // ACS refuses the identity: the rest would fail the same way. They wait, attempts untouched.
      out.pending += 1;
      continue;
    }
    let item: OutboxItem = {
      ...original,
      operationId: original.operationId ?? operationIdFor(original.tenantId, original.dedupeKey),
    };
    if (item.attempts >= input.maxAttempts) {
      item = { ...item, status: "failed", lastError: item.lastError ?? `gave up after ${item.attempts} attempts` };
      await tryUpdate(input.outbox, item, out, opts);
      out.failed += 1;
      continue;
    }
    // Count the attempt before sending: a crash mid-send still uses one up, so retries stay bounded.
    item = { ...item, attempts: item.attempts + 1 };
    if (!(await tryUpdate(input.outbox, item, out, opts))) continue;
    try {
      const result = await input.sender.send(
        { to: item.recipient, subject: item.subject, html: item.html, text: item.text },
        {
          abortSignal: input.abortSignal,
          operationId: item.operationId,
          resumeFrom: item.resumeState,
          onAccepted: async (resumeState) => {
            item = { ...item, resumeState };
            // Not fatal if it fails: polling goes on and mark-sent is tried; only a crash before that
            // leaves the item to be sent again (under the same operation id).
            await tryUpdate(input.outbox, item, out, opts);
          },
        },
      );
      if (result.status === "Succeeded") {
        item = {
          ...item,
          status: "sent",
          messageId: result.messageId,
          sentAt: input.now().toISOString(),
          lastError: undefined,
        };
        if (await tryUpdate(input.outbox, item, out, opts)) {
          out.sent += 1;
          if (!input.queuedNow?.has(item.dedupeKey)) out.resumed += 1;
        } else out.pending += 1;
      } else {
        item = { ...item, status: "failed", lastError: result.error ?? `ACS reported ${result.status}` };
        await tryUpdate(input.outbox, item, out, opts);
        out.failed += 1;
        out.attemptFailures += 1;
        out.errors.push(`${item.dedupeKey}: ${item.lastError}`);
      }
    } catch (e) {
      if (input.abortSignal?.aborted) throw e;
      const exhausted = item.attempts >= input.maxAttempts;
      item = { ...item, status: exhausted ? "failed" : "pending", lastError: message(e) };
      await tryUpdate(input.outbox, item, out, opts);
      if (exhausted) out.failed += 1;
      else out.pending += 1;
      out.attemptFailures += 1;
      out.errors.push(`${item.dedupeKey}: ${item.lastError}`);
      // TransientSendError.authFailure (acsEmailSender.ts), read structurally: any EmailSender may set it.
      if ((e as { authFailure?: unknown }).authFailure === true) out.authFailure = item.lastError;
    }
  }
  return out;
}

/** An outbox write that fails leaves the item as it was (pending): the next run picks it up. */
async function tryUpdate(
  outbox: OutboxStore,
  item: OutboxItem,
  out: { errors: string[] },
  opts: { abortSignal?: AbortSignal },
): Promise<boolean> {
  try {
    await outbox.update(item, opts);
    return true;
  } catch (e) {
    if (opts.abortSignal?.aborted) throw e;
    out.errors.push(`${item.dedupeKey}: outbox update failed (${message(e)}); retried next run`);
    return false;
  }
}
