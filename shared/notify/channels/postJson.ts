/**
 * One POST of a JSON body with fetch, read as a TryResult (deliverWithRetries.ts): 2xx delivered,
 * 408/425/429/5xx transient with the service's Retry-After, other statuses permanent. The answer's
 * body is read only for a short error text, never logged whole (a service may echo what it got).
 */
import { scrubSecrets } from "../../errors.js";
import { retryAfterFromHeaders } from "../retryAfter.js";
import { connectionVerdict, statusVerdict, type TryResult } from "./deliverWithRetries.js";

export interface PostJsonRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Overrides the status rule (e.g. a 401 that is an identity still propagating, not a bad request). */
  verdict?: (status: number) => "transient" | "permanent";
}

const MAX_ERROR_CHARS = 300;

export async function postJsonOnce(request: PostJsonRequest, signal: AbortSignal): Promise<TryResult> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...request.headers },
      body: request.body,
      signal,
      redirect: "error",
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return connectionVerdict(error);
  }
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, status: response.status };
  }
  const text = await response.text().catch(() => "");
  const kind = (request.verdict ?? statusVerdict)(response.status);
  return {
    ok: false,
    kind,
    status: response.status,
    retryAfterMs: retryAfterFromHeaders((name) => response.headers.get(name)),
    error: scrubSecrets(`${response.status} ${response.statusText} ${text}`.trim()).slice(0, MAX_ERROR_CHARS),
  };
}
