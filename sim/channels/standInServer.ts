/**
 * The HTTP plumbing the channel stand-ins share (Teams Workflows, webhook receiver, Logs
 * Ingestion): a server on 127.0.0.1 that reads each request whole, answers injected faults before
 * the stand-in's own rules, and can stall a request (before or after processing it) so a client's
 * time limit and "did it arrive?" logic can be tested. Production code never imports this.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";

export interface StandInFault {
  /** Status to answer with instead of processing (e.g. 429, 500). Ignored with a stall. */
  status?: number;
  /** Seconds, sent as Retry-After. */
  retryAfterSeconds?: number;
  /**
   * "before": never answer and do not process (the request is lost). "after": process the request
   * as usual, then never answer (the client cannot know it arrived). Stalls end when the server closes.
   */
  stall?: "before" | "after";
  /** How many requests it applies to. Default 1. */
  times?: number;
}

export interface StandInRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RunningStandIn {
  baseUrl: string;
  /** Every request with the status answered ("stalled" when none was). */
  requests: readonly { method: string; path: string; status: number | "stalled" }[];
  setFaults(faults: StandInFault[]): void;
  close(): Promise<void>;
}

export async function startStandInServer(
  handle: (request: StandInRequest) => StandInAnswer | Promise<StandInAnswer>,
  options: { port?: number; faults?: StandInFault[] } = {},
): Promise<RunningStandIn> {
  let faults: (StandInFault & { left: number })[] = [];
  const setFaults = (list: StandInFault[]) => {
    faults = list.map((f) => ({ ...f, left: f.times ?? 1 }));
  };
  setFaults(options.faults ?? []);
  const requests: { method: string; path: string; status: number | "stalled" }[] = [];
  const sockets = new Set<Socket>();

  const takeFault = (): StandInFault | undefined => {
    const f = faults.find((x) => x.left > 0);
    if (f) f.left -= 1;
    return f;
  };

  const send = (res: ServerResponse, answer: StandInAnswer) => {
    const body = answer.body === undefined ? "" : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(body ? { "content-type": "application/json" } : {}),
      ...answer.headers,
    });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const record = { method: req.method ?? "GET", path: url.pathname, status: "stalled" as number | "stalled" };
        requests.push(record);
        const fault = takeFault();
        if (fault?.stall === "before") return;
        if (fault?.status !== undefined && !fault.stall) {
          record.status = fault.status;
          return send(res, {
            status: fault.status,
            body: { error: { code: "InjectedFault", message: `Injected fault ${fault.status}` } },
            headers: fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {},
          });
        }
        let answer: StandInAnswer;
        try {
          answer = await handle({ method: record.method, url, headers: req.headers, body: Buffer.concat(chunks) });
        } catch (error) {
          answer = { status: 500, body: { error: { code: "StandInError", message: String(error) } } };
        }
        if (fault?.stall === "after") return;
        record.status = answer.status;
        send(res, answer);
      })();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setFaults,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
