/**
 * The few Microsoft Graph calls the grant hook makes, over plain fetch: the hook runs on the deployer's
 * machine with a delegated token, apart from the app's Graph client and its retry middleware.
 */
import { scrubSecrets } from "../../shared/errors.js";

export type TokenSource = () => Promise<string>;

export interface GraphHttpOptions {
  graphBaseUrl: string;
  getToken: TokenSource;
  /** Retries of 429/503/504 before giving up; Graph's Retry-After is honoured, capped at maxRetryDelayMs. */
  maxRetries?: number;
  maxRetryDelayMs?: number;
  abortSignal?: AbortSignal;
}

/** A Graph call that returned an error status; `code` is Graph's error code when the body has one. */
export class GraphHttpError extends Error {
  override name = "GraphHttpError";
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly method: string,
    readonly url: string,
    graphMessage: string,
  ) {
    super(scrubSecrets(`${method} ${url} returned ${status}${code ? ` ${code}` : ""}: ${graphMessage}`));
  }
}

export interface GraphHttp {
  get<T>(pathOrUrl: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** Every item of a collection, following @odata.nextLink verbatim. */
  list<T>(path: string): Promise<T[]>;
  /** The absolute URL of a v1.0 path, as printed in admin commands. */
  url(path: string): string;
}

export function createGraphHttp(options: GraphHttpOptions): GraphHttp {
  const root = `${options.graphBaseUrl.replace(/\/+$/, "")}/v1.0`;
  const maxRetries = options.maxRetries ?? 3;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const url = (pathOrUrl: string) => (/^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${root}${pathOrUrl}`);

  async function send<T>(method: "GET" | "POST", target: string, body?: unknown): Promise<T> {
    const token = await options.getToken();
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(target, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.abortSignal,
      });
      const retryable = response.status === 429 || response.status === 503 || response.status === 504;
      if (retryable && attempt < maxRetries) {
        await response.body?.cancel();
        await delay(retryDelayMs(response.headers.get("retry-after"), attempt, maxRetryDelayMs), options.abortSignal);
        continue;
      }
      const text = await response.text();
      if (!response.ok) {
        const { code, message } = graphError(text);
        throw new GraphHttpError(
          response.status,
          code,
          method,
          target,
          message ?? (text.slice(0, 200) || response.statusText),
        );
      }
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }

  return {
    get: <T>(pathOrUrl: string) => send<T>("GET", url(pathOrUrl)),
    post: <T>(path: string, body: unknown) => send<T>("POST", url(path), body),
    async list<T>(path: string): Promise<T[]> {
      const items: T[] = [];
      let next: string | undefined = url(path);
      while (next) {
        const page: { value?: T[]; "@odata.nextLink"?: string } = await send("GET", next);
        items.push(...(page.value ?? []));
        next = page["@odata.nextLink"];
      }
      return items;
    },
    url,
  };
}

function graphError(text: string): { code?: string; message?: string } {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: parsed.error?.code, message: parsed.error?.message };
  } catch {
    return {};
  }
}

function retryDelayMs(retryAfter: string | null, attempt: number, cap: number): number {
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  const ms = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000 * 2 ** attempt;
  return Math.min(ms, cap);
}

export function delay(ms: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) return reject(abortSignal.reason);
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortSignal?.reason);
    };
    abortSignal?.addEventListener("abort", onAbort, { once: true });
  });
}
