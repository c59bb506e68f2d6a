/**
 * Records every round trip on the wire (retries and $batch posts included) for
 * `writeback-watch audit --record <dir>`: it sits next to the transport, so what it keeps is what
 * Graph actually answered, and it hands each exchange to a sink, which pseudonymizes it before
 * keeping it (recordingDirectory.ts). The audit runs unchanged: the middleware only reads the
 * buffered response and passes an identical copy on.
 */
import type { Context } from "@microsoft/microsoft-graph-client";
import { ChainedMiddleware } from "../middleware/ChainedMiddleware.js";
import { requestHeaders } from "../middleware/RequestTarget.js";
import { REQUEST_HEADERS, RESPONSE_HEADERS, type ExchangeSink } from "./exchange.js";

export class RecordingMiddleware extends ChainedMiddleware {
  constructor(private readonly sink: ExchangeSink) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const url = new URL(typeof context.request === "string" ? context.request : context.request.url);
    const headers = requestHeaders(context);
    const body = context.options?.body;
    await this.passOn(context);
    const response = context.response;
    if (!response) return;
    const buffer = await response.arrayBuffer();
    context.response = new Response(buffer, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    const text = Buffer.from(buffer).toString("utf8");
    this.sink.record({
      method: (context.options?.method ?? "GET").toUpperCase(),
      url: `${url.pathname}${url.search}`,
      requestHeaders: pick(headers, REQUEST_HEADERS),
      ...(typeof body === "string" && body !== "" ? { requestBody: parse(body) } : {}),
      status: response.status,
      responseHeaders: pick(response.headers, RESPONSE_HEADERS),
      ...(text !== "" ? { responseBody: parse(text) } : {}),
    });
  }
}

function pick(headers: Headers, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** JSON when it parses, else the text itself (a $count, an HTML error page). */
function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
