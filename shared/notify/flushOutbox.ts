/**
 * Sending what the outbox holds: every pending item of the tenant, oldest first, each on its own.
 *
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
import type { OutboxItem, OutboxStore } from "../store/types.js";
import { operationIdFor } from "./operationId.js";
import type { EmailSender } from "./types.js";

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
   * Set when ACS rejected the app's identity (401/403): why. The remaining items were not tried
   * (they would fail alike) and stay queued for the next run.
   */
  authFailure?: string;
}

export interface FlushInput {
  tenantId: string;
  /** Dedupe keys this call queued: any other item sent is a resumed one. */
  queuedNow?: ReadonlySet<string>;
  outbox: OutboxStore;
  sender: EmailSender;
  now: () => Date;
  maxAttempts: number;
  abortSignal?: AbortSignal;
}

const message = (e: unknown) => scrubSecrets(e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Send every pending item of the tenant, oldest leftovers included; one failure never blocks the rest. */
export async function flushOutbox(input: FlushInput): Promise<FlushOutcome> {
  const opts = { abortSignal: input.abortSignal };
  const out: FlushOutcome = { sent: 0, failed: 0, pending: 0, attemptFailures: 0, errors: [], resumed: 0 };
  const items = await input.outbox.listPending(input.tenantId, opts);
  for (const original of items) {
    if (original.status !== "pending") continue;
    input.abortSignal?.throwIfAborted();
    if (original.damaged) {
      const item = failed(original, `not sent: ${original.damaged}`, input.now);
      await tryUpdate(input.outbox, item, out, opts);
      out.failed += 1;
      out.errors.push(`${item.dedupeKey}: ${item.lastError}`);
      continue;
    }
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
      item = failed(item, item.lastError ?? `gave up after ${item.attempts} attempts`, input.now);
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
        item = failed(item, result.error ?? `ACS reported ${result.status}`, input.now);
        await tryUpdate(input.outbox, item, out, opts);
        out.failed += 1;
        out.attemptFailures += 1;
        out.errors.push(`${item.dedupeKey}: ${item.lastError}`);
      }
    } catch (e) {
      if (input.abortSignal?.aborted) throw e;
      const exhausted = item.attempts >= input.maxAttempts;
      item = exhausted ? failed(item, message(e), input.now) : { ...item, status: "pending", lastError: message(e) };
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
