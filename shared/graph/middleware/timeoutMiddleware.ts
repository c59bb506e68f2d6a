import type { Context } from "@microsoft/microsoft-graph-client";
import { GraphRequestError } from "../../errors.js";
import { requestPathOf } from "../graphErrors.js";
import { ChainedMiddleware } from "./ChainedMiddleware.js";

/**
 * Per-attempt time limits, next to the wire: the response headers must arrive within `headersMs`,
 * and the whole response, body included, within `responseMs`. The body is read here, under the
 * limit, so a body trickled a byte at a time ends like a stalled one (fetch's own limits are minutes
 * long). A request over its limit fails with a GraphTimeoutError, which the retry middleware may
 * retry; the caller's abortSignal still ends everything at once.
 */
export interface RequestTimeouts {
  /** Default 60 s. */
  headersMs?: number;
  /** Default 120 s. */
  responseMs?: number;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 120_000;

export class GraphTimeoutError extends GraphRequestError {
  override name = "GraphTimeoutError";
}

export class TimeoutMiddleware extends ChainedMiddleware {
  private readonly headersMs: number;
  private readonly responseMs: number;

  constructor(timeouts: RequestTimeouts = {}) {
    super();
    this.headersMs = timeouts.headersMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    this.responseMs = timeouts.responseMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  }

  async execute(context: Context): Promise<void> {
    context.options ??= {};
    const outer = context.options.signal ?? undefined;
    const limit = new AbortController();
    let phase: "headers" | "body" = "headers";
    const headersTimer = setTimeout(() => limit.abort(), this.headersMs);
    const responseTimer = setTimeout(() => limit.abort(), this.responseMs);
    context.options.signal = outer ? AbortSignal.any([outer, limit.signal]) : limit.signal;
    try {
      await this.passOn(context);
      clearTimeout(headersTimer);
      phase = "body";
      const response = context.response;
      if (response && response.body !== null) {
        const body = await response.arrayBuffer();
        context.response = new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
    } catch (error) {
      if (!limit.signal.aborted || outer?.aborted) throw error;
      const url = typeof context.request === "string" ? context.request : context.request.url;
      const path = requestPathOf(url);
      throw new GraphTimeoutError(
        phase === "headers"
          ? `Graph sent no response headers for ${path} within ${seconds(this.headersMs)}.`
          : `Graph's response for ${path} did not complete within ${seconds(this.responseMs)} (the body arrived too slowly).`,
        0,
        "Timeout",
        path,
      );
    } finally {
      clearTimeout(headersTimer);
      clearTimeout(responseTimer);
      // A retry starts from the caller's signal, not from this attempt's.
      context.options.signal = outer;
    }
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
