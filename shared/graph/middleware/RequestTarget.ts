import type { Context, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { ChainedMiddleware } from "./ChainedMiddleware.js";

/**
 * Per-request data carried through the middleware chain. The SDK's own URL builder only understands
 * https hosts and re-parses query strings; writeback-watch builds every URL itself (and must follow
 * `@odata.nextLink` verbatim, including on the simulator's http host), so the exact URL rides here.
 */
export class RequestTarget implements MiddlewareOptions {
  /** Set by the chain when the transport failed (connection reset, DNS); the SDK wraps such errors. */
  transportError?: unknown;
  constructor(
    readonly url: string,
    readonly section: string,
  ) {}
}

export function requestTargetOf(context: Context): RequestTarget | undefined {
  return context.middlewareControl?.getMiddlewareOptions(RequestTarget) as RequestTarget | undefined;
}

/** Headers of the outgoing request as a mutable Headers object (the SDK hands over a plain record). */
export function requestHeaders(context: Context): Headers {
  context.options ??= {};
  const current = context.options.headers;
  if (current instanceof Headers) return current;
  const headers = new Headers(current as ConstructorParameters<typeof Headers>[0]);
  context.options.headers = headers;
  return headers;
}

/** First in the chain: points the request at the exact URL the caller asked for. */
export class RequestTargetMiddleware extends ChainedMiddleware {
  async execute(context: Context): Promise<void> {
    const target = requestTargetOf(context);
    if (target) context.request = target.url;
    requestHeaders(context);
    try {
      await this.passOn(context);
    } catch (error) {
      if (target) target.transportError = error;
      throw error;
    }
  }
}
