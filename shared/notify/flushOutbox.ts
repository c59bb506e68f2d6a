/**
 * Sending what the outbox holds: every pending item of the tenant, oldest first, each on its own,
 * through the Notifier of its channel (notifier.ts): email, Teams, the webhook, Log Analytics.
 *
 * The same bookkeeping for every channel: the attempt is counted, and the item marked as being
 * sent, before the try; the outcome is recorded after. An item found still marked as being sent
 * was cut off by a stopped process: a channel that can resume or whose service recognises a
 * repeat tries it again; any other channel ends it failed (it may have arrived), reported, never
 * sent twice. A channel that must wait (its service refused the identity, or was down for every
 * try) leaves its other items queued for the next run; the other channels go on.
 *
 * Email:
 * Exactly once: as soon as ACS accepts a send, the SDK's resume state for that operation is written
 * to the item (onAccepted), before waiting for the email to complete. A crash between send and
 * mark-sent leaves the item pending with that state; the next run resumes the operation (a status
 * poll, no new send): Succeeded → sent, Failed → failed, still running → pending. Only an item that
 * crashed before ACS accepted, or before the state was written, is sent again; it goes out under
 * the same operation id (derived from its dedupe key, operationId.ts) as a second safeguard.
 * Attempts are bounded; a permanent failure for one recipient marks only that item failed, and the
 * others still go out. An item whose stored body cannot be read is marked failed, never sent.
 */
import { scrubSecrets } from "../errors.js";
import type { Channel, OutboxItem, OutboxStore } from "../store/types.js";
import type { Notifier } from "./notifier.js";
import { operationIdFor } from "./operationId.js";

export const DEFAULT_MAX_ATTEMPTS = 5;

/** What one pass over the outbox did. */
export interface FlushOutcome {
  /** Items sent and marked sent by this pass (older leftovers included). */
  sent: number;
  /** Items that ended failed in this pass (permanent failure, attempts exhausted, unreadable body). */
  failed: number;
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
   * Set when ACS rejected the app's identity (401/403): why. The remaining emails were not tried
   * (they would fail alike) and stay queued for the next run.
   */
  authFailure?: string;
  /** The same counts per channel, for the channels that had items in this pass. */
  byChannel: Partial<Record<Channel, ChannelOutcome>>;
}

export interface ChannelOutcome {
  sent: number;
  failed: number;
  pending: number;
}

export interface FlushInput {
  tenantId: string;
  /** Dedupe keys this call queued: any other item sent is a resumed one. */
  queuedNow?: ReadonlySet<string>;
  outbox: OutboxStore;
  /** One per configured channel; an item of a channel without one is not sent (reported failed). */
  notifiers: readonly Notifier[];
  now: () => Date;
  maxAttempts: number;
  abortSignal?: AbortSignal;
}

const message = (e: unknown) => scrubSecrets(e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Send every pending item of the tenant, oldest leftovers included; one failure never blocks the rest. */
export async function flushOutbox(input: FlushInput): Promise<FlushOutcome> {
  const opts = { abortSignal: input.abortSignal };
  const out: FlushOutcome = {
    sent: 0,
    failed: 0,
    pending: 0,
    attemptFailures: 0,
    errors: [],
    resumed: 0,
    byChannel: {},
  };
  const notifiers = new Map(input.notifiers.map((n) => [n.channel, n]));
  /** Channels that must wait for the next run, and why. */
  const waiting = new Map<Channel, string>();
  const count = (item: OutboxItem, what: keyof ChannelOutcome) => {
    out[what] += 1;
    const c = (out.byChannel[item.channel ?? "email"] ??= { sent: 0, failed: 0, pending: 0 });
    c[what] += 1;
  };
  const fail = async (item: OutboxItem, lastError: string) => {
    const done = failed(item, lastError, input.now);
    await tryUpdate(input.outbox, done, out, opts);
    count(done, "failed");
    out.errors.push(`${done.dedupeKey}: ${lastError}`);
    return done;
  };
  const items = await input.outbox.listPending(input.tenantId, opts);
  for (const original of items) {
    if (original.status !== "pending") continue;
    input.abortSignal?.throwIfAborted();
    const channel = original.channel ?? "email";
    if (original.damaged) {
      await fail(original, `not sent: ${original.damaged}`);
      continue;
    }
    const notifier = notifiers.get(channel);
    if (!notifier) {
      await fail(original, `not sent: the ${channel} channel is not configured any more`);
      continue;
    }
    if (waiting.has(channel)) {
      // The channel refuses or is down: the rest would fail the same way. They wait, attempts untouched.
      count(original, "pending");
      continue;
    }
    let item: OutboxItem = {
      ...original,
      operationId: original.operationId ?? operationIdFor(original.tenantId, original.dedupeKey),
    };
    if (item.sendingAt && !item.resumeState && !notifier.resendsAfterInterruption) {
      await fail(
        { ...item, sendingAt: undefined },
        `the process stopped while sending it (${item.sendingAt}); it may have arrived, so it is not sent again (${notifier.label} cannot recognise a repeat)`,
      );
      continue;
    }
    if (item.attempts >= input.maxAttempts) {
      item = failed(item, item.lastError ?? `gave up after ${item.attempts} attempts`, input.now);
      await tryUpdate(input.outbox, item, out, opts);
      count(item, "failed");
      continue;
    }
    // Count the attempt, and mark the item as being sent, before trying: a crash mid-send still
    // uses an attempt up (retries stay bounded) and the next run knows the send was cut off.
    item = { ...item, attempts: item.attempts + 1, sendingAt: input.now().toISOString() };
    if (!(await tryUpdate(input.outbox, item, out, opts))) continue;
    try {
      const result = await notifier.deliver(item, {
        abortSignal: input.abortSignal,
        operationId: item.operationId!,
        resumeFrom: item.resumeState,
        onAccepted: async (resumeState) => {
          item = { ...item, resumeState };
          // Not fatal if it fails: polling goes on and mark-sent is tried; only a crash before that
          // leaves the item to be sent again (under the same operation id).
          await tryUpdate(input.outbox, item, out, opts);
        },
      });
      if (result.status === "sent") {
        item = {
          ...item,
          status: "sent",
          messageId: result.messageId,
          sentAt: input.now().toISOString(),
          lastError: undefined,
          sendingAt: undefined,
        };
        if (await tryUpdate(input.outbox, item, out, opts)) {
          count(item, "sent");
          if (!input.queuedNow?.has(item.dedupeKey)) out.resumed += 1;
        } else count(item, "pending");
      } else {
        await fail({ ...item, sendingAt: undefined }, result.error ?? `${notifier.label} did not take it`);
        out.attemptFailures += 1;
      }
    } catch (e) {
      if (input.abortSignal?.aborted) throw e;
      const exhausted = item.attempts >= input.maxAttempts;
      const lastError = message(e);
      item = { ...item, sendingAt: undefined };
      if (exhausted) await fail(item, lastError);
      else {
        item = { ...item, status: "pending", lastError };
        await tryUpdate(input.outbox, item, out, opts);
        count(item, "pending");
        out.errors.push(`${item.dedupeKey}: ${lastError}`);
      }
      out.attemptFailures += 1;
      // authFailure (TransientSendError, DeliveryDeferredError), read structurally: any Notifier may set it.
      const authFailure = (e as { authFailure?: unknown }).authFailure === true;
      if (authFailure && channel === "email") out.authFailure = lastError;
      if (authFailure || notifier.singleEndpoint) waiting.set(channel, lastError);
    }
  }
  return out;
}

/** The item as given up on: why, and when (health and the digest list what failed when). */
export function failed(item: OutboxItem, lastError: string, now: () => Date): OutboxItem {
  return { ...item, status: "failed", lastError, failedAt: now().toISOString() };
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
