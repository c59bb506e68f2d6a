/**
 * One Graph round trip as a recording keeps it: what was asked (method, path and query, the
 * headers that change Graph's answer, a $batch body) and what came back (status, the headers a
 * client acts on, the body). Never the Authorization header, never the host's credentials.
 */
export interface RecordedExchange {
  method: string;
  /** Path and query as sent, without the origin, e.g. /v1.0/users?$top=999. */
  url: string;
  /** Lower-cased; only REQUEST_HEADERS. */
  requestHeaders: Record<string, string>;
  /** The JSON body of a POST ($batch). */
  requestBody?: unknown;
  status: number;
  /** Lower-cased; only RESPONSE_HEADERS. */
  responseHeaders: Record<string, string>;
  /** JSON, or text (a $count); absent when empty. */
  responseBody?: unknown;
}

/** Request headers that change what Graph answers. */
export const REQUEST_HEADERS = ["consistencylevel", "prefer", "content-type"] as const;
/** Response headers a client acts on (paging is in the body; throttling is here). */
export const RESPONSE_HEADERS = [
  "content-type",
  "retry-after",
  "location",
  "x-ms-throttle-limit-percentage",
  "x-ms-throttle-scope",
  "x-ms-resource-unit",
] as const;

/** Where a recording middleware hands each exchange, as it came off the wire. */
export interface ExchangeSink {
  record(exchange: RecordedExchange): void;
}

/** The files of a recording directory. */
export const RECORDING_FILES = { manifest: "manifest.json", exchanges: "exchanges.jsonl" } as const;

export interface RecordingManifest {
  format: "writeback-watch-graph-recording";
  version: 1;
  /** When the audit ran: the replay's notion of "now" for time-relative figures. */
  recordedAt: string;
  /** Origin the links in bodies point at (replaced by the replaying server's own). */
  graphOrigin: string;
  exchanges: number;
}
