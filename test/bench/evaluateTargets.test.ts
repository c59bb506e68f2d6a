import { describe, expect, it } from "vitest";
import {
  evaluateTargets,
  failedEnforcedTargets,
  MIB,
  perUserRequestBound,
  tableOperationsBound,
} from "../../bench/evaluateTargets.js";
import type { LatencyResult, AuditFigures, TenantResult, ThrottlingResult, WorkerResult } from "../../bench/types.js";

const pageSizes = { syncedUsers: 999, ssprRegistration: 999 };

function audit(run: number, perSection: Record<string, number>, extra: Partial<AuditFigures> = {}): AuditFigures {
  return {
    run,
    wallMs: 1,
    graph: {
      requests: Object.values(perSection).reduce((n, v) => n + v, 0),
      httpRequests: 1,
      batches: 0,
      batchedItems: 0,
      retries: 0,
      bytesReceived: 0,
      perSection,
    },
    simulator: null,
    tableOperations: 8,
    tableOperationsByKind: {},
    tableRequests: [],
    storedBytes: 4096,
    rawBytes: 8192,
    chunkRows: 1,
    snapshotId: `s${run}`,
    syncedUsers: null,
    ssprEnabledUsers: null,
    coverageGaps: [],
    findings: 0,
    changes: 0,
    ...extra,
  };
}

function tenant(
  label: string,
  users: number,
  audits: AuditFigures[],
  items: [number, number],
  worker: Partial<WorkerResult> = {},
): TenantResult {
  return {
    tenant: { label, profile: { seed: 1, users, syncedShare: 0.3 }, series: true },
    worker: {
      audits,
      diff: null,
      peakRssBytes: 100 * MIB,
      baselineRssBytes: 60 * MIB,
      exposureFile: "x",
      exposureFingerprint: "f",
      ...worker,
    },
    perUserItems: { syncedUsers: items[0], ssprRegistration: items[1] },
    perUserItemsSource: "test",
  };
}

const byName = (outcomes: ReturnType<typeof evaluateTargets>, part: string) => {
  const found = outcomes.filter((o) => o.name.includes(part));
  expect(found.length).toBeGreaterThan(0);
  return found;
};

describe("perUserRequestBound", () => {
  it("allows every page plus one", () => {
    expect(perUserRequestBound(0, 999)).toBe(1);
    expect(perUserRequestBound(999, 999)).toBe(2);
    expect(perUserRequestBound(1000, 999)).toBe(3);
    expect(perUserRequestBound(300_000, 999)).toBe(302);
    // 16 partitions: each one's partial last page, and the request that sized them.
    expect(perUserRequestBound(300_000, 999, 16)).toBe(319);
  });
});

describe("evaluateTargets", () => {
  const small = tenant(
    "1k",
    1_000,
    [audit(1, { roleAssignments: 1, groupMembers: 3, syncedUsers: 2, ssprRegistration: 1 })],
    [300, 100],
  );

  it("passes a 1M tenant whose fixed sections stay flat and whose per-user sections page fully", () => {
    const large = tenant(
      "1M",
      1_000_000,
      [audit(1, { roleAssignments: 1, groupMembers: 5, syncedUsers: 302, ssprRegistration: 101 })],
      [300_000, 100_000],
    );
    const outcomes = evaluateTargets({ tenants: [small, large], throttling: null, pageSizes });
    for (const o of outcomes.filter((o) => !o.name.includes("throttling") && !o.name.includes("latency run")))
      expect(o.status, `${o.name}: ${o.detail}`).toBe("PASS");
    expect(byName(outcomes, "throttling").every((o) => o.status === "SKIP")).toBe(true);
    expect(byName(outcomes, "latency run").every((o) => o.status === "SKIP")).toBe(true);
  });

  it("fails a fixed section that grows by more than 2, naming it", () => {
    const large = tenant(
      "1M",
      1_000_000,
      [audit(1, { roleAssignments: 1, groupMembers: 6, syncedUsers: 302, ssprRegistration: 101 })],
      [300_000, 100_000],
    );
    const [perSection, summed] = byName(
      evaluateTargets({ tenants: [small, large], throttling: null, pageSizes }),
      "non-per-user",
    );
    expect(perSection!.status).toBe("FAIL");
    expect(perSection!.detail).toContain("groupMembers: 3 -> 6");
    expect(summed!.status).toBe("FAIL");
  });

  it("fails the summed growth when small growths add up past 2", () => {
    const large = tenant(
      "1M",
      1_000_000,
      [audit(1, { roleAssignments: 3, groupMembers: 5, syncedUsers: 302, ssprRegistration: 101 })],
      [300_000, 100_000],
    );
    const [perSection, summed] = byName(
      evaluateTargets({ tenants: [small, large], throttling: null, pageSizes }),
      "non-per-user",
    );
    expect(perSection!.status).toBe("PASS");
    expect(summed!.status).toBe("FAIL");
  });

  it("fails a per-user section that needs more than ceil(items / page) + 1 requests", () => {
    const large = tenant(
      "1M",
      1_000_000,
      // 300,000 synced users are read in 15 partitions: 301 pages + 1 $count + 16 allowed, 318 at most.
      [audit(1, { roleAssignments: 1, groupMembers: 3, syncedUsers: 319, ssprRegistration: 101 })],
      [300_000, 100_000],
    );
    const outcomes = evaluateTargets({ tenants: [small, large], throttling: null, pageSizes });
    expect(byName(outcomes, "syncedUsers")[0]!.status).toBe("FAIL");
    expect(byName(outcomes, "ssprRegistration")[0]!.status).toBe("PASS");
  });

  it("fails RSS over 256 MiB (not enforced) and table operations over the bound (enforced), and skips RSS without a 1M tenant", () => {
    const large = tenant(
      "1M",
      1_000_000,
      [audit(1, { syncedUsers: 302, ssprRegistration: 101 }, { tableOperations: 13, storedBytes: 2 * MIB })],
      [300_000, 100_000],
      {
        peakRssBytes: 257 * MIB,
      },
    );
    const outcomes = evaluateTargets({ tenants: [small, large], throttling: null, pageSizes });
    expect(byName(outcomes, "peak RSS")[0]!.status).toBe("FAIL");
    expect(byName(outcomes, "table operations")[0]!.status).toBe("FAIL");
    expect(tableOperationsBound(2 * MIB)).toBe(12);
    // Only the deterministic target makes the run fail; peak RSS is measured, never enforced.
    expect(failedEnforcedTargets(outcomes).map((o) => o.name)).toEqual([
      "table operations per audit <= 10 + stored bytes / 1 MiB",
    ]);

    const withoutMillion = evaluateTargets({ tenants: [small], throttling: null, pageSizes });
    expect(byName(withoutMillion, "peak RSS")[0]!.status).toBe("SKIP");
  });

  it("judges the throttling run on identity and on extra requests", () => {
    const base: ThrottlingResult = {
      tenantLabel: "10k",
      faultRate: 0.1,
      retryAfterSeconds: 1,
      retryDelayScale: 0.01,
      baselineRequests: 100,
      throttledRequests: 115,
      baselineHttpRequests: 50,
      throttledHttpRequests: 60,
      extraRequestsPct: 15,
      throttledResponses: 15,
      identical: true,
      worker: small.worker,
    };
    const ok = byName(evaluateTargets({ tenants: [small], throttling: base, pageSizes }), "throttling");
    expect(ok.map((o) => o.status)).toEqual(["PASS", "PASS"]);
    const bad = byName(
      evaluateTargets({
        tenants: [small],
        throttling: { ...base, identical: false, difference: "$.headline.resetters: 3 vs 2", extraRequestsPct: 15.1 },
        pageSizes,
      }),
      "throttling",
    );
    expect(bad.map((o) => o.status)).toEqual(["FAIL", "FAIL"]);
    expect(bad[0]!.detail).toContain("$.headline.resetters");
  });

  it("names the tenants it compared and skips, never passes, what the 1M tenant was to show", () => {
    const ten = tenant(
      "10k",
      10_000,
      [audit(1, { roleAssignments: 1, groupMembers: 3, syncedUsers: 5, ssprRegistration: 2 })],
      [3_000, 1_000],
    );
    const outcomes = evaluateTargets({ tenants: [small, ten], throttling: null, pageSizes });
    const growth = byName(outcomes, "non-per-user");
    expect(growth.map((o) => [o.status, o.name])).toEqual([
      ["PASS", "non-per-user sections: requests(10k) - requests(1k) <= 2, per section"],
      ["PASS", "non-per-user sections: requests(10k) - requests(1k) <= 2, summed"],
      ["SKIP", "non-per-user sections: requests(1M) - requests(1k) <= 2"],
    ]);
    for (const o of outcomes.filter((o) => o.name.includes("1M"))) expect(o.status).toBe("SKIP");
  });

  it("fails HTTP round trips that grow by more than the per-user pages plus 2", () => {
    const withHttp = (a: AuditFigures, httpRequests: number): AuditFigures => ({
      ...a,
      graph: { ...a.graph, httpRequests },
    });
    const smallHttp = tenant("1k", 1_000, [withHttp(small.worker.audits[0]!, 8)], [300, 100]);
    // Per-user requests grow from 3 to 403: 400 more round trips are expected, 402 allowed.
    const large = (http: number) =>
      tenant(
        "1M",
        1_000_000,
        [withHttp(audit(1, { roleAssignments: 1, groupMembers: 3, syncedUsers: 302, ssprRegistration: 101 }), http)],
        [300_000, 100_000],
      );
    const roundTrips = (http: number) =>
      byName(evaluateTargets({ tenants: [smallHttp, large(http)], throttling: null, pageSizes }), "round trips")[0]!;
    expect(roundTrips(410).status).toBe("PASS");
    expect(roundTrips(411).status).toBe("FAIL");
    expect(roundTrips(411).detail).toContain("1k 8 -> 1M 411 (+403, allowed +402)");
  });
});

describe("latency targets", () => {
  const run = (label: string, over: Partial<LatencyResult> = {}): LatencyResult => ({
    tenantLabel: label,
    latencyMs: 150,
    wallMs: 2_000,
    lowerBoundMs: 1_800,
    pathBoundMs: 1_800,
    rateBoundMs: 0,
    reportRequests: 2,
    ratio: 2_000 / 1_800,
    roundTrips: 40,
    criticalPath: 12,
    longestPerUserChain: 10,
    perUserChains: 8,
    requests: 100,
    peakRssBytes: 200 * MIB,
    baselineRssBytes: 100 * MIB,
    identical: true,
    ...over,
  });
  const inputs = (latency: LatencyResult[], quick: boolean) => ({
    tenants: [],
    throttling: null,
    pageSizes,
    latency,
    quick,
  });

  it("enforces the critical path and the identical result, and judges wall times only in the full run", () => {
    const good = evaluateTargets(inputs([run("100k")], false));
    expect(byName(good, "critical path")[0]).toMatchObject({ status: "PASS", enforced: true });
    expect(byName(good, "latency run: same exposure")[0]).toMatchObject({ status: "PASS", enforced: true });
    expect(byName(good, "wall / lower bound")[0]).toMatchObject({ status: "PASS", enforced: false });
    expect(byName(good, "100k <= 3 s")[0]).toMatchObject({ status: "PASS", enforced: false });
    expect(byName(good, "1M <= 15 s")[0]).toMatchObject({ status: "SKIP" });

    const bad = evaluateTargets(
      inputs([run("100k", { criticalPath: 14, identical: false, difference: "findings[0]", wallMs: 3_500 })], false),
    );
    expect(byName(bad, "critical path")[0]).toMatchObject({ status: "FAIL", detail: "100k 14 (chain 10 + 4)" });
    expect(byName(bad, "latency run: same exposure")[0]).toMatchObject({ status: "FAIL", detail: "100k: findings[0]" });
    expect(byName(bad, "100k <= 3 s")[0]!.status).toBe("FAIL");
    expect(failedEnforcedTargets(bad).map((t) => t.name)).toHaveLength(2);

    const quick = evaluateTargets(inputs([run("100k", { wallMs: 9_000, ratio: 5 })], true));
    expect(byName(quick, "wall / lower bound")[0]).toMatchObject({ status: "SKIP" });
    expect(byName(quick, "100k <= 3 s")[0]).toMatchObject({ status: "SKIP" });
  });

  it("fails requests more than 10% above the figures before (plus later features' requests), and skips tenants without one", () => {
    const t = (label: string, requests: number) =>
      tenant(label, 1_000, [audit(1, { syncedUsers: requests })], [300, 334]);
    const [within] = byName(evaluateTargets({ tenants: [t("1M", 765)], throttling: null, pageSizes }), "before");
    // (687 + 9 added by later features) * 1.1, rounded down.
    expect(within).toMatchObject({ status: "PASS", detail: "1M 687 -> 765 (allowed 765)" });
    const [over] = byName(evaluateTargets({ tenants: [t("1M", 766)], throttling: null, pageSizes }), "before");
    expect(over!.status).toBe("FAIL");
    const [none] = byName(evaluateTargets({ tenants: [t("other", 1)], throttling: null, pageSizes }), "before");
    expect(none!.status).toBe("SKIP");
  });
});
