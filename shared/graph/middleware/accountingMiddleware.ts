import type { Context } from "@microsoft/microsoft-graph-client";
import { ChainedMiddleware } from "./ChainedMiddleware.js";

/** Mutable counters shared by the middleware chain and the client. */
export interface GraphAccounting {
  /** Logical Graph requests per section tag: direct requests plus items sent inside a $batch. */
  requests: Record<string, number>;
  /** HTTP round trips on the wire, retries and $batch posts included. */
  httpRequests: number;
  /** $batch posts. */
  batches: number;
  /** Logical requests that travelled inside a $batch (first attempts only). */
  batchedRequests: number;
  /** Retried attempts: whole HTTP requests and single batch items. */
  retries: number;
  /** Response body bytes received. */
  bytesReceived: number;
}

export function emptyAccounting(): GraphAccounting {
  return { requests: {}, httpRequests: 0, batches: 0, batchedRequests: 0, retries: 0, bytesReceived: 0 };
}

/** Counts every round trip and the bytes it brought back (the timeout middleware below has buffered the body). */
export class AccountingMiddleware extends ChainedMiddleware {
  constructor(private readonly accounting: GraphAccounting) {
    super();
  }

  async execute(context: Context): Promise<void> {
    this.accounting.httpRequests++;
    await this.passOn(context);
    const response = context.response;
    if (!response || response.body === null) return;
    const body = await response.clone().arrayBuffer();
    this.accounting.bytesReceived += body.byteLength;
  }
}
