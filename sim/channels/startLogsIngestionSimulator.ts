/**
 * A local stand-in for the Azure Monitor Logs Ingestion API (a DCE's logs ingestion endpoint),
 * for the demo and tests. Rules from "Logs Ingestion API in Azure Monitor" (azure-monitor-docs
 * articles/azure-monitor/logs/logs-ingestion-api-overview.md) and its limits
 * (articles/azure-monitor/logs/includes/azure-monitor-limits-custom-logs.md):
 * - POST {endpoint}/dataCollectionRules/{DCR immutable id}/streams/{stream}?api-version=2023-01-01;
 *   an unknown rule → 404; a stream the rule does not declare → 400;
 * - Authorization: a bearer token whose audience is the cloud's documented value
 *   (https://monitor.azure.com in the public cloud) → else 401; the token's signature is not
 *   checked (a stand-in has no Entra keys): the fake credential in fakeEntraCredential.ts mints them;
 * - Content-Type application/json; Content-Encoding gzip optional; the body a JSON array;
 * - at most 1 MB per call, compressed or not, read as 1,000,000 bytes (the stricter reading) → 413;
 * - each row's columns must be declared in the stream with a matching type (stricter than the
 *   service, which drops undeclared columns silently: a row the table would lose is a bug here);
 * - success is 204 No Content; the rows are kept per stream, so tests count what was ingested.
 */
import { gunzipSync } from "node:zlib";
import { dcrStreamsFromTemplate, type StreamColumn } from "./dcrStreams.js";
import { startStandInServer, type RunningStandIn, type StandInFault } from "./standInServer.js";

export const MAX_CALL_BYTES = 1_000_000;
export const API_VERSION = "2023-01-01";

export interface RunningLogsIngestionSimulator extends RunningStandIn {
  endpoint: string;
  ruleId: string;
  /** Rows ingested, by stream name. */
  rows: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** Accepted calls (204), each with its stream and row count. */
  calls: readonly { stream: string; rows: number; gzip: boolean; bytes: number }[];
}

export interface LogsIngestionSimulatorOptions {
  /** The DCR's immutable id. Default a fixed fake one. */
  ruleId?: string;
  /** Stream declarations; default the ones infra/app/logsIngestion.bicep deploys. */
  streams?: Record<string, StreamColumn[]>;
  audience?: string;
  faults?: StandInFault[];
}

function tokenAudience(authorization: string | undefined): string | undefined {
  const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(authorization ?? "");
  if (!m) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(m[2]!, "base64url").toString("utf8")) as { aud?: unknown };
    return typeof claims.aud === "string" ? claims.aud : undefined;
  } catch {
    return undefined;
  }
}

function valueProblem(column: StreamColumn, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (column.type) {
    case "string":
      return typeof value === "string" ? undefined : "is not a string";
    case "int":
    case "long":
      return Number.isInteger(value) ? undefined : "is not a whole number";
    case "real":
      return typeof value === "number" ? undefined : "is not a number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "is not a boolean";
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? undefined : "is not a date and time";
    case "dynamic":
      return undefined;
  }
}

export async function startLogsIngestionSimulator(
  options: LogsIngestionSimulatorOptions = {},
): Promise<RunningLogsIngestionSimulator> {
  const ruleId = options.ruleId ?? "dcr-00000000000000000000000000000001";
  const streams = options.streams ?? dcrStreamsFromTemplate();
  const audience = options.audience ?? "https://monitor.azure.com";
  const rows: Record<string, Record<string, unknown>[]> = {};
  const calls: { stream: string; rows: number; gzip: boolean; bytes: number }[] = [];
  const error = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

  const server = await startStandInServer(
    ({ method, url, headers, body }) => {
      const m = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(url.pathname);
      if (method !== "POST" || !m) return error(404, "NotFound", "No such route.");
      if (url.searchParams.get("api-version") !== API_VERSION)
        return error(400, "InvalidApiVersion", `api-version must be ${API_VERSION}.`);
      const aud = tokenAudience(headers.authorization);
      if (aud !== audience)
        return error(401, "InvalidToken", `The bearer token's audience must be ${audience} (got ${aud ?? "none"}).`);
      if (decodeURIComponent(m[1]!) !== ruleId)
        return error(404, "DcrNotFound", "No data collection rule with this immutable id.");
      const stream = decodeURIComponent(m[2]!);
      const columns = streams[stream];
      if (!columns) return error(400, "InvalidStream", `The rule declares no stream ${stream}.`);
      if (!/^application\/json/i.test(String(headers["content-type"] ?? "")))
        return error(415, "UnsupportedMediaType", "Content-Type must be application/json.");
      if (body.length > MAX_CALL_BYTES)
        return error(413, "ContentLengthLimitExceeded", "A call may carry at most 1 MB.");
      const gzip = /gzip/i.test(String(headers["content-encoding"] ?? ""));
      let raw: Buffer;
      try {
        raw = gzip ? gunzipSync(body) : body;
      } catch {
        return error(400, "InvalidContentEncoding", "The body is not gzip.");
      }
      if (raw.length > MAX_CALL_BYTES)
        return error(413, "ContentLengthLimitExceeded", "A call may carry at most 1 MB uncompressed.");
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString("utf8"));
      } catch {
        return error(400, "InvalidJson", "The body is not JSON.");
      }
      if (!Array.isArray(parsed)) return error(400, "InvalidPayload", "The body must be a JSON array of rows.");
      const byName = new Map(columns.map((c) => [c.name, c]));
      for (const [i, row] of (parsed as unknown[]).entries()) {
        if (!row || typeof row !== "object" || Array.isArray(row))
          return error(400, "InvalidPayload", `Row ${i} is not an object.`);
        for (const [name, value] of Object.entries(row)) {
          const column = byName.get(name);
          if (!column) return error(400, "InvalidPayload", `Row ${i}: column ${name} is not declared in ${stream}.`);
          const problem = valueProblem(column, value);
          if (problem) return error(400, "InvalidPayload", `Row ${i}: ${name} ${problem} (declared ${column.type}).`);
        }
      }
      (rows[stream] ??= []).push(...(parsed as Record<string, unknown>[]));
      calls.push({ stream, rows: parsed.length, gzip, bytes: body.length });
      return { status: 204 };
    },
    { faults: options.faults },
  );
  return { ...server, endpoint: server.baseUrl, ruleId, rows, calls };
}
