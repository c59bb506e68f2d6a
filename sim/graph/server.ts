/**
 * The HTTP front of the simulator: auth, permissions, fault injection, stats, $batch and the
 * /_sim control routes, around the route table.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { grantOf } from "./accessToken.js";
import { errorBody, SimGraphError, badRequest } from "./errors.js";
import { FaultInjector, withBrokenNextLink, type FaultEffect, type FaultRule } from "./faults.js";
import type { TenantModel } from "./model.js";
import { parseQueryOptions, parseQueryString } from "./odata/query.js";
import type { RequestContext, RouteResult } from "./respond.js";
import { enforceDocumented, grantedFor, type CallerOf } from "./routes/enforce.js";
import { matchRoute } from "./routes/index.js";
import type { DocumentedThrottle } from "./throttling.js";

/** concepts/json-batching.md: "JSON batch requests are currently limited to 20 individual requests." */
const MAX_BATCH_REQUESTS = 20;

export interface SimStats {
  /** HTTP requests received (a $batch counts once here). */
  totalRequests: number;
  /** Requests per route, "GET /users" style, batched items included. */
  perRoute: Record<string, number>;
  /** Requests per section (REQUESTS.md), batched items included. */
  perSection: Record<string, number>;
  batches: number;
  batchedItems: number;
  /** Time spent inside handlers and serialising their responses, excluding injected latency. */
  servingMs: number;
  bytesSent: number;
  faultsInjected: number;
  faultsByType: Record<string, number>;
  /** Requests refused with 429 under a documented service limit (throttling.ts), not by a fault rule. */
  documentedThrottled: number;
}

export interface ControlHooks {
  mutate(name: string, args: unknown): unknown;
}

export interface ServerState {
  tenant: TenantModel;
  faults: FaultInjector;
  granted: Set<string>;
  timeFactor: number;
  throttle: DocumentedThrottle;
  control?: ControlHooks;
}

interface ItemOutcome extends RouteResult {
  /** Injected latency still to wait before the response is sent (ms, already scaled). */
  delayMs: number;
  reset: boolean;
  /** A "stall" fault: never answer. */
  stall?: boolean;
  /** A "trickle" fault: the body one byte at this interval (ms). */
  trickleMs?: number;
}

function emptyStats(): SimStats {
  return {
    totalRequests: 0,
    perRoute: {},
    perSection: {},
    batches: 0,
    batchedItems: 0,
    servingMs: 0,
    bytesSent: 0,
    faultsInjected: 0,
    faultsByType: {},
    documentedThrottled: 0,
  };
}

const VERSION_PREFIX = /^\/(v1\.0|beta)(\/.*)?$/;

export class GraphSimServer {
  private server: Server | undefined;
  private statsData = emptyStats();
  private throttledAtReset = 0;
  origin = "";

  constructor(readonly state: ServerState) {}

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${addr.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  stats(): SimStats {
    const s = this.statsData;
    return {
      ...s,
      perRoute: { ...s.perRoute },
      perSection: { ...s.perSection },
      servingMs: Math.round(s.servingMs * 1000) / 1000,
      faultsInjected: this.state.faults.stats.total,
      faultsByType: { ...this.state.faults.stats.byType },
      documentedThrottled: this.state.throttle.refused - this.throttledAtReset,
    };
  }

  resetStats(): void {
    this.statsData = emptyStats();
    this.throttledAtReset = this.state.throttle.refused;
    this.state.faults.resetStats();
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let bodyText: string;
    try {
      bodyText = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const url = req.url ?? "/";
    const qIndex = url.indexOf("?");
    const rawPath = qIndex < 0 ? url : url.slice(0, qIndex);
    const rawQuery = qIndex < 0 ? "" : url.slice(qIndex + 1);
    const headers = lowerHeaders(req.headers);
    const clientRequestId = headers["client-request-id"];

    if (rawPath.startsWith("/_sim/")) {
      this.send(res, this.control(req.method ?? "GET", rawPath, bodyText));
      return;
    }
    this.statsData.totalRequests++;

    const m = VERSION_PREFIX.exec(safeDecode(rawPath));
    if (!m) {
      this.send(
        res,
        errorResult(
          new SimGraphError(400, "BadRequest", `Invalid version: use /v1.0 or /beta (got '${rawPath}').`),
          clientRequestId,
        ),
      );
      return;
    }
    const version = m[1] as "v1.0" | "beta";
    const path = m[2] ?? "/";
    const auth = headers["authorization"] ?? "";
    if (!/^Bearer\s+\S+/i.test(auth)) {
      this.send(
        res,
        errorResult(new SimGraphError(401, "InvalidAuthenticationToken", "Access token is empty."), clientRequestId),
      );
      return;
    }

    let body: unknown = undefined;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        this.send(
          res,
          errorResult(
            badRequest(
              "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
            ),
            clientRequestId,
          ),
        );
        return;
      }
    }

    const method = (req.method ?? "GET").toUpperCase();
    let outcome: ItemOutcome;
    if (path === "/$batch" && method === "POST") {
      outcome = await this.batch(version, body, headers);
    } else {
      outcome = this.dispatch(version, method, path, rawQuery, headers, body, false);
    }
    if (outcome.delayMs > 0) await sleep(outcome.delayMs);
    if (outcome.reset) {
      req.socket.destroy();
      return;
    }
    if (outcome.stall) return; // close() ends the connection; until then the client waits
    this.send(res, outcome, outcome.trickleMs);
  }

  private send(res: ServerResponse, result: RouteResult, trickleMs?: number): void {
    const started = performance.now();
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    let payload = "";
    if (typeof result.body === "string") {
      payload = result.body;
      headers["content-type"] ??= "text/plain";
    } else if (result.body !== undefined) {
      payload = JSON.stringify(result.body);
      headers["content-type"] ??=
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    }
    const buf = Buffer.from(payload, "utf8");
    headers["content-length"] = String(buf.length);
    this.statsData.bytesSent += buf.length;
    this.statsData.servingMs += performance.now() - started;
    res.writeHead(result.status, headers);
    if (trickleMs === undefined) {
      res.end(buf);
      return;
    }
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= buf.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(buf.subarray(sent, sent + 1));
      sent += 1;
    }, trickleMs);
    res.once("close", () => clearInterval(timer));
  }

  /** One Graph request (top level or a batch item). Synchronous: latency is returned, not awaited. */
  private dispatch(
    version: "v1.0" | "beta",
    method: string,
    path: string,
    rawQuery: string,
    headers: Record<string, string>,
    body: unknown,
    inBatch: boolean,
  ): ItemOutcome {
    const started = performance.now();
    const clientRequestId = headers["client-request-id"];
    const outcome: ItemOutcome = { status: 500, delayMs: 0, reset: false };
    try {
      const match = matchRoute(method, path);
      if (match === "method-not-allowed") {
        throw new SimGraphError(
          405,
          "Request_BadRequest",
          "Specified HTTP method is not allowed for the request target.",
        );
      }
      if (!match)
        throw new SimGraphError(
          400,
          "BadRequest",
          `Resource not found for the segment '${path.split("/").filter(Boolean).pop() ?? ""}'.`,
        );
      const { route, params } = match;
      const routeKey = `${route.method} ${route.pattern}`;
      this.statsData.perRoute[routeKey] = (this.statsData.perRoute[routeKey] ?? 0) + 1;
      this.statsData.perSection[route.section] = (this.statsData.perSection[route.section] ?? 0) + 1;

      let truncateTo: RequestContext["truncateTo"];
      const linkFaults: Extract<FaultEffect, { type: "nextLink" }>[] = [];
      for (const effect of this.state.faults.pick(route.section, path, method)) {
        if (effect.type === "nextLink") linkFaults.push(effect);
        const applied = this.applyFault(effect, outcome, inBatch);
        if (applied === "truncate") truncateTo = effect.type === "truncate" ? (effect.keep ?? "half") : undefined;
        if (applied === "stop") return outcome;
      }

      const rawParams = parseQueryString(rawQuery);
      const caller: CallerOf = { token: grantOf(headers["authorization"] ?? ""), fallback: this.state.granted };
      enforceDocumented(route.documented, caller, {
        pattern: route.pattern,
        rawQuery: rawParams,
        headers,
        cast: params.cast !== undefined,
      });
      if (route.documented.throttle) {
        const admission = this.state.throttle.admit(route.documented.throttle, caller.token?.app ?? "unnamed app");
        if (!admission.admitted) {
          throw new SimGraphError(
            429,
            "TooManyRequests",
            `Too many requests (${admission.limit.source}). Retry after ${admission.retryAfterSeconds} s.`,
            { "retry-after": String(admission.retryAfterSeconds) },
          );
        }
      }
      const ctx: RequestContext = {
        version,
        method,
        path,
        params,
        rawQuery: rawParams,
        options: parseQueryOptions(rawParams),
        headers,
        body,
        origin: this.origin,
        tenant: this.state.tenant,
        granted: grantedFor(caller),
        ...(truncateTo !== undefined ? { truncateTo } : {}),
      };
      const result = route.handle(ctx);
      outcome.status = result.status;
      outcome.headers = result.headers ?? {};
      outcome.body = result.body;
      const requestUrl = `${this.origin}/${version}${path}${rawQuery ? `?${rawQuery}` : ""}`;
      for (const effect of linkFaults) outcome.body = withBrokenNextLink(outcome.body, effect, requestUrl);
    } catch (err) {
      const e =
        err instanceof SimGraphError
          ? err
          : new SimGraphError(500, "InternalServerError", `Simulator error: ${(err as Error).message}`);
      const r = errorResult(e, clientRequestId);
      outcome.status = r.status;
      outcome.headers = r.headers ?? {};
      outcome.body = r.body;
    } finally {
      this.statsData.servingMs += performance.now() - started;
    }
    return outcome;
  }

  /** "stop" = the fault answers the request; "truncate" = serve a short page; "go" = carry on. */
  private applyFault(effect: FaultEffect, outcome: ItemOutcome, inBatch: boolean): "stop" | "truncate" | "go" {
    switch (effect.type) {
      case "latency":
        outcome.delayMs += effect.ms * this.state.timeFactor;
        return "go";
      case "reset":
        // A batch item cannot drop the connection alone; Graph would fail it with a gateway error.
        if (inBatch) {
          const r = errorResult(
            new SimGraphError(504, "GatewayTimeout", "The connection to the backend service was reset."),
          );
          Object.assign(outcome, { status: r.status, headers: r.headers, body: r.body });
          return "stop";
        }
        outcome.reset = true;
        return "stop";
      case "truncate":
        return "truncate";
      case "nextLink":
        return "go";
      case "stall":
        outcome.stall = true;
        return "go";
      case "trickle":
        outcome.trickleMs = effect.intervalMs;
        return "go";
      case "status": {
        const codes: Record<number, [string, string]> = {
          429: ["TooManyRequests", "Too many requests. Please retry after the time given in Retry-After."],
          503: [
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please retry after the time given in Retry-After.",
          ],
          504: ["GatewayTimeout", "The gateway timed out."],
          500: ["InternalServerError", "Internal server error (injected by the simulator)."],
          403: ["Authorization_RequestDenied", "Insufficient privileges to complete the operation."],
        };
        const [code, message] = codes[effect.status] ?? ["Error", "Injected error."];
        const headers: Record<string, string> = {};
        if (effect.retryAfterSeconds !== undefined) headers["retry-after"] = String(effect.retryAfterSeconds);
        const r = errorResult(new SimGraphError(effect.status, code, message, headers));
        Object.assign(outcome, { status: r.status, headers: r.headers, body: r.body });
        return "stop";
      }
    }
  }

  private async batch(version: "v1.0" | "beta", body: unknown, outer: Record<string, string>): Promise<ItemOutcome> {
    const fail = (message: string): ItemOutcome => ({
      ...errorResult(badRequest(message, "BadRequest"), outer["client-request-id"]),
      delayMs: 0,
      reset: false,
    });
    const requests = (body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(requests)) return fail('Send a JSON body { "requests": [ { id, method, url } ] }.');
    if (requests.length === 0) return fail("Invalid batch payload format: the requests array is empty.");
    if (requests.length > MAX_BATCH_REQUESTS)
      return fail(
        `Invalid batch payload: number of requests ${requests.length} exceeds the limit of ${MAX_BATCH_REQUESTS}.`,
      );
    const ids = new Set<string>();
    for (const r of requests as { id?: unknown; method?: unknown; url?: unknown }[]) {
      if (typeof r?.id !== "string" || typeof r.method !== "string" || typeof r.url !== "string") {
        return fail("Each batch request needs string id, method and url.");
      }
      if (ids.has(r.id)) return fail(`Invalid batch payload: the request id '${r.id}' is not unique.`);
      ids.add(r.id);
      if (/^https?:/i.test(r.url))
        return fail("Invalid batch payload: request urls must be relative (e.g. /users), not absolute.");
    }
    this.statsData.batches++;
    this.statsData.batchedItems += requests.length;
    const statuses = new Map<string, number>();
    const responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] = [];
    let delay = 0;
    let stall = false;
    let trickleMs: number | undefined;
    for (const r of requests as {
      id: string;
      method: string;
      url: string;
      headers?: Record<string, string>;
      body?: unknown;
      dependsOn?: string[];
    }[]) {
      const failedDep = (r.dependsOn ?? []).find((d) => (statuses.get(d) ?? 200) >= 400);
      if (failedDep !== undefined) {
        statuses.set(r.id, 424);
        responses.push({
          id: r.id,
          status: 424,
          headers: {},
          body: errorBody("FailedDependency", `Request ${failedDep} failed.`),
        });
        continue;
      }
      const itemHeaders = { ...outer, ...lowerHeaders(r.headers ?? {}) };
      const url = r.url.startsWith("/") ? r.url : `/${r.url}`;
      const q = url.indexOf("?");
      const outcome = this.dispatch(
        version,
        r.method.toUpperCase(),
        safeDecode(q < 0 ? url : url.slice(0, q)),
        q < 0 ? "" : url.slice(q + 1),
        itemHeaders,
        r.body,
        true,
      );
      delay = Math.max(delay, outcome.delayMs);
      // One item that stalls or trickles holds up the whole batch response.
      stall ||= outcome.stall === true;
      trickleMs ??= outcome.trickleMs;
      statuses.set(r.id, outcome.status);
      const headers: Record<string, string> = { ...(outcome.headers ?? {}) };
      if (outcome.body !== undefined && !headers["content-type"]) {
        headers["content-type"] = typeof outcome.body === "string" ? "text/plain" : "application/json";
      }
      // OData JSON batch: a text/* body is carried as a JSON string (e.g. a /$count result "42").
      responses.push({
        id: r.id,
        status: outcome.status,
        headers: titleCase(headers),
        ...(outcome.body !== undefined ? { body: outcome.body } : {}),
      });
    }
    return {
      status: 200,
      body: { responses },
      delayMs: delay,
      reset: false,
      ...(stall ? { stall } : {}),
      ...(trickleMs !== undefined ? { trickleMs } : {}),
    };
  }

  // ---- control routes ----------------------------------------------------------------------------

  private control(method: string, path: string, bodyText: string): RouteResult {
    try {
      const body = bodyText ? (JSON.parse(bodyText) as unknown) : undefined;
      if (method === "GET" && path === "/_sim/stats") return { status: 200, body: this.stats() };
      if (method === "POST" && path === "/_sim/stats/reset") {
        this.resetStats();
        return { status: 204 };
      }
      if (method === "POST" && path === "/_sim/faults") {
        const rules = Array.isArray(body) ? body : (body as { rules?: unknown } | undefined)?.rules;
        if (!Array.isArray(rules))
          return { status: 400, body: { error: "POST a JSON array of fault rules (or { rules: [...] })." } };
        this.state.faults.set(rules as FaultRule[]);
        return { status: 204 };
      }
      if (method === "POST" && path === "/_sim/permissions") {
        const perms = Array.isArray(body) ? body : (body as { permissions?: unknown } | undefined)?.permissions;
        if (!Array.isArray(perms)) return { status: 400, body: { error: "POST a JSON array of permission names." } };
        this.state.granted = new Set(perms.map(String));
        return { status: 204 };
      }
      if (method === "POST" && path === "/_sim/throttling") {
        const mode = (body as { mode?: unknown } | undefined)?.mode;
        if (mode !== "documented" && mode !== "off")
          return { status: 400, body: { error: 'POST { "mode": "documented" } or { "mode": "off" }.' } };
        this.state.throttle.mode = mode;
        return { status: 204 };
      }
      const mut = /^\/_sim\/mutations\/([A-Za-z]+)$/.exec(path);
      if (method === "POST" && mut && this.state.control) {
        const result = this.state.control.mutate(mut[1]!, body ?? {});
        return { status: 200, body: { ok: true, result: result ?? null } };
      }
      if (method === "GET" && path === "/_sim/tenant") {
        return { status: 200, body: { tenantId: this.state.tenant.tenantId, users: this.state.tenant.users.count } };
      }
      return { status: 404, body: { error: `Unknown control route ${method} ${path}.` } };
    } catch (err) {
      return { status: 400, body: { error: (err as Error).message } };
    }
  }
}

function errorResult(e: SimGraphError, clientRequestId?: string): RouteResult {
  return { status: e.status, headers: { ...e.headers }, body: errorBody(e.code, e.message, clientRequestId) };
}

function lowerHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function titleCase(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    out[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
  return out;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
