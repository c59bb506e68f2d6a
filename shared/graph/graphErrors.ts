import { GraphRequestError, scrubSecrets } from "../errors.js";

interface GraphErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/**
 * A GraphRequestError from a failed response's status and body (Graph error shape
 * `{ error: { code, message } }`); the message is scrubbed because Graph echoes request details.
 */
export function graphErrorFrom(status: number, body: unknown, requestPath: string): GraphRequestError {
  const error = (typeof body === "object" && body !== null ? (body as GraphErrorBody).error : undefined) ?? {};
  const code = typeof error.code === "string" ? error.code : undefined;
  const text =
    typeof error.message === "string"
      ? error.message
      : typeof body === "string" && body.length > 0
        ? body.slice(0, 300)
        : "no error message";
  return new GraphRequestError(
    scrubSecrets(`Graph returned ${status}${code ? ` ${code}` : ""} for ${requestPath}: ${text}`),
    status,
    code,
    requestPath,
  );
}

/** Path and query of a URL, for error messages and logs (never the host's credentials). */
export function requestPathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.pathname + parsed.search);
  } catch {
    return url;
  }
}
