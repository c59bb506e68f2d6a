import type { Context } from "@microsoft/microsoft-graph-client";
import { isAbortError, RETRIABLE_STATUSES, retryDelayMs, sleep, type RetryPolicy } from "../retryDelay.js";
import type { GraphAccounting } from "./accountingMiddleware.js";
import { ChainedMiddleware } from "./ChainedMiddleware.js";

/**
 * Retries 429/503/504 and transport failures, honouring Retry-After, at most `maxRetries` times.
 * When retries run out the last response is passed on unchanged, so the caller sees the real
 * status (and can mark a section "throttled").
 */
export class RetryMiddleware extends ChainedMiddleware {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly accounting: GraphAccounting,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const abortSignal = context.options?.signal ?? undefined;
    for (let attempt = 0; ; attempt++) {
      let retryAfter: string | null = null;
      try {
        await this.passOn(context);
        const response = context.response;
        if (!response || !RETRIABLE_STATUSES.has(response.status)) return;
        if (attempt >= this.policy.maxRetries) return;
        retryAfter = response.headers.get("retry-after");
      } catch (error) {
        if (isAbortError(error) || abortSignal?.aborted || attempt >= this.policy.maxRetries) {
          throw error;
        }
        if (!isTransportError(error)) throw error;
      }
      this.accounting.retries++;
      await sleep(retryDelayMs(retryAfter, attempt, this.policy), abortSignal);
    }
  }
}

/** fetch() rejects with a TypeError for resets, refused connections and DNS failures. */
function isTransportError(error: unknown): boolean {
  return error instanceof TypeError;
}
