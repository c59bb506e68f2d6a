/**
 * A local stand-in for the Azure Communication Services Email data plane, for the demo and tests.
 * It serves what @azure/communication-email's EmailClient calls (api-version 2025-09-01 by default):
 *   POST /emails:send?api-version=…           → 202, Operation-Location, body { id, status: "Running" }
 *   GET  /emails/operations/{id}?api-version=… → 200 { id, status } (Succeeded after `pollsUntilDone` polls)
 * It checks the client's HMAC-SHA256 signature (401 on a bad one), de-duplicates by the Operation-Id
 * header (a repeat while running → 409, after completion → the original 202 without a second message,
 * as ACS's repeatability rules describe), keeps each accepted message, and can inject faults per call.
 * Operations live as long as the simulator, so a client resuming an earlier send (the SDK's
 * resumeFrom) polls the same operation; count() tells sends from polls to check it sent nothing.
 * It refuses a request over ACS's documented 10 MB size limit (ACS_MAX_REQUEST_BYTES).
 * Production code never imports this.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { verifyHmacSignature } from "./signature.js";
import { toEml, type EmlInput } from "./toEml.js";

/** Obviously fake, base64 (the client base64-decodes the key): not a secret. */
export const FAKE_ACS_ACCESS_KEY = Buffer.from("writeback-watch local ACS simulator key - not a secret").toString(
  "base64",
);

export interface AcsFault {
  /** HTTP status to answer with, e.g. 429, 500, 400, 401. Ignored when `stall` is set. */
  status: number;
  /** Answer nothing at all: the request hangs until the client gives up or the simulator closes. */
  stall?: boolean;
  /** Seconds, sent as Retry-After (429/503). */
  retryAfterSeconds?: number;
  /** Error code in the body and x-ms-error-code. */
  code?: string;
  /** Only requests of this kind: a send (POST) or a status poll (GET). Default: send. */
  on?: "send" | "poll";
  /** Only sends to this recipient (case-insensitive). */
  recipient?: string;
  /** How many matching calls it answers. Default 1; Infinity for a permanent failure. */
  times?: number;
}

export interface SimulatedEmail extends EmlInput {
  /** Files written for it, when outDir is set. */
  files?: { html: string; text: string; eml: string };
}

export interface AcsEmailSimulatorOptions {
  port?: number;
  accessKey?: string;
  /** Write each accepted message as .html, .txt and .eml here. */
  outDir?: string;
  faults?: AcsFault[];
  /** Status polls before an operation reports Succeeded. Default 1 (the first poll). */
  pollsUntilDone?: number;
}

export interface RunningAcsEmailSimulator {
  endpoint: string;
  connectionString: string;
  accessKey: string;
  /** Accepted messages, oldest first (live view). */
  messages: readonly SimulatedEmail[];
  /** Every request received, for assertions on retries: method, path, status answered. */
  requests: readonly { method: string; path: string; status: number; operationId?: string }[];
  setFaults(faults: AcsFault[]): void;
  /** Requests so far, of one operation id when given: sends (POST /emails:send) and status polls (GET). */
  count(operationId?: string): { sends: number; polls: number };
  /** Ends a known operation with this status from its next poll on (false if there is no such operation). */
  setOperationStatus(operationId: string, status: "Succeeded" | "Failed"): boolean;
  close(): Promise<void>;
}

interface Operation {
  id: string;
  status: "Running" | "Succeeded" | "Failed";
  /** Set by setOperationStatus: the status reported from the next poll on. */
  forced?: "Succeeded" | "Failed";
  polls: number;
  bodyHash: string;
}

/** Body of a status poll / repeated send, as ACS shapes it (error only when Failed). */
function operationBody(op: Operation): Record<string, unknown> {
  return op.status === "Failed"
    ? { id: op.id, status: op.status, error: { code: "SimulatedFailure", message: "Set by setOperationStatus." } }
    : { id: op.id, status: op.status };
}

/**
 * "Size limits for email" (articles/communication-services/concepts/service-limits.md): total
 * email request size (including attachments) 10 MB. The page names no status code for going over:
 * the stand-in answers 413, and reads "MB" as the smaller 10^6 bytes.
 */
export const ACS_MAX_REQUEST_BYTES = 10 * 1000 * 1000;

export async function startAcsEmailSimulator(
  options: AcsEmailSimulatorOptions = {},
): Promise<RunningAcsEmailSimulator> {
  const accessKey = options.accessKey ?? FAKE_ACS_ACCESS_KEY;
  const pollsUntilDone = options.pollsUntilDone ?? 1;
  const messages: SimulatedEmail[] = [];
  const requests: { method: string; path: string; status: number; operationId?: string }[] = [];
  const operations = new Map<string, Operation>();
  let faults: (AcsFault & { left: number })[] = [];
  const setFaults = (list: AcsFault[]) => {
    faults = list.map((f) => ({ ...f, left: f.times ?? 1 }));
  };
  setFaults(options.faults ?? []);
  let endpoint = "";

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, Buffer.concat(chunks), res).catch((err: unknown) => {
        if (!res.headersSent) reply(res, 500, { error: { code: "SimulatorError", message: String(err) } });
      });
    });
  });

  function reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    operationId?: string,
  ) {
    requests.push({ method: res.req.method ?? "", path: res.req.url ?? "", status, operationId });
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
    res.writeHead(status, {
      "content-type": "application/json",
      ...(code ? { "x-ms-error-code": code } : {}),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  function takeFault(kind: "send" | "poll", recipients: string[]): AcsFault | undefined {
    const f = faults.find(
      (x) =>
        x.left > 0 &&
        (x.on ?? "send") === kind &&
        (!x.recipient || recipients.some((r) => r.toLowerCase() === x.recipient!.toLowerCase())),
    );
    if (f) f.left -= 1;
    return f;
  }

  function faultReply(res: ServerResponse, f: AcsFault, operationId?: string) {
    if (f.stall) {
      requests.push({ method: res.req.method ?? "", path: res.req.url ?? "", status: 0, operationId });
      return;
    }
    const headers: Record<string, string> =
      f.retryAfterSeconds !== undefined ? { "retry-after": String(f.retryAfterSeconds) } : {};
    const code =
      f.code ?? (f.status === 429 ? "TooManyRequests" : f.status >= 500 ? "InternalServerError" : "BadRequest");
    reply(res, f.status, { error: { code, message: `Injected fault ${f.status}` } }, headers, operationId);
  }

  async function handle(req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://placeholder");
    const check = verifyHmacSignature(
      { method: req.method ?? "", url: req.url ?? "/", headers: req.headers, body },
      accessKey,
    );
    if (!check.ok) return reply(res, 401, { error: { code: "Denied", message: check.reason } });
    if (!url.searchParams.get("api-version")) {
      return reply(res, 400, {
        error: { code: "MissingApiVersionParameter", message: "The api-version query parameter is required." },
      });
    }
    const apiVersion = url.searchParams.get("api-version")!;

    if (req.method === "POST" && url.pathname === "/emails:send") {
      if (body.length > ACS_MAX_REQUEST_BYTES) {
        const id = req.headers["operation-id"];
        return reply(
          res,
          413,
          {
            error: {
              code: "RequestEntityTooLarge",
              message: `The email request is ${body.length} bytes; the limit is ${ACS_MAX_REQUEST_BYTES}.`,
            },
          },
          {},
          Array.isArray(id) ? id[0] : id,
        );
      }
      let msg: {
        senderAddress?: string;
        recipients?: { to?: { address?: string }[] };
        content?: { subject?: string; html?: string; plainText?: string };
      };
      try {
        msg = JSON.parse(body.toString("utf8"));
      } catch {
        return reply(res, 400, { error: { code: "InvalidRequest", message: "Body is not JSON." } });
      }
      const to = (msg.recipients?.to ?? []).map((r) => r.address ?? "").filter(Boolean);
      if (
        !msg.senderAddress ||
        to.length === 0 ||
        !msg.content?.subject ||
        (!msg.content.html && !msg.content.plainText)
      ) {
        return reply(res, 400, {
          error: {
            code: "InvalidRequest",
            message: "senderAddress, recipients.to, content.subject and html or plainText are required.",
          },
        });
      }
      const headerId = req.headers["operation-id"];
      const operationId = (Array.isArray(headerId) ? headerId[0] : headerId) ?? randomUUID();
      const fault = takeFault("send", to);
      if (fault) return faultReply(res, fault, operationId);
      const location = `${endpoint}/emails/operations/${encodeURIComponent(operationId)}?api-version=${encodeURIComponent(apiVersion)}`;
      const bodyHash = String(req.headers["x-ms-content-sha256"] ?? "");
      const existing = operations.get(operationId.toLowerCase());
      if (existing) {
        if (existing.bodyHash !== bodyHash) {
          return reply(
            res,
            400,
            { error: { code: "InvalidRequest", message: "Operation-Id reused with a different message." } },
            {},
            operationId,
          );
        }
        if (existing.status === "Running") {
          return reply(
            res,
            409,
            { error: { code: "Conflict", message: "The original request is still in progress." } },
            {},
            operationId,
          );
        }
        return reply(res, 202, operationBody(existing), { "operation-location": location }, operationId);
      }
      const op: Operation = {
        id: operationId,
        status: pollsUntilDone <= 0 ? "Succeeded" : "Running",
        polls: 0,
        bodyHash,
      };
      operations.set(operationId.toLowerCase(), op);
      const email: SimulatedEmail = {
        operationId,
        from: msg.senderAddress,
        to,
        subject: msg.content.subject,
        html: msg.content.html ?? "",
        text: msg.content.plainText ?? "",
        receivedAt: new Date().toISOString(),
      };
      if (options.outDir) email.files = await writeFiles(options.outDir, email);
      messages.push(email);
      return reply(res, 202, { id: op.id, status: op.status }, { "operation-location": location }, operationId);
    }

    const poll = /^\/emails\/operations\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && poll) {
      const id = decodeURIComponent(poll[1]!);
      const fault = takeFault("poll", []);
      if (fault) return faultReply(res, fault, id);
      const op = operations.get(id.toLowerCase());
      if (!op) return reply(res, 404, { error: { code: "NotFound", message: "No such operation." } }, {}, id);
      op.polls += 1;
      if (op.forced) op.status = op.forced;
      else if (op.polls >= pollsUntilDone) op.status = "Succeeded";
      return reply(res, 200, operationBody(op), {}, id);
    }
    return reply(res, 404, { error: { code: "NotFound", message: `No route for ${req.method} ${url.pathname}` } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    connectionString: `endpoint=${endpoint}/;accesskey=${accessKey}`,
    accessKey,
    messages,
    requests,
    setFaults,
    count: (operationId) => {
      const of = requests.filter((r) => operationId === undefined || r.operationId === operationId);
      return {
        sends: of.filter((r) => r.method === "POST" && r.path.startsWith("/emails:send")).length,
        polls: of.filter((r) => r.method === "GET" && r.path.startsWith("/emails/operations/")).length,
      };
    },
    setOperationStatus: (operationId, status) => {
      const op = operations.get(operationId.toLowerCase());
      if (op) op.forced = status;
      return op !== undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function writeFiles(outDir: string, email: SimulatedEmail): Promise<{ html: string; text: string; eml: string }> {
  await mkdir(outDir, { recursive: true });
  // Names from the time and the operation id only: never from tenant-controlled text.
  const stamp = email.receivedAt.replace(/[:.]/g, "-");
  const safeId = email.operationId.replace(/[^0-9a-zA-Z-]/g, "");
  const base = path.join(outDir, `${stamp}-${safeId}`);
  const files = { html: `${base}.html`, text: `${base}.txt`, eml: `${base}.eml` };
  await writeFile(files.html, email.html, "utf8");
  await writeFile(files.text, email.text, "utf8");
  await writeFile(files.eml, toEml(email), "utf8");
  return files;
}
