/**
 * The collection scheduler on plain data: the request pool (batching, the in-flight bound, chain
 * pages before bulk lookups, abort) against a fake Graph client whose round trips the test releases
 * by hand, and the section graph (inputs awaited only where used, failures reaching only dependents,
 * wiring mistakes refused).
 */
import { describe, expect, it } from "vitest";
import { GraphRequestError } from "../../shared/errors.js";
import type { BatchRequest, BatchResponse } from "../../shared/graph/GraphClient.js";
import { createRequestPool } from "../../shared/graph/schedule/requestPool.js";
import { batchOnlyGraph } from "./batchOnlyGraph.js";
import { checkJobGraph, runSections, type SectionJob } from "../../shared/graph/schedule/runSections.js";
import { SECTION_NAMES, type SectionName } from "../../shared/snapshot/types.js";
import { collectionJobs } from "../../shared/graph/collectors/index.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";

interface Post {
  urls: string[];
  release(): void;
}

/** A Graph client whose every batch post waits until the test releases it; bodies come from `answer`. */
function fakeGraph(answer: (url: string) => { status?: number; body: unknown }) {
  const posts: Post[] = [];
  const graph = batchOnlyGraph(<T>(requests: readonly BatchRequest[]): Promise<BatchResponse<T>[]> => {
    return new Promise((resolve) => {
      posts.push({
        urls: requests.map((r) => r.url),
        release: () =>
          resolve(
            requests.map((r, i) => {
              const { status = 200, body } = answer(r.url);
              return {
                id: r.id ?? String(i),
                request: r,
                status,
                headers: {},
                body: body as T,
                ...(status >= 400 ? { error: new GraphRequestError(`failed ${r.url}`, status, "Boom", r.url) } : {}),
              };
            }),
          ),
      });
    });
  });
  return { graph, posts };
}

/** Lets queued continuations run and the pool's deferred flushes happen. */
async function settle(flushes: (() => void)[]): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setImmediate(r));
    for (const f of flushes.splice(0)) f();
  }
}

describe("request pool", () => {
  it("sends what is waiting together, 20 to a post, and never more than maxInFlight at once", async () => {
    const { graph, posts } = fakeGraph((url) => ({ body: { url } }));
    const flushes: (() => void)[] = [];
    const pool = createRequestPool(graph, { maxInFlight: 30, defer: (f) => flushes.push(f) });
    const answers = Array.from({ length: 45 }, (_, i) => pool.get<{ url: string }>(`/items/${i}`));
    await settle(flushes);
    // 30 in flight: one post of 20 and one of 10; the other 15 wait.
    expect(posts.map((p) => p.urls.length)).toEqual([20, 10]);
    posts[0]!.release();
    await settle(flushes);
    expect(posts.map((p) => p.urls.length)).toEqual([20, 10, 15]);
    for (const p of posts.slice(1)) p.release();
    const bodies = await Promise.all(answers);
    expect(bodies.map((b) => b.url)).toEqual(Array.from({ length: 45 }, (_, i) => `/items/${i}`));
    expect(pool.poolStats()).toEqual({ sends: 3, peakInFlight: 30, heldForRateLimit: 0 });
  });

  it("follows nextLinks through the queue and sends them before bulk lookups", async () => {
    const pages: Record<string, unknown> = {
      "/chain": { value: [1], "@odata.nextLink": "https://graph.test/v1.0/chain?page=2" },
      "https://graph.test/v1.0/chain?page=2": { value: [2] },
    };
    const { graph, posts } = fakeGraph((url) => ({ body: pages[url] ?? { value: [] } }));
    const flushes: (() => void)[] = [];
    const pool = createRequestPool(graph, { maxInFlight: 20, defer: (f) => flushes.push(f) });
    const seen: number[] = [];
    const chain = (async () => {
      for await (const page of pool.pages<number>("/chain")) seen.push(...page.value);
    })();
    await settle(flushes);
    expect(posts[0]!.urls).toEqual(["/chain"]);
    // 25 lookups arrive while the first page is out: 19 fill the bound, 6 wait.
    const lookups = pool.batch(Array.from({ length: 25 }, (_, i) => ({ url: `/lookup/${i}` })));
    await settle(flushes);
    expect(posts.slice(1).map((p) => p.urls.length)).toEqual([19]);
    posts[0]!.release();
    await settle(flushes);
    // One place is free: the chain's next page takes it, ahead of the lookups that waited longer.
    expect(posts[2]!.urls).toEqual(["https://graph.test/v1.0/chain?page=2"]);
    for (let i = 0; i < 5; i++) {
      for (const p of posts.splice(1)) p.release();
      await settle(flushes);
    }
    await chain;
    expect(seen).toEqual([1, 2]);
    expect((await lookups).map((r) => r.request.url)).toEqual(Array.from({ length: 25 }, (_, i) => `/lookup/${i}`));
  });

  it("answers each request with its own error and rejects the queue on abort", async () => {
    const { graph, posts } = fakeGraph((url) => (url === "/bad" ? { status: 404, body: {} } : { body: { ok: url } }));
    const flushes: (() => void)[] = [];
    const controller = new AbortController();
    const pool = createRequestPool(graph, {
      maxInFlight: 2,
      abortSignal: controller.signal,
      defer: (f) => flushes.push(f),
    });
    const good = pool.get("/good");
    const bad = pool.get("/bad");
    const waiting = pool.get("/later");
    await settle(flushes);
    posts[0]!.release();
    await expect(good).resolves.toEqual({ ok: "/good" });
    await expect(bad).rejects.toThrow("failed /bad");
    controller.abort(new DOMException("deadline", "TimeoutError"));
    await expect(waiting).rejects.toThrow("deadline");
    await expect(pool.get("/after")).rejects.toThrow("deadline");
  });
});

const ok = <S extends SectionName>(section: S, data: unknown) =>
  ({ section: { status: "ok", data } as never }) as never;

function job(
  section: SectionName,
  needs: { section: SectionName; required: boolean }[],
  run: SectionJob["run"],
): SectionJob {
  return { section, needs, permission: "Test.Read.All", run };
}

describe("section graph", () => {
  it("starts every job at once: a job awaits an input only where it reads it", async () => {
    const order: string[] = [];
    let releaseSynced!: () => void;
    const synced = new Promise<void>((r) => (releaseSynced = r));
    const results = runSections([
      job("syncedUsers", [], async () => {
        await synced;
        order.push("syncedUsers done");
        return ok("syncedUsers", { count: 3 });
      }),
      job("ssprRegistration", [{ section: "syncedUsers", required: true }], async (inputs) => {
        order.push("ssprRegistration started");
        const s = await inputs.get("syncedUsers");
        order.push("ssprRegistration folded");
        return ok("ssprRegistration", { from: s.section.status });
      }),
    ]);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["ssprRegistration started"]);
    releaseSynced();
    const done = await results;
    expect(order).toEqual(["ssprRegistration started", "syncedUsers done", "ssprRegistration folded"]);
    expect(done.get("ssprRegistration")!.section).toEqual({ status: "ok", data: { from: "ok" } });
  });

  it("a failure makes only the sections that require it unknown", async () => {
    const done = await runSections([
      job("roleAssignments", [], async () => {
        throw new GraphRequestError("Insufficient privileges", 403, "Authorization_RequestDenied", "/x");
      }),
      job("roleEligibilities", [], async () => ok("roleEligibilities", {})),
      job(
        "administrativeUnits",
        [
          { section: "roleAssignments", required: true },
          { section: "roleEligibilities", required: false },
        ],
        async (inputs) => {
          await inputs.get("roleEligibilities");
          await inputs.get("roleAssignments");
          return ok("administrativeUnits", {});
        },
      ),
      job("groupMembers", [{ section: "roleAssignments", required: false }], async (inputs) => {
        const r = await inputs.get("roleAssignments");
        return ok("groupMembers", { saw: r.section.status });
      }),
    ]);
    expect(done.get("roleAssignments")!.section).toMatchObject({ status: "unknown", reason: "forbidden" });
    expect(done.get("roleEligibilities")!.section.status).toBe("ok");
    expect(done.get("administrativeUnits")!.section).toMatchObject({ status: "unknown", reason: "dependency" });
    expect(done.get("groupMembers")!.section).toEqual({ status: "ok", data: { saw: "unknown" } });
  });

  it("an abort leaves the unfinished sections timeout unknowns and keeps the finished ones", async () => {
    const controller = new AbortController();
    const results = runSections(
      [
        job("organization", [], async () => ok("organization", { id: "t" })),
        job("syncedUsers", [], (_inputs, { abortSignal }) => {
          return new Promise((_, reject) =>
            abortSignal!.addEventListener("abort", () => reject(abortSignal!.reason), { once: true }),
          );
        }),
      ],
      { abortSignal: controller.signal },
    );
    await new Promise((r) => setImmediate(r));
    controller.abort(new DOMException("deadline", "TimeoutError"));
    const done = await results;
    expect(done.get("organization")!.section.status).toBe("ok");
    expect(done.get("syncedUsers")!.section).toMatchObject({ status: "unknown", reason: "timeout" });
  });

  it("after an abort, a job whose required input also timed out is a timeout, not a dependency failure", async () => {
    const controller = new AbortController();
    const untilAbort = (signal: AbortSignal | undefined) =>
      new Promise<never>((_, reject) =>
        signal!.addEventListener("abort", () => reject(signal!.reason), { once: true }),
      );
    const results = runSections(
      [
        job("roleAssignments", [], (_inputs, { abortSignal }) => untilAbort(abortSignal)),
        job(
          "administrativeUnits",
          [{ section: "roleAssignments", required: true }],
          async (inputs, { abortSignal }) => {
            await inputs.get("roleAssignments");
            throw abortSignal!.reason;
          },
        ),
      ],
      { abortSignal: controller.signal },
    );
    await new Promise((r) => setImmediate(r));
    controller.abort(new DOMException("deadline", "TimeoutError"));
    const done = await results;
    expect(done.get("roleAssignments")!.section).toMatchObject({ status: "unknown", reason: "timeout" });
    expect(done.get("administrativeUnits")!.section).toMatchObject({ status: "unknown", reason: "timeout" });
  });

  it("refuses an undeclared input, a missing section, a duplicate and a cycle", async () => {
    const done = await runSections([
      job("organization", [], async () => ok("organization", {})),
      job("licences", [], async (inputs) => {
        await inputs.get("organization");
        return ok("licences", {});
      }),
    ]);
    expect(done.get("licences")!.section).toMatchObject({ status: "unknown" });
    expect((done.get("licences")!.section as { detail: string }).detail).toMatch(/without declaring/);
    const a = job("organization", [{ section: "licences", required: true }], async () => ok("organization", {}));
    const b = job("licences", [{ section: "organization", required: true }], async () => ok("licences", {}));
    expect(() => checkJobGraph([a, b])).toThrow(/cycle: organization -> licences -> organization/);
    expect(() => checkJobGraph([a])).toThrow(/needs licences, which no collector fills/);
    expect(() => checkJobGraph([b, b])).toThrow(/Two collectors/);
  });
});

describe("the registered collectors", () => {
  it("fill every section once, each with a permission from permissions.ts, in a graph without cycles", () => {
    const { graph } = fakeGraph(() => ({ body: {} }));
    const jobs = collectionJobs({
      graph,
      auditSince: "2026-01-01T00:00:00Z",
      protectedOnPrem: [],
      now: () => new Date(),
    });
    expect(jobs.map((j) => j.section).sort()).toEqual([...SECTION_NAMES].sort());
    for (const j of jobs) {
      const entry = REQUIRED_GRAPH_PERMISSIONS.find((p) => p.permission === j.permission);
      expect(entry?.usedBy, j.section).toContain(j.section);
    }
    expect(() => checkJobGraph(jobs)).not.toThrow();
  });
});
