/**
 * Nothing the Graph client does waits forever: stalled headers and trickled bodies end at their
 * limits, a long Retry-After is capped or (beyond the section's budget) ends the section as
 * throttled with what Graph asked for, and an unreachable host fails at the first attempt. Every
 * limit is injected, so no test here waits on a real clock for more than a fraction of a second.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { GraphRequestError } from "../../shared/errors.js";
import { createGraphClient, type GraphClientOptions } from "../../shared/graph/GraphClient.js";
import { sectionFailure } from "../../shared/graph/sectionFailure.js";
import { planRetry } from "../../shared/graph/retryDelay.js";
import { graphError, sendJson, startLocalServer, type Handler } from "./localServer.js";

let closeServer: (() => Promise<void>) | undefined;
const open: ServerResponse[] = [];

afterEach(async () => {
  for (const res of open.splice(0)) res.destroy();
  await closeServer?.();
  closeServer = undefined;
});

/** A safety net for a client without limits: a test that needs it has already failed. */
const NET = () => AbortSignal.timeout(10_000);

async function serve(handler: Handler, options: Partial<GraphClientOptions> = {}) {
  const server = await startLocalServer(handler);
  closeServer = server.close;
  const graph = createGraphClient({ graphBaseUrl: server.baseUrl, accessToken: "fake-token", ...options });
  return { graph, seen: server.seen, baseUrl: server.baseUrl };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("per-request timeouts", () => {
  it("ends an attempt whose headers never come, retries it, then fails the section as timeout", async () => {
    const { graph, seen } = await serve((_req, res) => open.push(res), {
      maxRetries: 1,
      retryDelayScale: 0,
      timeouts: { headersMs: 100 },
    });
    const error = await failureOf(graph.get("/organization", { section: "organization", abortSignal: NET() }));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as GraphRequestError).code).toBe("Timeout");
    expect((error as Error).message).toMatch(/no response headers for \/v1.0\/organization within 100 ms/);
    expect(seen).toHaveLength(2);
    expect(sectionFailure("organization", error)).toMatchObject({ status: "unknown", reason: "timeout" });
  });

  it("ends a body trickled one byte at a time at the whole-response limit", async () => {
    const body = JSON.stringify({ value: Array.from({ length: 50 }, (_, i) => ({ id: `user-${i}` })) });
    const { graph } = await serve(
      (_req, res) => {
        open.push(res);
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed || sent >= body.length) return clearInterval(timer);
          res.write(body[sent++]);
        }, 20);
      },
      { maxRetries: 0, timeouts: { headersMs: 1_000, responseMs: 250 } },
    );
    const error = await failureOf(graph.get("/users", { abortSignal: NET() }));
    expect((error as GraphRequestError).code).toBe("Timeout");
    expect((error as Error).message).toMatch(/did not complete within 250 ms/);
  });

  it("the caller's abortSignal still wins over the limits", async () => {
    const { graph } = await serve((_req, res) => open.push(res), { timeouts: { headersMs: 5_000 } });
    const error = await failureOf(graph.get("/organization", { abortSignal: AbortSignal.timeout(50) }));
    expect((error as Error).name).toBe("TimeoutError");
    expect(error).not.toBeInstanceOf(GraphRequestError);
  });
});

describe("waits and retry budgets", () => {
  it("Retry-After: 3600 beyond the section's budget: throttled at once, saying what Graph asked", async () => {
    const { graph, seen } = await serve(
      (_req, res) => sendJson(res, 429, graphError("TooManyRequests", "slow down"), { "Retry-After": "3600" }),
      { maxRetries: 5, sectionRetryBudgetMs: 300_000 },
    );
    const error = await failureOf(graph.get("/users", { section: "syncedUsers", abortSignal: NET() }));
    expect(seen).toHaveLength(1);
    const section = sectionFailure("syncedUsers", error);
    expect(section).toMatchObject({ status: "unknown", reason: "throttled" });
    expect(section.detail).toMatch(
      /asked to wait 3600 s \(Retry-After\), more than the 300 s this section may still spend/,
    );
  });

  it("a Retry-After within the budget but above the cap is waited for the cap only", async () => {
    let calls = 0;
    const { graph } = await serve(
      (_req, res) => {
        calls++;
        if (calls === 1) sendJson(res, 503, graphError("ServiceUnavailable", "busy"), { "Retry-After": "120" });
        else sendJson(res, 200, { id: "org" });
      },
      { maxRetries: 2, maxRetryWaitMs: 20 },
    );
    await expect(graph.get("/organization", { abortSignal: NET() })).resolves.toEqual({ id: "org" });
    expect(calls).toBe(2);
  });

  it("repeated short waits stop when the section's total budget is spent", async () => {
    const { graph, seen } = await serve(
      (_req, res) => sendJson(res, 429, graphError("TooManyRequests", "slow down"), { "Retry-After": "0.1" }),
      { maxRetries: 10, sectionRetryBudgetMs: 250 },
    );
    const error = await failureOf(graph.get("/users", { section: "syncedUsers", abortSignal: NET() }));
    expect((error as GraphRequestError).code).toBe("RetryBudgetExhausted");
    expect(seen).toHaveLength(3); // two waits of 100 ms fit in 250 ms, a third does not
  });

  it("batch items share the budget: a throttled item beyond it fails with what Graph asked", async () => {
    const { graph } = await serve((req, res) => {
      const { requests } = JSON.parse(req.body) as { requests: { id: string }[] };
      sendJson(res, 200, {
        responses: requests.map((r) => ({
          id: r.id,
          status: 429,
          headers: { "Retry-After": "900" },
          body: graphError("TooManyRequests", "slow down"),
        })),
      });
    });
    const [item] = await graph.batch([{ url: "/users/$count" }], { section: "syncedUsers", abortSignal: NET() });
    expect(item!.error?.code).toBe("RetryBudgetExhausted");
    expect(item!.error?.message).toMatch(/asked to wait 900 s/);
  });

  it("planRetry caps a single wait and compares Graph's ask with the budget left", () => {
    const policy = { maxRetries: 3, retryDelayScale: 1, maxWaitMs: 60_000 };
    expect(planRetry("90", 0, policy, 300_000)).toEqual({ retry: true, waitMs: 60_000 });
    expect(planRetry("400", 0, policy, 300_000)).toEqual({ retry: false, reason: "budget", askedMs: 400_000 });
    expect(planRetry("1", 3, policy, 300_000)).toEqual({ retry: false, reason: "retries" });
  });
});

describe("an unreachable Graph", () => {
  it("is not retried: connection refused fails at the first attempt with one clear error", async () => {
    const server = await startLocalServer(() => undefined);
    const baseUrl = server.baseUrl;
    await server.close();
    const graph = createGraphClient({ graphBaseUrl: baseUrl, accessToken: "fake-token", maxRetries: 5 });
    const error = await failureOf(graph.get("/organization", { abortSignal: NET() }));
    expect((error as GraphRequestError).code).toBe("NetworkError");
    expect((error as Error).message).toMatch(/Could not reach Graph .*ECONNREFUSED/);
    expect(graph.stats()).toMatchObject({ httpRequests: 1, retries: 0 });
  });
});
