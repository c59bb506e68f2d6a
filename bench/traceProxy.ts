/**
 * A recording HTTP proxy between one audit worker and the Graph simulator, for the latency run: it
 * forwards every request unchanged, notes when each round trip started and ended, which requests it
 * carried (each `$batch` item), and which nextLinks and object ids its response delivered, so the
 * critical path can be computed from the traffic alone (bench/criticalPath.ts) whatever the product
 * does inside. It runs in the benchmark's parent process: its work is not the audit's.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { idsIn, normaliseUrl, recordsIds, type TracedRoundTrip } from "./criticalPath.js";

export interface TraceProxy {
  /** Give this to the product as GRAPH_BASE_URL. */
  origin: string;
  /** The round trips recorded since the last take (the simulator's control routes excluded). */
  take(): TracedRoundTrip[];
  close(): Promise<void>;
}

const NEXT_LINK = /"@odata\.nextLink"\s*:\s*"([^"]+)"/;

export async function startTraceProxy(target: string): Promise<TraceProxy> {
  const upstream = new URL(target);
  let trace: TracedRoundTrip[] = [];
  let origin = "";
  const server: Server = createServer((req, res) => {
    const startMs = performance.now();
    void readAll(req).then((body) => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (upstreamRes) => {
          void readAll(upstreamRes).then((raw) => {
            // Links point at the simulator; the product must keep talking through the proxy.
            const text = raw.toString("utf8").split(upstream.origin).join(origin);
            const out = Buffer.from(text, "utf8");
            const headers = { ...upstreamRes.headers, "content-length": String(out.length) };
            delete headers["transfer-encoding"];
            res.writeHead(upstreamRes.statusCode ?? 502, headers);
            res.end(out);
            if (!(req.url ?? "").startsWith("/_sim/")) {
              trace.push(record(req.method ?? "GET", req.url ?? "/", body.toString("utf8"), text, startMs));
            }
          });
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    take() {
      const taken = trace;
      trace = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function record(method: string, url: string, requestBody: string, responseText: string, startMs: number) {
  const endMs = performance.now();
  const path = normaliseUrl(url);
  if (method === "POST" && path === "/$batch") {
    const items = batchItems(requestBody, responseText);
    const ids = items.filter((i) => recordsIds(i.url)).flatMap((i) => i.ids);
    return {
      items: items.map(({ url: u, nextLink }) => ({ url: u, ...(nextLink ? { nextLink } : {}) })),
      ids,
      startMs,
      endMs,
    };
  }
  const link = NEXT_LINK.exec(responseText)?.[1];
  return {
    items: [{ url: path, ...(link ? { nextLink: normaliseUrl(link) } : {}) }],
    ids: recordsIds(path) ? idsIn(responseText) : [],
    startMs,
    endMs,
  };
}

function batchItems(requestBody: string, responseText: string): { url: string; nextLink?: string; ids: string[] }[] {
  try {
    const sent = (JSON.parse(requestBody) as { requests: { id: string; url: string }[] }).requests;
    const got = new Map(
      ((JSON.parse(responseText) as { responses?: { id: string; body?: unknown }[] }).responses ?? []).map((r) => [
        String(r.id),
        r.body,
      ]),
    );
    return sent.map((item) => {
      const body = got.get(String(item.id));
      const url = normaliseUrl(item.url);
      const link =
        typeof body === "object" && body !== null ? (body as Record<string, unknown>)["@odata.nextLink"] : undefined;
      return {
        url,
        ...(typeof link === "string" ? { nextLink: normaliseUrl(link) } : {}),
        ids: recordsIds(url) && body !== undefined ? idsIn(JSON.stringify(body)) : [],
      };
    });
  } catch {
    return [];
  }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}
