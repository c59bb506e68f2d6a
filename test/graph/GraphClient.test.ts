import { afterEach, describe, expect, it } from "vitest";
import { GraphRequestError } from "../../shared/errors.js";
import { createGraphClient, type GraphClient } from "../../shared/graph/GraphClient.js";
import { parseRetryAfterMs, retryDelayMs } from "../../shared/graph/retryDelay.js";
import { graphError, sendJson, startLocalServer, type Handler } from "./localServer.js";

const TOKEN = "fake-token-for-tests";
let closeServer: (() => Promise<void>) | undefined;

afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

async function serve(
  handler: Handler,
  maxRetries = 3,
): Promise<{ graph: GraphClient; seen: Awaited<ReturnType<typeof startLocalServer>>["seen"]; baseUrl: string }> {
  const server = await startLocalServer(handler);
  closeServer = server.close;
  const graph = createGraphClient({
    graphBaseUrl: server.baseUrl,
    accessToken: TOKEN,
    maxRetries,
    retryDelayScale: 0.001,
  });
  return { graph, seen: server.seen, baseUrl: server.baseUrl };
}

describe("retryDelayMs", () => {
  const policy = { maxRetries: 3, retryDelayScale: 1 };
  it("honours Retry-After in seconds and as an HTTP-date", () => {
    expect(retryDelayMs("7", 0, policy)).toBe(7_000);
    const now = () => Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5_000);
    expect(retryDelayMs("Thu, 01 Jan 2026 00:00:05 GMT", 3, policy, now)).toBe(5_000);
  });
  it("backs off exponentially with jitter when there is no Retry-After, scaled", () => {
    expect(retryDelayMs(null, 0, policy, Date.now, () => 1)).toBe(1_000);
    expect(retryDelayMs(null, 3, policy, Date.now, () => 1)).toBe(8_000);
    expect(retryDelayMs(null, 3, policy, Date.now, () => 0)).toBe(4_000);
    expect(retryDelayMs("garbage", 1, { maxRetries: 3, retryDelayScale: 0.5 }, Date.now, () => 1)).toBe(1_000);
  });
});

describe("GraphClient", () => {
  it("follows @odata.nextLink verbatim and authenticates every page", async () => {
    const { graph, seen } = await serve((req, res) => {
      const url = new URL(req.url, "http://x");
      const page = Number(url.searchParams.get("$skiptoken") ?? "0");
      const next = page < 2 ? `http://${req.headers.host}/v1.0/things?$skiptoken=${page + 1}&$top=2` : undefined;
      sendJson(res, 200, {
        value: [{ n: page * 2 }, { n: page * 2 + 1 }],
        ...(next ? { "@odata.nextLink": next } : {}),
      });
    });
    const seenValues: number[] = [];
    for await (const page of graph.pages<{ n: number }>("/things?$top=2", { section: "syncedUsers" })) {
      seenValues.push(...page.value.map((v) => v.n));
    }
    expect(seenValues).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen.map((r) => r.url)).toEqual([
      "/v1.0/things?$top=2",
      "/v1.0/things?$skiptoken=1&$top=2",
      "/v1.0/things?$skiptoken=2&$top=2",
    ]);
    expect(seen.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(graph.stats().requests.syncedUsers).toBe(3);
    expect(graph.stats().bytesReceived).toBeGreaterThan(0);
  });

  it("waits out a 429 and then succeeds", async () => {
    let calls = 0;
    const { graph, seen } = await serve((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 429, graphError("TooManyRequests", "slow down"), { "Retry-After": "2" });
      else sendJson(res, 200, { id: "org" });
    });
    await expect(graph.get<{ id: string }>("/organization")).resolves.toEqual({ id: "org" });
    expect(seen).toHaveLength(2);
    expect(graph.stats()).toMatchObject({ retries: 1, httpRequests: 2 });
  });

  it("retries a connection reset", async () => {
    let calls = 0;
    const { graph } = await serve((_req, res) => {
      calls++;
      if (calls === 1) res.socket?.destroy();
      else sendJson(res, 200, { ok: true });
    });
    await expect(graph.get("/x")).resolves.toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it("gives up after maxRetries with a GraphRequestError carrying status and code", async () => {
    const { graph, seen } = await serve(
      (_req, res) => sendJson(res, 503, graphError("ServiceUnavailable", "try later"), { "Retry-After": "1" }),
      2,
    );
    const error = await graph.get("/organization").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 503, code: "ServiceUnavailable", requestPath: "/v1.0/organization" });
    expect(seen).toHaveLength(3);
  });

  it("does not retry a 403 and never echoes the token", async () => {
    const { graph, seen } = await serve((req, res) =>
      sendJson(
        res,
        403,
        graphError("Authorization_RequestDenied", `Insufficient privileges; got ${req.headers.authorization}`),
      ),
    );
    const error = (await graph.get("/policies/authorizationPolicy").catch((e: unknown) => e)) as GraphRequestError;
    expect(error.status).toBe(403);
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.message).not.toContain(TOKEN);
    expect(seen).toHaveLength(1);
  });

  it("refuses to send the token to a nextLink on another host", async () => {
    const { graph, seen } = await serve((_req, res) =>
      sendJson(res, 200, { value: [1], "@odata.nextLink": "http://127.0.0.2:9/v1.0/steal" }),
    );
    const walk = async () => {
      for await (const _page of graph.pages("/things")) void _page;
    };
    await expect(walk()).rejects.toMatchObject({ code: "UntrustedHost" });
    expect(seen).toHaveLength(1);
  });

  it("reads a text/plain $count with ConsistencyLevel: eventual", async () => {
    const { graph, seen } = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("20000");
    });
    await expect(graph.count("/users/$count")).resolves.toBe(20_000);
    expect(seen[0]!.headers.consistencylevel).toBe("eventual");
  });

  it("batches in chunks of 20 and returns results in input order", async () => {
    const { graph, seen } = await serve((req, res) => {
      const { requests } = JSON.parse(req.body) as { requests: { id: string; url: string }[] };
      // Answer out of order, as Graph may.
      const responses = requests
        .map((r) => ({ id: r.id, status: 200, headers: { "Content-Type": "application/json" }, body: { url: r.url } }))
        .reverse();
      sendJson(res, 200, { responses });
    });
    const requests = Array.from({ length: 45 }, (_, i) => ({
      id: `g${i}`,
      url: `/groups/${i}/transitiveMembers`,
      section: "groupMembers",
    }));
    const results = await graph.batch<{ url: string }>(requests);
    expect(seen.map((r) => (JSON.parse(r.body) as { requests: unknown[] }).requests.length).sort()).toEqual([
      20, 20, 5,
    ]);
    expect(seen.every((r) => r.url === "/v1.0/$batch" && r.method === "POST")).toBe(true);
    expect(results.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(results.map((r) => r.body?.url)).toEqual(requests.map((r) => r.url));
    expect(graph.stats()).toMatchObject({ batches: 3, batchedRequests: 45, requests: { groupMembers: 45 } });
  });

  it("retries only the throttled items of a batch", async () => {
    const attemptsByUrl = new Map<string, number>();
    const { graph, seen } = await serve((req, res) => {
      const { requests } = JSON.parse(req.body) as {
        requests: { id: string; url: string; headers?: Record<string, string> }[];
      };
      const responses = requests.map((r) => {
        const n = (attemptsByUrl.get(r.url) ?? 0) + 1;
        attemptsByUrl.set(r.url, n);
        if (r.url === "/users/$count" && n === 1) {
          return {
            id: r.id,
            status: 429,
            headers: { "Retry-After": "1" },
            body: graphError("TooManyRequests", "later"),
          };
        }
        if (r.url === "/forbidden")
          return { id: r.id, status: 403, body: graphError("Authorization_RequestDenied", "no") };
        return {
          id: r.id,
          status: 200,
          headers: { "Content-Type": "text/plain" },
          body: r.url === "/users/$count" ? "12" : { ok: r.headers?.ConsistencyLevel ?? null },
        };
      });
      sendJson(res, 200, { responses });
    });
    const results = await graph.batch([
      { url: "/organization" },
      { url: "/users/$count", headers: { ConsistencyLevel: "eventual" } },
      { url: "/forbidden" },
    ]);
    expect(seen).toHaveLength(2);
    expect((JSON.parse(seen[1]!.body) as { requests: { url: string; headers: unknown }[] }).requests).toEqual([
      { id: "1", method: "GET", url: "/users/$count", headers: { ConsistencyLevel: "eventual" } },
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 403]);
    expect(results[1]!.body).toBe("12");
    expect(results[2]!.error).toMatchObject({ status: 403, code: "Authorization_RequestDenied" });
    expect(graph.stats().retries).toBe(1);
  });

  it("makes absolute nextLinks relative inside a batch", async () => {
    const { graph, seen, baseUrl } = await serve((req, res) => {
      const { requests } = JSON.parse(req.body) as { requests: { id: string }[] };
      sendJson(res, 200, { responses: requests.map((r) => ({ id: r.id, status: 200, body: { value: [] } })) });
    });
    await graph.batch([{ url: `${baseUrl}/v1.0/groups/a/transitiveMembers?$skiptoken=abc` }]);
    expect((JSON.parse(seen[0]!.body) as { requests: { url: string }[] }).requests[0]!.url).toBe(
      "/groups/a/transitiveMembers?$skiptoken=abc",
    );
  });
});
