/**
 * How long to wait before retrying a throttled or unavailable Graph request, and when to stop
 * waiting. Shared by the retry middleware (whole HTTP requests) and the $batch client (single items
 * inside a batch).
 *
 * Graph's throttling guidance (concepts/throttling.md) asks callers to wait the Retry-After it
 * sends. An audit cannot wait without limit, so a single wait is capped (maxWaitMs) and every
 * section has a retry budget (sectionBudgetMs): when Graph asks for more than the section has left,
 * the section stops at once as throttled and says what Graph asked for, instead of sleeping through
 * the function's timeout.
 */
import { GraphRequestError } from "../errors.js";

/** Statuses Graph asks callers to retry: throttled, unavailable, gateway timeout. */
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Multiplies every wait (Retry-After included); tests and the benchmark shrink sleeps with it. */
  retryDelayScale: number;
  /** Longest single wait, whatever Retry-After says. Default 120 s. */
  maxWaitMs?: number;
  /** Time one section may spend waiting to retry and in attempts that failed, in all. Default 5 minutes. */
  sectionBudgetMs?: number;
}

export const DEFAULT_MAX_WAIT_MS = 120_000;
export const DEFAULT_SECTION_BUDGET_MS = 5 * 60_000;

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

/** What to do about a failed attempt that could be retried. */
export type RetryPlan =
  { retry: true; waitMs: number } | { retry: false; reason: "retries" | "budget"; askedMs?: number };

/**
 * Retry after `waitMs`, or stop: the retries are used up, or the wait (Graph's Retry-After when it
 * sent one, capped, or the backoff) does not fit in what is left of the section's budget.
 */
export function planRetry(
  retryAfter: string | null | undefined,
  attempt: number,
  policy: RetryPolicy,
  budgetLeftMs: number,
  now: () => number = Date.now,
  random: () => number = Math.random,
): RetryPlan {
  if (attempt >= policy.maxRetries) return { retry: false, reason: "retries" };
  const askedMs = parseRetryAfterMs(retryAfter, now);
  const scaledAsk = askedMs === undefined ? undefined : askedMs * policy.retryDelayScale;
  if (scaledAsk !== undefined && scaledAsk > budgetLeftMs) return { retry: false, reason: "budget", askedMs };
  const waitMs = Math.min(
    retryDelayMs(retryAfter, attempt, policy, now, random),
    Math.round((policy.maxWaitMs ?? DEFAULT_MAX_WAIT_MS) * policy.retryDelayScale),
  );
  if (waitMs > budgetLeftMs) return { retry: false, reason: "budget", ...(askedMs !== undefined ? { askedMs } : {}) };
  return { retry: true, waitMs };
}

/** What each section has spent on retries so far (waits and failed attempts), for the budget. */
export class RetryBudget {
  private readonly spent = new Map<string, number>();

  constructor(private readonly policy: RetryPolicy) {}

  left(section: string): number {
    return Math.max(0, (this.policy.sectionBudgetMs ?? DEFAULT_SECTION_BUDGET_MS) - (this.spent.get(section) ?? 0));
  }

  spend(section: string, ms: number): void {
    this.spent.set(section, (this.spent.get(section) ?? 0) + Math.max(0, ms));
  }
}

/** A section stopped retrying because Graph asked for a longer wait than its budget has left. */
export class GraphThrottledError extends GraphRequestError {
  override name = "GraphThrottledError";
}

export function throttledError(
  status: number,
  requestPath: string,
  plan: RetryPlan & { retry: false },
  budgetLeftMs: number,
): GraphThrottledError {
  const asked =
    plan.askedMs !== undefined ? `asked to wait ${formatSeconds(plan.askedMs)} (Retry-After)` : "kept asking to wait";
  return new GraphThrottledError(
    `Graph answered ${status} for ${requestPath} and ${asked}, more than the ${formatSeconds(budgetLeftMs)} this section may still spend retrying; the next run retries it.`,
    status,
    "RetryBudgetExhausted",
    requestPath,
  );
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
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
