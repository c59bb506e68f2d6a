/**
 * A recorded tenant as the replay serves it: the directory `writeback-watch audit --record <dir>`
 * writes (manifest.json, exchanges.jsonl: one round trip per line, personal data already
 * pseudonymized), read into answers keyed by request. This file reads the format on its own terms
 * (sim/ imports nothing from the product); a record-then-replay test keeps both sides in step.
 *
 * A `$batch` round trip is split into its items, so a replay answers each request the way Graph
 * answered it whether the client batches it the same way or not. Answers to one request are kept in
 * the order Graph gave them: a recorded 429 with its Retry-After comes back first, the retried answer
 * next, and the last one is repeated after that (a GET asked again gets the same page).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

/** One line of exchanges.jsonl. */
export interface ExchangeLine {
  method: string;
  /** Path and query as sent, from the version segment on: /v1.0/users?$top=999. */
  url: string;
  requestHeaders?: Record<string, string>;
  requestBody?: unknown;
  status: number;
  responseHeaders?: Record<string, string>;
  responseBody?: unknown;
}

export interface RecordingManifestFile {
  format: "writeback-watch-graph-recording";
  version: 1;
  recordedAt: string;
  /** The origin the recorded links point at; the replay answers with its own. */
  graphOrigin: string;
  exchanges: number;
}

/** What the replay sends back for one request. */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

interface BatchItemRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
}
interface BatchItemResponse {
  id?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
}

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/**
 * The request's identity: method, path and its query options, decoded and in a fixed order, so the
 * same request matches however its URL was escaped or its options ordered.
 */
export function requestKey(method: string, url: string): string {
  const [pathPart = "", query = ""] = url.split(/\?(.*)/s, 2);
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const options = query
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return at < 0 ? decode(pair) : `${decode(pair.slice(0, at))}=${decode(pair.slice(at + 1))}`;
    })
    .sort();
  return `${method.toUpperCase()} ${decode(pathPart).toLowerCase()}${options.length ? `?${options.join("&")}` : ""}`;
}

/** The same key with its timestamps blanked: an audit replayed later asks for a later audit-log window. */
export function timelessKey(key: string): string {
  return key.replace(ISO_TIME, "<time>");
}

export class RecordedExchanges {
  private readonly answers = new Map<string, RecordedAnswer[]>();
  private readonly timeless = new Map<string, RecordedAnswer[]>();
  private readonly served = new Map<string, number>();

  constructor(
    readonly manifest: RecordingManifestFile,
    lines: readonly ExchangeLine[],
  ) {
    for (const line of lines) this.add(line);
  }

  static load(directory: string): RecordedExchanges {
    const manifest = JSON.parse(readFileSync(path.join(directory, "manifest.json"), "utf8")) as RecordingManifestFile;
    if (manifest.format !== "writeback-watch-graph-recording" || manifest.version !== 1) {
      throw new Error(`${directory} is not a writeback-watch Graph recording (manifest.json format/version).`);
    }
    const lines = readFileSync(path.join(directory, "exchanges.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as ExchangeLine);
    return new RecordedExchanges(manifest, lines);
  }

  /** The next recorded answer to a request, or undefined when the recording never saw it. */
  answer(method: string, url: string): RecordedAnswer | undefined {
    const key = requestKey(method, url);
    const exact = this.answers.get(key);
    const queue = exact ?? this.timeless.get(timelessKey(key));
    if (!queue) return undefined;
    const counter = exact ? key : `~${timelessKey(key)}`;
    const n = this.served.get(counter) ?? 0;
    this.served.set(counter, n + 1);
    return queue[Math.min(n, queue.length - 1)];
  }

  private add(line: ExchangeLine): void {
    const version = /^\/(v1\.0|beta)\//i.exec(line.url)?.[1];
    const isBatch = line.method.toUpperCase() === "POST" && /^\/(v1\.0|beta)\/\$batch(\?|$)/i.test(line.url);
    if (!isBatch) {
      this.push(requestKey(line.method, line.url), {
        status: line.status,
        headers: line.responseHeaders ?? {},
        ...(line.responseBody !== undefined ? { body: line.responseBody } : {}),
      });
      return;
    }
    // A refused batch as a whole (e.g. a 429 on the $batch call itself) answers the batch again.
    const requests = ((line.requestBody as { requests?: BatchItemRequest[] } | undefined)?.requests ?? []).filter(
      (r) => typeof r.url === "string",
    );
    const responses = (line.responseBody as { responses?: BatchItemResponse[] } | undefined)?.responses;
    if (!Array.isArray(responses)) {
      for (const r of requests) {
        this.push(requestKey(String(r.method ?? "GET"), itemUrl(version, String(r.url))), {
          status: line.status,
          headers: line.responseHeaders ?? {},
          ...(line.responseBody !== undefined ? { body: line.responseBody } : {}),
        });
      }
      return;
    }
    for (const r of requests) {
      const response = responses.find((x) => String(x.id) === String(r.id));
      if (!response || typeof response.status !== "number") continue;
      this.push(requestKey(String(r.method ?? "GET"), itemUrl(version, String(r.url))), {
        status: response.status,
        headers: lowerCased(response.headers),
        ...(response.body !== undefined ? { body: response.body } : {}),
      });
    }
  }

  private push(key: string, answer: RecordedAnswer): void {
    for (const [map, k] of [
      [this.answers, key],
      [this.timeless, timelessKey(key)],
    ] as const) {
      const queue = map.get(k) ?? [];
      queue.push(answer);
      map.set(k, queue);
    }
  }
}

/** A batch item's URL is relative to the batch's version (concepts/json-batching.md). */
function itemUrl(version: string | undefined, url: string): string {
  if (/^https?:\/\//i.test(url)) return new URL(url).pathname + new URL(url).search;
  return `/${version ?? "v1.0"}${url.startsWith("/") ? "" : "/"}${url}`;
}

function lowerCased(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== "object" || headers === null) return out;
  for (const [k, v] of Object.entries(headers)) if (typeof v === "string") out[k.toLowerCase()] = v;
  return out;
}
