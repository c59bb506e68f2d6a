/**
 * JSON batching: up to 20 GETs per `POST /$batch`. A batch-level 200 says nothing about the items,
 * so each item keeps its own status; items throttled inside the batch (429/503/504) are sent again,
 * without the ones that succeeded, after the longest Retry-After among them.
 */
import { GraphRequestError } from "../errors.js";
import { MAX_BATCH_REQUESTS } from "./pageSizes.js";
import type { GraphOperationOptions, RawGraphResponse } from "./GraphClient.js";
import { graphErrorFrom, requestPathOf } from "./graphErrors.js";
import type { GraphAccounting } from "./middleware/accountingMiddleware.js";
import {
  planRetry,
  RETRIABLE_STATUSES,
  sleep,
  throttledError,
  type RetryBudget,
  type RetryPlan,
  type RetryPolicy,
} from "./retryDelay.js";

export interface BatchRequest {
  /** Echoed back on the response; the client numbers the items on the wire itself. */
  id?: string;
  /** Relative to the v1.0 root ("/users/$count"), or an absolute URL under it (a nextLink). */
  url: string;
  headers?: Record<string, string>;
  /** Accounting tag; defaults to the batch call's section. */
  section?: string;
}

export interface BatchResponse<T = unknown> {
  id: string;
  request: BatchRequest;
  status: number;
  headers: Record<string, string>;
  body: T | undefined;
  /** Set when status >= 400 (retries exhausted included). */
  error?: GraphRequestError;
}

export interface BatchDeps {
  post(body: unknown, options: GraphOperationOptions): Promise<RawGraphResponse>;
  /** `${graphBaseUrl}/v1.0`: absolute item URLs are made relative to it. */
  versionRoot: string;
  policy: RetryPolicy;
  /** Shared with the retry middleware: a section's retries inside and outside batches draw on one budget. */
  budget: RetryBudget;
  accounting: GraphAccounting;
}

/** Batches in flight at once: enough to overlap latency, few enough not to trip throttling. */
const CONCURRENT_BATCHES = 4;

interface WireItem {
  index: number;
  request: BatchRequest;
  url: string;
}

interface WireResponse {
  id?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
}

export async function runBatch<T>(
  requests: readonly BatchRequest[],
  options: GraphOperationOptions,
  deps: BatchDeps,
): Promise<BatchResponse<T>[]> {
  const results: BatchResponse<T>[] = new Array(requests.length);
  const items: WireItem[] = requests.map((request, index) => ({
    index,
    request,
    url: relativeUrl(request.url, deps.versionRoot),
  }));
  for (const item of items) {
    const tag = item.request.section ?? options.section ?? "untagged";
    deps.accounting.requests[tag] = (deps.accounting.requests[tag] ?? 0) + 1;
    deps.accounting.batchedRequests++;
  }
  const chunks: WireItem[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH_REQUESTS) chunks.push(items.slice(i, i + MAX_BATCH_REQUESTS));

  let nextChunk = 0;
  const worker = async (): Promise<void> => {
    while (nextChunk < chunks.length) {
      const chunk = chunks[nextChunk++]!;
      await runChunk(chunk, options, deps, results);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_BATCHES, chunks.length) }, worker));
  return results;
}

async function runChunk<T>(
  chunk: WireItem[],
  options: GraphOperationOptions,
  deps: BatchDeps,
  results: BatchResponse<T>[],
): Promise<void> {
  let pending = chunk;
  for (let attempt = 0; pending.length > 0; attempt++) {
    deps.accounting.batches++;
    const payload = {
      requests: pending.map((item) => ({
        id: String(item.index),
        method: "GET",
        url: item.url,
        ...(item.request.headers ? { headers: item.request.headers } : {}),
      })),
    };
    const response = await deps.post(payload, { ...options, headers: { "Content-Type": "application/json" } });
    if (response.status >= 400) {
      // The whole post failed (after the retry middleware gave up): every item shares its fate.
      const error = graphErrorFrom(response.status, response.body, "/$batch");
      for (const item of pending) {
        results[item.index] = resultOf<T>(item, response.status, headerRecord(response.headers), response.body, error);
      }
      return;
    }
    const byId = new Map<string, WireResponse>();
    const responses = (response.body as { responses?: unknown } | undefined)?.responses;
    if (Array.isArray(responses)) {
      for (const r of responses as WireResponse[]) byId.set(String(r.id), r);
    }
    const retry: WireItem[] = [];
    let wait = 0;
    const section = options.section ?? "untagged";
    const left = deps.budget.left(section);
    for (const item of pending) {
      const wire = byId.get(String(item.index));
      const status = typeof wire?.status === "number" ? wire.status : 0;
      const headers = lowerCaseHeaders(wire?.headers);
      const plan: RetryPlan | undefined = RETRIABLE_STATUSES.has(status)
        ? planRetry(headers["retry-after"], attempt, deps.policy, left)
        : undefined;
      if (plan?.retry) {
        retry.push(item);
        wait = Math.max(wait, plan.waitMs);
        continue;
      }
      if (plan?.reason === "budget") {
        const error = throttledError(status, requestPathOf(item.url), plan, left);
        results[item.index] = resultOf<T>(item, status, headers, wire?.body, error);
        continue;
      }
      const path = requestPathOf(item.url);
      const error = !wire
        ? new GraphRequestError(`Graph's $batch response had no answer for ${path}.`, 0, "MissingBatchResponse", path)
        : status >= 400
          ? graphErrorFrom(status, wire.body, path)
          : undefined;
      results[item.index] = resultOf<T>(item, status, headers, wire?.body, error);
    }
    if (retry.length > 0) {
      deps.accounting.retries += retry.length;
      deps.budget.spend(section, wait);
      await sleep(wait, options.abortSignal);
    }
    pending = retry;
  }
}

function resultOf<T>(
  item: WireItem,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  error: GraphRequestError | undefined,
): BatchResponse<T> {
  return {
    id: item.request.id ?? String(item.index),
    request: item.request,
    status,
    headers,
    body: body as T | undefined,
    ...(error ? { error } : {}),
  };
}

/** Batch item URLs are relative to the version root; nextLinks come back absolute. */
export function relativeUrl(url: string, versionRoot: string): string {
  if (/^https?:\/\//i.test(url)) {
    if (!url.toLowerCase().startsWith(versionRoot.toLowerCase())) {
      throw new GraphRequestError(
        `Cannot batch ${requestPathOf(url)}: it is not under ${versionRoot}.`,
        0,
        "NotBatchable",
        requestPathOf(url),
      );
    }
    const rest = url.slice(versionRoot.length);
    return rest.startsWith("/") ? rest : `/${rest}`;
  }
  return url.startsWith("/") ? url : `/${url}`;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers === "object" && headers !== null) {
    for (const [key, value] of Object.entries(headers)) {
      if (typeof value === "string" || typeof value === "number") out[key.toLowerCase()] = String(value);
    }
  }
  return out;
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}
