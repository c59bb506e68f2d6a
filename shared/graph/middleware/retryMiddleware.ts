import type { Context } from "@microsoft/microsoft-graph-client";
import { requestPathOf } from "../graphErrors.js";
import {
  isAbortError,
  planRetry,
  RETRIABLE_STATUSES,
  sleep,
  throttledError,
  type RetryBudget,
  type RetryPolicy,
} from "../retryDelay.js";
import type { GraphAccounting } from "./accountingMiddleware.js";
import { ChainedMiddleware } from "./ChainedMiddleware.js";
import { requestTargetOf } from "./RequestTarget.js";
import { GraphTimeoutError } from "./timeoutMiddleware.js";

/**
 * Retries 429/503/504, timed-out attempts and transport failures, honouring Retry-After, at most
 * `maxRetries` times and within the section's retry budget (see planRetry). When the retries run
 * out the last response is passed on unchanged, so the caller sees the real status (and can mark a
 * section "throttled"); when Graph asks for a longer wait than the budget has left, the request
 * fails at once with a GraphThrottledError saying what Graph asked for. A host that cannot be
 * reached at all (refused, unknown name, bad certificate) is not retried: that does not fix itself
 * within an audit, and retrying only makes the failure slow (see isRetriable).
 */
export class RetryMiddleware extends ChainedMiddleware {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly accounting: GraphAccounting,
    private readonly budget: RetryBudget,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const abortSignal = context.options?.signal ?? undefined;
    const section = requestTargetOf(context)?.section ?? "untagged";
    for (let attempt = 0; ; attempt++) {
      let retryAfter: string | null = null;
      let failure: unknown;
      const started = performance.now();
      try {
        await this.passOn(context);
        const response = context.response;
        if (!response || !RETRIABLE_STATUSES.has(response.status)) return;
        retryAfter = response.headers.get("retry-after");
      } catch (error) {
        if (isAbortError(error) || abortSignal?.aborted || !isRetriable(error)) throw error;
        failure = error;
        this.budget.spend(section, performance.now() - started);
      }
      const left = this.budget.left(section);
      const plan = planRetry(retryAfter, attempt, this.policy, left);
      if (!plan.retry) {
        if (failure !== undefined) throw failure;
        if (plan.reason === "retries") return;
        const url = typeof context.request === "string" ? context.request : context.request.url;
        throw throttledError(context.response!.status, requestPathOf(url), plan, left);
      }
      this.budget.spend(section, plan.waitMs);
      this.accounting.retries++;
      await sleep(plan.waitMs, abortSignal);
    }
  }
}

/**
 * Failures worth a second try: our own timeouts, and transport errors whose cause is known to pass
 * (a reset or closed connection, a socket timeout). Anything else fetch throws — refused, unknown
 * host, bad port, certificate — does not change within an audit, so it is not retried.
 */
function isRetriable(error: unknown): boolean {
  if (error instanceof GraphTimeoutError) return true;
  return error instanceof TypeError && isTransient(error);
}

/** Error codes (Node's and undici's) of a connection that failed in passing. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export function isTransient(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some(isTransient)) return true;
  }
  return false;
}
