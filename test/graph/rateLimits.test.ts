/**
 * Graph's per-family limits on plain data: which requests fall under the identity-and-access-reports
 * limit, the gate's window on a hand-moved clock, and the request pool holding such requests back
 * while everything else goes on, then sending them once the window has room.
 */
import { describe, expect, it } from "vitest";
import type { BatchRequest, BatchResponse, GraphClient } from "../../shared/graph/GraphClient.js";
import {
  IDENTITY_AND_ACCESS_REPORTS as REPORTS,
  RateGate,
  WINDOW_MARGIN_MS,
  rateLimitOf,
} from "../../shared/graph/schedule/rateLimits.js";
import { createRequestPool } from "../../shared/graph/schedule/requestPool.js";
import { batchOnlyGraph } from "./batchOnlyGraph.js";

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
};

describe("rateLimitOf", () => {
  it("puts report and audit-log requests, relative or absolute, under the reports limit and nothing else", () => {
    const limited = [
      "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true",
      "https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=x",
      "/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-01-01T00:00:00Z&$top=999",
      "https://graph.microsoft.us/beta/AuditLogs/signIns",
      "reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all')",
    ];
    const free = [
      "/users?$filter=onPremisesSyncEnabled eq true&$top=999",
      "https://graph.microsoft.com/v1.0/users?$skiptoken=reports",
      "/servicePrincipals(appId='6bf85cfa-ac8a-4be5-b5de-425a0d0dc016')/appRoleAssignedTo?$top=999",
      "/directory/administrativeUnits",
      "not a url",
    ];
    expect(limited.map(rateLimitOf)).toEqual(limited.map(() => REPORTS));
    expect(free.map(rateLimitOf)).toEqual(free.map(() => undefined));
  });
});

describe("RateGate", () => {
  it("lets five through per window and says how long the sixth must wait", () => {
    const c = clock();
    const gate = new RateGate(c.now);
    for (let i = 0; i < REPORTS.requests; i++) {
      expect(gate.waitMs(REPORTS)).toBe(0);
      gate.record(REPORTS);
      c.advance(100);
    }
    // The first went 500 ms ago: it leaves the window (with the margin) after the rest of it.
    expect(gate.waitMs(REPORTS)).toBe(REPORTS.windowMs + WINDOW_MARGIN_MS - 500);
    c.advance(REPORTS.windowMs + WINDOW_MARGIN_MS - 500);
    expect(gate.waitMs(REPORTS)).toBe(0);
    gate.record(REPORTS);
    expect(gate.waitMs(REPORTS)).toBe(100);
  });
});

describe("request pool under the reports limit", () => {
  it("sends the other requests at once, holds the reports beyond five, and sends them when the window allows", async () => {
    const c = clock();
    const posts: string[][] = [];
    const graph = batchOnlyGraph(async <T>(requests: readonly BatchRequest[]): Promise<BatchResponse<T>[]> => {
      posts.push(requests.map((r) => r.url));
      return requests.map((r, i) => ({ id: String(i), request: r, status: 200, headers: {}, body: {} as T }));
    });
    const flushes: (() => void)[] = [];
    const wakes: { ms: number; wake: () => void }[] = [];
    const pool = createRequestPool(graph, {
      rateGate: new RateGate(c.now),
      defer: (f) => flushes.push(f),
      later: (wake, ms) => wakes.push({ ms, wake }),
    });
    const settle = async () => {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setImmediate(r));
        for (const f of flushes.splice(0)) f();
      }
    };
    const reports = Array.from({ length: 7 }, (_, i) => pool.get(`/auditLogs/directoryAudits?n=${i}`));
    const users = Array.from({ length: 3 }, (_, i) => pool.get(`/users/${i}`));
    await settle();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.filter((u) => u.startsWith("/auditLogs")).length).toBe(5);
    expect(posts[0]!.filter((u) => u.startsWith("/users")).length).toBe(3);
    await Promise.all(users);
    expect(pool.poolStats().heldForRateLimit).toBe(2);
    expect(wakes.at(-1)!.ms).toBe(REPORTS.windowMs + WINDOW_MARGIN_MS);

    // Woken early (by other traffic, say), nothing goes: the window is still full.
    wakes.at(-1)!.wake();
    await settle();
    expect(posts).toHaveLength(1);
    c.advance(REPORTS.windowMs + WINDOW_MARGIN_MS);
    wakes.at(-1)!.wake();
    await settle();
    expect(posts).toHaveLength(2);
    expect(posts[1]).toEqual(["/auditLogs/directoryAudits?n=5", "/auditLogs/directoryAudits?n=6"]);
    await Promise.all(reports);
  });

  it("sends everything at once without a gate", async () => {
    const posts: number[] = [];
    const graph = {
      graphBaseUrl: "https://graph.test",
      batch: async (requests: readonly BatchRequest[]) => {
        posts.push(requests.length);
        return requests.map((r, i) => ({ id: String(i), request: r, status: 200, headers: {}, body: {} }));
      },
    } as unknown as GraphClient;
    const pool = createRequestPool(graph, { rateGate: null });
    await Promise.all(Array.from({ length: 12 }, (_, i) => pool.get(`/reports/x?n=${i}`)));
    expect(posts).toEqual([12]);
  });
});
