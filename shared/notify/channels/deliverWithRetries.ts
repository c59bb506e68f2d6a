/**
 * One delivery to an HTTP service, with the retries every channel shares: bounded tries, the
 * service's Retry-After honoured (a wait longer than the run can afford leaves the item queued for
 * the next run instead), exponential backoff otherwise, and a time limit on each try so a stalled
 * service cannot hold the audit lease.
 *
 * The one distinction that decides "exactly once": a try whose outcome is **unknown** (the time
 * limit fired, or the connection dropped after the request went out) may have been processed. It
 * is retried only when the receiver de-duplicates repeated deliveries (`retryUnknown`); otherwise
 * the delivery ends "unknown" and is reported, never sent a second time. A refused connection or a
 * status answer (429, 5xx) is a definite "not processed", so retrying it cannot duplicate anything.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import { TransientError } from "../../errors.js";
import type { DeliverResult } from "../notifier.js";

/**
 * What one try learnt. `not-sent`: the request never reached the service (connection refused, DNS);
 * `transient`: the service answered "not now" (429, 5xx); `unknown`: the request went out and no
 * answer came back (time limit, connection dropped), so the service may have processed it.
 */
export type TryResult =
  | { ok: true; status?: number }
  | {
      ok: false;
      kind: "transient" | "permanent" | "not-sent" | "unknown";
      status?: number;
      retryAfterMs?: number;
      error: string;
    };

export type DeliveryResult =
  | { kind: "delivered"; tries: number }
  | { kind: "rejected"; status?: number; error: string }
  | { kind: "unknown"; error: string }
  | { kind: "retry-later"; status?: number; error: string };

export interface RetryPolicy {
  /** Tries within one delivery, the first included. Default 3. */
  maxTries?: number;
  /** First backoff, doubled each retry. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest backoff. Default 30 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the delivery for this run (queued for the next). Default 60 s. */
  maxRetryAfterMs?: number;
  /** Limit of one try. Default 30 s. */
  attemptTimeoutMs?: number;
  /** Injectable wait (tests use a fake clock); default node:timers/promises setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface DeliverWithRetriesOptions extends RetryPolicy {
  /** Whether the receiver de-duplicates a repeated delivery (then an unknown outcome is retried). */
  retryUnknown: boolean;
  abortSignal?: AbortSignal;
}

const defaultSleep = (ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal });

/**
 * Runs `tryOnce` until it succeeds, is refused for good, or the tries run out. `tryOnce` gets a
 * signal that fires at the per-try time limit (or when the caller aborts); an exception it throws
 * is read by `thrown` (default: the outcome is unknown).
 */
export async function deliverWithRetries(
  tryOnce: (signal: AbortSignal) => Promise<TryResult>,
  options: DeliverWithRetriesOptions,
  thrown: (error: unknown) => TryResult = connectionVerdict,
): Promise<DeliveryResult> {
  const maxTries = Math.max(1, options.maxTries ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  let last: DeliveryResult = { kind: "retry-later", error: "not tried" };
  for (let tryNo = 1; tryNo <= maxTries; tryNo++) {
    options.abortSignal?.throwIfAborted();
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(), attemptTimeoutMs);
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, limit.signal]) : limit.signal;
    let result: TryResult;
    try {
      result = await tryOnce(signal);
    } catch (e) {
      if (options.abortSignal?.aborted) throw e;
      result = limit.signal.aborted
        ? { ok: false, kind: "unknown", error: `no answer within ${attemptTimeoutMs} ms` }
        : thrown(e);
    } finally {
      clearTimeout(timer);
    }
    if (result.ok) return { kind: "delivered", tries: tryNo };
    if (result.kind === "permanent") return { kind: "rejected", status: result.status, error: result.error };
    if (result.kind === "unknown" && !options.retryUnknown) return { kind: "unknown", error: result.error };
    last = { kind: "retry-later", status: result.status, error: result.error };
    if (tryNo === maxTries) break;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > maxRetryAfterMs) {
      return { ...last, error: `${result.error}; asked to wait ${Math.ceil(result.retryAfterMs / 1000)} s` };
    }
    const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (tryNo - 1));
    await sleep(Math.max(backoff, result.retryAfterMs ?? 0), options.abortSignal);
  }
  return last;
}

/** 408, 425, 429 and 5xx are the moment's fault (retry); other 4xx are the request's (do not). */
export function statusVerdict(status: number): "transient" | "permanent" {
  return status === 408 || status === 425 || status === 429 || status >= 500 ? "transient" : "permanent";
}

/** Connection errors that prove the request never reached the service (Node's undici / libuv codes). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH"]);

/** Reads a fetch/SDK failure: a refused connection is "not sent"; anything else may have been sent. */
export function connectionVerdict(error: unknown): TryResult {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = (error as { code?: unknown })?.code ?? cause?.code;
  if (typeof code === "string" && NOT_SENT_CODES.has(code)) {
    return { ok: false, kind: "not-sent", error: `connection failed (${code})` };
  }
  return { ok: false, kind: "unknown", error: describeError(error) };
}

export function describeError(error: unknown): string {
  const e = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const base = typeof e?.message === "string" ? e.message : String(error);
  const cause = e?.cause?.code ?? e?.cause?.message;
  return typeof cause === "string" ? `${base} (${cause})` : base;
}

/** A delivery that did not go out this run and may later: the outbox keeps the item queued. */
export class DeliveryDeferredError extends TransientError {
  override name = "DeliveryDeferredError";
  constructor(
    message: string,
    readonly statusCode?: number,
    /** The service refuses the app's identity: the channel's other items would fail alike now. */
    readonly authFailure = false,
  ) {
    super(message);
  }
}

/** The outbox's reading of a delivery (notifier.ts DeliverResult); throws when it is to be tried later. */
export function toDeliverResult(
  result: DeliveryResult,
  what: { label: string; deliveryId: string; isAuthStatus?: (status: number) => boolean },
): DeliverResult {
  switch (result.kind) {
    case "delivered":
      return { status: "sent", messageId: what.deliveryId };
    case "rejected":
      return { status: "failed", error: `${what.label} refused it: ${result.error}` };
    case "unknown":
      return {
        status: "failed",
        error: `${what.label} gave no answer (${result.error}); it may have arrived, so it is not sent again (the service cannot recognise a repeat)`,
      };
    case "retry-later": {
      const auth = result.status !== undefined && (what.isAuthStatus?.(result.status) ?? false);
      throw new DeliveryDeferredError(
        `${what.label} did not take it yet (${result.error}); it stays queued for the next run`,
        result.status,
        auth,
      );
    }
  }
}
