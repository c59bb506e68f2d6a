/**
 * The Microsoft Graph client writeback-watch talks through: the SDK's `Client.initWithMiddleware`
 * with our own chain (target URL → auth → retry → accounting → HTTP), and a handful of operations
 * the collectors need. Every URL is built here or taken verbatim from `@odata.nextLink`.
 */
import type { TokenCredential } from "@azure/identity";
import { Client, HTTPMessageHandler, ResponseType } from "@microsoft/microsoft-graph-client";
import { GraphRequestError, scrubSecrets, UserError } from "../errors.js";
import { runBatch, type BatchRequest, type BatchResponse } from "./batch.js";
import { graphErrorFrom, requestPathOf } from "./graphErrors.js";
import { AccountingMiddleware, emptyAccounting, type GraphAccounting } from "./middleware/accountingMiddleware.js";
import { AuthMiddleware } from "./middleware/authMiddleware.js";
import { RequestTarget, RequestTargetMiddleware } from "./middleware/RequestTarget.js";
import { RetryMiddleware } from "./middleware/retryMiddleware.js";
import type { ExchangeSink } from "./recording/exchange.js";
import { RecordingMiddleware } from "./recording/recordingMiddleware.js";
import { TimeoutMiddleware, type RequestTimeouts } from "./middleware/timeoutMiddleware.js";
import { PageChain } from "./pageChain.js";
import { isAbortError, RetryBudget, type RetryPolicy } from "./retryDelay.js";
import { sharedRateGate, type RateGate } from "./schedule/rateLimits.js";
import { permissionsInToken } from "./tokenPermissions.js";
import { tenantIdOfToken } from "./tokenTenant.js";

export type { BatchRequest, BatchResponse } from "./batch.js";

export interface GraphClientOptions {
  /** Graph root without version, e.g. https://graph.microsoft.com (national clouds differ). */
  graphBaseUrl: string;
  /** Token source: a credential (scope `${graphBaseUrl}/.default`) ... */
  credential?: TokenCredential;
  /** ... or a bearer token obtained elsewhere (GRAPH_ACCESS_TOKEN). */
  accessToken?: string;
  /** Retries after the first attempt on 429/503/504 and transport failures. Default 5. */
  maxRetries?: number;
  /** Multiplies every retry wait; tests and the benchmark shrink sleeps with it. Default 1. */
  retryDelayScale?: number;
  /** Longest single retry wait, whatever Retry-After asks. Default 120 s. */
  maxRetryWaitMs?: number;
  /** Time one section may spend on retries in all (waits and failed attempts). Default 5 minutes. */
  sectionRetryBudgetMs?: number;
  /** Limits of one attempt: response headers, and the whole response with its body. */
  timeouts?: RequestTimeouts;
  userAgent?: string;
  /** Receives every round trip, pseudonymized (`audit --record`; see recording/). */
  recording?: ExchangeSink;
  /**
   * "documented" (default): collections keep to Graph's documented per-family limits
   * (schedule/rateLimits.ts), counted for this Graph root across the process. "none": they do not
   * (test doubles that enforce no such limit, where many audits run back to back).
   */
  rateLimits?: "documented" | "none";
}

export interface GraphOperationOptions {
  abortSignal?: AbortSignal;
  /** Accounting tag, normally a snapshot section name. */
  section?: string;
  /** Extra request headers, e.g. ConsistencyLevel: eventual. */
  headers?: Record<string, string>;
  /** API version for a relative path. Default "v1.0". */
  apiVersion?: "v1.0" | "beta";
}

export interface GraphPage<T> {
  value: T[];
  /** `@odata.count` when asked for with $count=true. */
  count?: number;
}

/** A copy of the client's counters: the accounting the middleware chain keeps (see GraphAccounting). */
export type GraphClientStats = GraphAccounting;

export interface GraphClient {
  /** Graph root the client was made for (no version). */
  readonly graphBaseUrl: string;
  /** GET a JSON resource. `path` is relative to the version root, or an absolute URL on the Graph host. */
  get<T>(path: string, options?: GraphOperationOptions): Promise<T>;
  /** The pages of a collection, following `@odata.nextLink` verbatim. */
  pages<T>(path: string, options?: GraphOperationOptions): AsyncIterableIterator<GraphPage<T>>;
  /** A `/$count` segment (text/plain); ConsistencyLevel: eventual is added. */
  count(path: string, options?: GraphOperationOptions): Promise<number>;
  /** Independent GETs through `/$batch`, 20 per post; per-item 429/503/504 retried. Results in input order. */
  batch<T = unknown>(requests: readonly BatchRequest[], options?: GraphOperationOptions): Promise<BatchResponse<T>[]>;
  stats(): GraphClientStats;
  /** The application permissions of the token last sent (its `roles`); undefined when it cannot tell. */
  grantedPermissions?(): ReadonlySet<string> | undefined;
  /** The tenant the client's token was issued for (its `tid` claim), when the token says. */
  tokenTenantId?(options?: Pick<GraphOperationOptions, "abortSignal">): Promise<string | undefined>;
  /** Where the request pool counts Graph's per-family limits; absent: not kept. */
  readonly rateGate?: RateGate;
}

/** What the transport hands back: status, headers and the parsed body (JSON, text or nothing). */
export interface RawGraphResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const DEFAULT_MAX_RETRIES = 5;
const UNTAGGED = "untagged";

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const graphBaseUrl = normaliseBaseUrl(options.graphBaseUrl);
  const origin = new URL(graphBaseUrl).origin;
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryDelayScale: options.retryDelayScale ?? 1,
    ...(options.maxRetryWaitMs !== undefined ? { maxWaitMs: options.maxRetryWaitMs } : {}),
    ...(options.sectionRetryBudgetMs !== undefined ? { sectionBudgetMs: options.sectionRetryBudgetMs } : {}),
  };
  const budget = new RetryBudget(policy);
  if (!options.credential && !options.accessToken) {
    throw new UserError("createGraphClient needs a credential or an access token (GRAPH_ACCESS_TOKEN).");
  }
  const accounting = emptyAccounting();
  const auth = new AuthMiddleware(
    options.accessToken
      ? { kind: "static", accessToken: options.accessToken }
      : { kind: "credential", credential: options.credential!, scope: `${graphBaseUrl}/.default` },
    origin,
  );
  const sdk = Client.initWithMiddleware({
    middleware: [
      new RequestTargetMiddleware(),
      auth,
      new RetryMiddleware(policy, accounting, budget),
      new AccountingMiddleware(accounting),
      ...(options.recording ? [new RecordingMiddleware(options.recording)] : []),
      new TimeoutMiddleware(options.timeouts),
      new HTTPMessageHandler(),
    ],
    customHosts: new Set([new URL(graphBaseUrl).hostname]),
  });

  const resolve = (path: string, apiVersion: string = "v1.0"): string =>
    resolveGraphUrl(graphBaseUrl, path, apiVersion);

  async function send(
    method: "GET" | "POST",
    url: string,
    opts: GraphOperationOptions,
    body?: unknown,
  ): Promise<RawGraphResponse> {
    const target = new RequestTarget(url, opts.section ?? UNTAGGED);
    const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
    if (options.userAgent) headers["User-Agent"] = options.userAgent;
    const request = sdk.api("/").middlewareOptions([target]).responseType(ResponseType.RAW).headers(headers);
    if (opts.abortSignal) request.options({ signal: opts.abortSignal });
    let response: Response;
    try {
      response = (await (method === "GET" ? request.get() : request.post(body))) as Response;
    } catch (error) {
      throw transportFailure(error, target, opts.abortSignal, url);
    }
    return { status: response.status, headers: response.headers, body: await parseBody(response) };
  }

  const grantedPermissions = () => permissionsInToken(auth.lastToken);
  /** Errors carry the token's permissions, so a 403 names a permission only when it is missing. */
  const withGrant = <E extends GraphRequestError>(error: E): E => {
    const granted = grantedPermissions();
    return granted ? Object.assign(error, { grantedPermissions: granted }) : error;
  };

  function count(section: string | undefined): void {
    const tag = section ?? UNTAGGED;
    accounting.requests[tag] = (accounting.requests[tag] ?? 0) + 1;
  }

  async function getJson<T>(url: string, opts: GraphOperationOptions): Promise<T> {
    count(opts.section);
    const response = await send("GET", url, opts);
    if (response.status >= 400) throw withGrant(graphErrorFrom(response.status, response.body, requestPathOf(url)));
    return response.body as T;
  }

  return {
    graphBaseUrl,
    ...(options.rateLimits === "none" ? {} : { rateGate: sharedRateGate(graphBaseUrl) }),
    get: <T>(path: string, opts: GraphOperationOptions = {}) => getJson<T>(resolve(path, opts.apiVersion), opts),

    async *pages<T>(path: string, opts: GraphOperationOptions = {}): AsyncIterableIterator<GraphPage<T>> {
      const first = resolve(path, opts.apiVersion);
      yield* followPages<T>(first, await getJson<unknown>(first, opts), (url) => getJson<unknown>(url, opts));
    },

    async count(path: string, opts: GraphOperationOptions = {}): Promise<number> {
      const url = resolve(path, opts.apiVersion);
      const body = await getJson<unknown>(url, {
        ...opts,
        headers: { ConsistencyLevel: "eventual", Accept: "text/plain", ...opts.headers },
      });
      return parseCount(body, url);
    },

    batch: async <T>(requests: readonly BatchRequest[], opts: GraphOperationOptions = {}) =>
      (
        await runBatch<T>(requests, opts, {
          post: (body, o) => send("POST", resolve("/$batch"), o, body),
          versionRoot: `${graphBaseUrl}/v1.0`,
          policy,
          budget,
          accounting,
        })
      ).map((r) => (r.error ? { ...r, error: withGrant(r.error) } : r)),

    grantedPermissions,

    stats: () => snapshotOf(accounting),

    async tokenTenantId(opts: Pick<GraphOperationOptions, "abortSignal"> = {}) {
      return tenantIdOfToken(await auth.token(opts.abortSignal));
    },
  };
}

/** An absolute Graph URL: `path` as is when absolute (a nextLink), else under the version root. */
export function resolveGraphUrl(graphBaseUrl: string, path: string, apiVersion: string = "v1.0"): string {
  return /^https?:\/\//i.test(path) ? path : `${graphBaseUrl}/${apiVersion}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * The pages of one collection from its first page's body, each nextLink checked (PageChain) before
 * it is read with `read`.
 */
export async function* followPages<T>(
  firstUrl: string,
  firstBody: unknown,
  read: (url: string) => Promise<unknown>,
): AsyncIterableIterator<GraphPage<T>> {
  const chain = new PageChain(firstUrl);
  let url = firstUrl;
  let body = firstBody;
  for (;;) {
    const page = toPage<T>(body, url);
    yield page;
    const next = chain.next(page, nextLinkOf(body));
    if (!next) return;
    url = next;
    body = await read(url);
  }
}

function normaliseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`GRAPH_BASE_URL "${value}" is not a URL; use e.g. https://graph.microsoft.com.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/(v1\.0|beta)$/, "")}`;
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json") || /^[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function nextLinkOf(body: unknown): string | undefined {
  const link =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>)["@odata.nextLink"] : undefined;
  return typeof link === "string" && link.length > 0 ? link : undefined;
}

export function toPage<T>(body: unknown, url: string): GraphPage<T> {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
  if (!record || !Array.isArray(record.value)) {
    throw new GraphRequestError(
      `Graph returned a page without a "value" array for ${requestPathOf(url)}.`,
      200,
      "MalformedResponse",
      requestPathOf(url),
    );
  }
  const count = record["@odata.count"];
  return { value: record.value as T[], ...(typeof count === "number" ? { count } : {}) };
}

/** A `$count` body: a bare integer as text (or, inside a batch, possibly a number or base64 text). */
export function parseCount(body: unknown, url: string): number {
  if (typeof body === "number" && Number.isInteger(body)) return body;
  if (typeof body === "string") {
    const trimmed = body.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const decoded = Buffer.from(trimmed, "base64").toString("utf8").trim();
    if (/^\d+$/.test(decoded)) return Number(decoded);
  }
  throw new GraphRequestError(
    `Graph returned a non-numeric $count for ${requestPathOf(url)}.`,
    200,
    "MalformedResponse",
    requestPathOf(url),
  );
}

function transportFailure(
  error: unknown,
  target: RequestTarget,
  abortSignal: AbortSignal | undefined,
  url: string,
): unknown {
  if (abortSignal?.aborted) return abortSignal.reason ?? error;
  if (error instanceof GraphRequestError) return error;
  const cause = target.transportError ?? error;
  if (cause instanceof GraphRequestError || isAbortError(cause)) return cause;
  const detail =
    cause instanceof Error
      ? `${cause.message}${cause.cause instanceof Error ? ` (${cause.cause.message})` : ""}`
      : String(cause);
  return new GraphRequestError(
    scrubSecrets(`Could not reach Graph for ${requestPathOf(url)}: ${detail}. Check GRAPH_BASE_URL and the network.`),
    0,
    "NetworkError",
    requestPathOf(url),
  );
}

function snapshotOf(accounting: GraphAccounting): GraphClientStats {
  return { ...accounting, requests: { ...accounting.requests } };
}
