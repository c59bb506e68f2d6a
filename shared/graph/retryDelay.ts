/**
 * How long to wait before retrying a throttled or unavailable Graph request. Shared by the retry
 * middleware (whole HTTP requests) and the $batch client (single items inside a batch).
 */

/** Statuses Graph asks callers to retry: throttled, unavailable, gateway timeout. */
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Multiplies every wait (Retry-After included); tests and the benchmark shrink sleeps with it. */
  retryDelayScale: number;
}

const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 32_000;

/**
 * Milliseconds to wait before retry number `attempt` (0-based). A Retry-After header (delta seconds
 * or HTTP-date) wins, as Graph's throttling guidance asks; without one, exponential backoff with full
 * jitter keeps many callers from retrying in lockstep.
 */
export function retryDelayMs(
  retryAfter: string | null | undefined,
  attempt: number,
  policy: RetryPolicy,
  now: () => number = Date.now,
  random: () => number = Math.random,
): number {
  const fromHeader = parseRetryAfterMs(retryAfter, now);
  const raw = fromHeader ?? Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt) * (0.5 + random() / 2);
  return Math.max(0, Math.round(raw * policy.retryDelayScale));
}

/** Retry-After as milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now: () => number = Date.now): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1_000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now());
}

/** Sleep that ends early (rejecting) when the signal aborts. */
export function sleep(ms: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) {
      reject(abortReason(abortSignal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(abortSignal));
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    abortSignal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
