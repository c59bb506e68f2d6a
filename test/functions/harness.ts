/**
 * Calls registered function handlers the way the host would: real HttpRequest, InvocationContext
 * and Timer objects from @azure/functions (test mode, no Core Tools), responses read back through
 * HttpResponse so headers and bodies are what a client would get.
 */
import { randomUUID } from "node:crypto";
import {
  HttpRequest,
  HttpResponse,
  InvocationContext,
  type HttpResponseInit,
  type InvocationContext as Ctx,
  type Timer,
} from "@azure/functions";
import { resetAppContext } from "../../functions/lib/appContext.js";

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed when the body is JSON. */
  body: unknown;
  invocationId: string;
  logs: string[];
}

export interface CallOptions {
  method?: string;
  path: string;
  query?: Record<string, string>;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** The request body, as sent. */
  body?: string;
}

type HttpFn = (request: HttpRequest, context: Ctx) => Promise<HttpResponseInit>;

export function invocationContext(functionName: string): { context: InvocationContext; logs: string[] } {
  const logs: string[] = [];
  const context = new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(" ")}`),
  });
  return { context, logs };
}

export async function callHttp(handler: HttpFn, options: CallOptions): Promise<CallResult> {
  const url = new URL(`http://127.0.0.1/api/${options.path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const request = new HttpRequest({
    method: options.method ?? "GET",
    url: url.toString(),
    headers: options.headers ?? {},
    query: options.query ?? {},
    params: options.params ?? {},
    ...(options.body !== undefined ? { body: { string: options.body } } : {}),
  });
  const { context, logs } = invocationContext(options.path.split("/")[0] ?? "http");
  const init = await handler(request, context);
  const response = new HttpResponse(init);
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: /json/.test(type) && text ? JSON.parse(text) : undefined,
    invocationId: context.invocationId,
    logs,
  };
}

export async function callTimer(
  handler: (timer: Timer, context: Ctx) => Promise<void>,
  name: string,
): Promise<{ logs: string[]; error?: unknown }> {
  const { context, logs } = invocationContext(name);
  const now = new Date().toISOString();
  const timer: Timer = {
    isPastDue: false,
    schedule: { adjustForDST: true },
    scheduleStatus: { last: now, next: now, lastUpdated: now },
  };
  try {
    await handler(timer, context);
    return { logs };
  } catch (error) {
    return { logs, error };
  }
}

/** Sets environment variables for one suite and restores them after. */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const before: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) {
    before[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Runs `body` under these app settings with a fresh app context, then restores the settings and resets the context. */
export async function withAppSettings(
  values: Record<string, string | undefined>,
  body: () => Promise<void>,
): Promise<void> {
  const restore = setEnv(values);
  resetAppContext();
  try {
    await body();
  } finally {
    restore();
    resetAppContext();
  }
}
