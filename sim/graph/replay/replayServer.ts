/**
 * Serves a recorded tenant (`npm run sim -- --replay <dir>`): every request gets the answer Graph
 * gave when the recording was made, status, Retry-After and error bodies included, with the
 * recorded origin in paging links replaced by this server's. The simulator can only be as true as
 * Microsoft's documentation; a recording is what one real tenant actually said, so the product can
 * be checked against it. Nothing here checks permissions or query rules: the tenant already did.
 *
 * `$batch` posts are answered item by item (concepts/json-batching.md: the response carries one
 * entry per request id), so a client that batches differently still gets each recorded answer.
 * A request the recording never saw gets a Graph-shaped 404 and is listed in `misses()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { errorBody } from "../errors.js";
import { RecordedExchanges, type RecordedAnswer } from "./recordedExchanges.js";

export interface ReplayServer {
  /** http://127.0.0.1:PORT — the product appends /v1.0. */
  baseUrl: string;
  /** When the recording was made: the "now" that reproduces time-relative figures. */
  recordedAt: string;
  /** Requests answered from the recording (a $batch counts its items). */
  served(): number;
  /** Requests the recording has no answer for, "GET /v1.0/…". */
  misses(): string[];
  close(): Promise<void>;
}

export interface ReplayOptions {
  /** A directory written by `writeback-watch audit --record`. */
  directory: string;
  /** Default: a free port. */
  port?: number;
  /** Called with each request the recording has no answer for ("GET /v1.0/…"). */
  onMiss?: (request: string) => void;
}

export async function startReplayServer(options: ReplayOptions): Promise<ReplayServer> {
  const recording = RecordedExchanges.load(options.directory);
  let served = 0;
  const misses: string[] = [];
  let baseUrl = "";

  const answerFor = (method: string, url: string): RecordedAnswer => {
    const answer = recording.answer(method, url);
    if (answer) {
      served++;
      return answer;
    }
    misses.push(`${method} ${url}`);
    options.onMiss?.(`${method} ${url}`);
    return {
      status: 404,
      headers: { "content-type": "application/json" },
      body: errorBody("Request_ResourceNotFound", `The recording has no answer for ${method} ${url}.`),
    };
  };
  // The recorded links name the recorded tenant's Graph; the client must come back here.
  const relink = (text: string) => text.split(recording.manifest.graphOrigin).join(baseUrl);

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = req.url ?? "/";
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const batch = /^\/(v1\.0|beta)\/\$batch(\?|$)/i.exec(url);
    if (method === "POST" && batch) {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
        requests?: { id: string; method?: string; url: string }[];
      };
      const responses = (body.requests ?? []).map((item) => {
        const path = item.url.startsWith("/") ? item.url : `/${item.url}`;
        const answer = answerFor((item.method ?? "GET").toUpperCase(), `/${batch[1]}${path}`);
        return {
          id: item.id,
          status: answer.status,
          headers: answer.headers,
          ...(answer.body !== undefined ? { body: answer.body } : {}),
        };
      });
      send(res, { status: 200, headers: { "content-type": "application/json" }, body: { responses } }, relink);
      return;
    }
    send(res, answerFor(method, url), relink);
  };

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      send(res, { status: 400, headers: {}, body: errorBody("BadRequest", (err as Error).message) }, (t) => t);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    baseUrl,
    recordedAt: recording.manifest.recordedAt,
    served: () => served,
    misses: () => [...misses],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, answer: RecordedAnswer, relink: (text: string) => string): void {
  const headers = { ...answer.headers };
  let text = "";
  if (answer.body !== undefined) {
    const plain = /^text\//i.test(headers["content-type"] ?? "");
    text = relink(plain && typeof answer.body !== "object" ? String(answer.body) : JSON.stringify(answer.body));
    if (!headers["content-type"]) headers["content-type"] = "application/json";
  }
  res.writeHead(answer.status, { ...headers, "content-length": Buffer.byteLength(text) });
  res.end(text);
}
