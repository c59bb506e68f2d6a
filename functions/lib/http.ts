/**
 * Response shaping shared by the HTTP functions: JSON, RFC 7807 problem bodies, and one wrapper
 * that maps errors to statuses so no handler can leak a stack trace or tenant data on failure.
 */
import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import { ConfigError, LeaseHeldError, UserError, scrubSecrets } from "../../shared/errors.js";
import { StoredSnapshotCorruptError } from "../../shared/store/errors.js";
import { settingNames } from "./appContext.js";

/** Sent with every response: the API returns tenant data, which must not be sniffed or cached. */
export const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
} as const;

export type ProblemType =
  | "invalid-parameter"
  | "invalid-request"
  | "conflict"
  | "no-audit"
  | "not-found"
  | "audit-running"
  | "configuration-invalid"
  | "internal-error"
  | "snapshot-unreadable"
  | "unauthenticated"
  | "forbidden";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    jsonBody: body,
    headers: { "Content-Type": "application/json; charset=utf-8", ...SECURITY_HEADERS, ...headers },
  };
}

export function problem(
  status: number,
  type: ProblemType,
  title: string,
  detail?: string,
  options: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): HttpResponseInit {
  const body: Problem = {
    type: `urn:writeback-watch:problem:${type}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...options.extensions,
  };
  return {
    status,
    jsonBody: body,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", ...SECURITY_HEADERS, ...options.headers },
  };
}

/** 404 for a snapshot the store does not hold; `detail` names the parameter and how to list snapshots. */
export function snapshotNotFound(detail: string): HttpResponseInit {
  return problem(404, "not-found", "Snapshot not found", detail);
}

/** A request parameter is wrong: the caller's fault, answered with 400. */
export class InvalidParameterError extends UserError {
  override name = "InvalidParameterError";
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The error a handler cannot answer itself, as a response. Logs the details; the body has none.
 * Only InvalidParameterError is the caller's fault (400). Any other UserError raised below a handler
 * is about stored or configured values (a tenant id, a setting), not the request: a 500, logged.
 */
export function errorResponse(
  error: unknown,
  context: InvocationContext,
  now: () => Date = () => new Date(),
): HttpResponseInit {
  if (error instanceof ConfigError) {
    context.error(scrubSecrets(error.message));
    const names = settingNames(error);
    return problem(
      500,
      "configuration-invalid",
      "Configuration invalid",
      `Fix these Function App settings: ${names.length > 0 ? names.join(", ") : "see the log"}. The function log lists each problem.`,
    );
  }
  if (error instanceof InvalidParameterError) {
    return problem(400, "invalid-parameter", "Invalid request parameter", error.message, {
      extensions: { parameter: error.parameter },
    });
  }
  if (error instanceof StoredSnapshotCorruptError) {
    // Known damage, not a bug: say which snapshot, what is wrong (no tenant data) and where to go.
    context.warn(scrubSecrets(error.message));
    return problem(
      500,
      "snapshot-unreadable",
      "Snapshot cannot be read",
      `Stored snapshot ${error.snapshotId} is damaged (${error.reason}) and cannot be read. GET /api/exposure serves the newest snapshot that can be; retention removes the damaged one.`,
      { extensions: { snapshotId: error.snapshotId } },
    );
  }
  if (error instanceof LeaseHeldError) {
    const seconds = Math.max(1, Math.ceil((Date.parse(error.expiresAt) - now().getTime()) / 1000) || 1);
    return problem(
      409,
      "audit-running",
      "An audit is already running",
      `Another audit holds the lease until ${error.expiresAt}. Retry after ${seconds} s, or GET /api/exposure for the latest report.`,
      { headers: { "Retry-After": String(seconds) }, extensions: { retryAfterSeconds: seconds } },
    );
  }
  const kind = error instanceof UserError ? "Operator error" : "Internal error";
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
  context.error(`${kind} (correlation id ${context.invocationId}): ${scrubSecrets(detail)}`);
  // Only what helps someone find the log line: never the message, a stack or tenant data.
  return {
    status: 500,
    jsonBody: {
      type: "urn:writeback-watch:problem:internal-error",
      title: "Internal error",
      status: 500,
      correlationId: context.invocationId,
    },
    headers: { "Content-Type": "application/problem+json; charset=utf-8", ...SECURITY_HEADERS },
  };
}

/** Runs a handler body; every thrown error becomes a well-formed response (see errorResponse). */
export async function handleErrors(
  context: InvocationContext,
  body: () => Promise<HttpResponseInit>,
  now?: () => Date,
): Promise<HttpResponseInit> {
  try {
    return await body();
  } catch (error) {
    return errorResponse(error, context, now);
  }
}
