/**
 * The benchmark's targets, computed from the measured figures. Pure: the benchmark prints what this
 * returns, and a unit test feeds it figures that should pass and fail. Targets on counts (requests,
 * round trips, table operations, the throttled run's result) are deterministic for a given seed and
 * are enforced: one FAIL makes the run exit non-zero. Peak RSS depends on the machine and the
 * garbage collector: it is measured and printed, never enforced. A target whose tenant was not run
 * is a SKIP, never a PASS.
 */
import { partitionCount } from "../shared/graph/upnPartitions.js";
import {
  PER_USER_SECTIONS,
  type AuditFigures,
  type PerUserSection,
  type TargetOutcome,
  type LatencyResult,
  type TenantResult,
  type ThrottlingResult,
} from "./types.js";

export const MIB = 1024 * 1024;

export const LIMITS = {
  /** Non-per-user sections: requests(1M) − requests(1k), per section and summed. */
  sectionGrowth: 2,
  /** Peak RSS of the 1M-user audit. */
  peakRssBytes: 256 * MIB,
  /** Table operations per audit ≤ base + stored bytes / 1 MiB. */
  tableOpsBase: 10,
  /** Under 10% throttling: extra requests at most this share. */
  throttledExtraRequests: 0.15,
  /** Latency run: wall time / lower bound. */
  latencyRatio: 1.15,
  /** Latency run: round trips on the critical path beyond the longest per-user chain. */
  criticalPathSlack: 3,
  /** Requests per audit may exceed the figures before the collection was scheduled by this share. */
  extraRequests: 0.1,
} as const;

/** Latency run wall-time targets (150 ms per round trip), by tenant label. */
export const LATENCY_WALL_MS: Readonly<Record<string, number>> = {
  "100k": 3_000,
  "1M": 15_000,
  "ra20k+au500": 8_000,
};

/** Peak RSS of one audit alone in its process, by tenant label. */
export const AUDIT_RSS_BYTES: Readonly<Record<string, number>> = {
  "1M": 256 * 1024 * 1024,
  "ra20k+au500": 384 * 1024 * 1024,
};

/**
 * Logical Graph requests of the second audit of each tenant before collection was one scheduled
 * dependency graph (measured with this benchmark, seed 6, on the code before it): UPN partitions may add at
 * most LIMITS.extraRequests.
 */
export const REQUESTS_BEFORE: Readonly<Record<string, number>> = {
  "1k": 54,
  "10k": 60,
  "100k": 117,
  "1M": 687,
  "ra20k+au500": 638,
  "ra2k+au50": 108,
};

/**
 * Requests per audit that features landed after that baseline add on every tenant size: the
 * directory audit log's change events that name who made an increase, and the owners of the
 * applications that can reset passwords (measured: 1k 51 -> 60, 10k 57 -> 66 requests).
 * The partition budget is judged on top of them.
 */
export const REQUESTS_ADDED_SINCE = 9;

export const MILLION = 1_000_000;

export interface TargetInputs {
  tenants: TenantResult[];
  throttling: ThrottlingResult | null;
  /** Page size ($top or the server's fixed page) each per-user section reads with. */
  pageSizes: Record<PerUserSection, number>;
  latency?: LatencyResult[];
  /** The quick run: wall-time targets are SKIP (judged in the full run only). */
  quick?: boolean;
}

export function evaluateTargets(input: TargetInputs): TargetOutcome[] {
  return [
    ...sectionGrowthTargets(input.tenants),
    roundTripTarget(input.tenants),
    ...perUserTargets(input.tenants, input.pageSizes),
    peakRssTarget(input.tenants),
    tableOperationsTarget(input.tenants),
    ...throttlingTargets(input.throttling),
    requestsTarget(input.tenants),
    ...latencyTargets(input.latency ?? [], input.quick ?? false),
  ];
}

function requestsTarget(tenants: TenantResult[]): TargetOutcome {
  const name = `requests per audit <= before + ${LIMITS.extraRequests * 100}%`;
  const lines: string[] = [];
  let failed = false;
  for (const t of tenants) {
    const before = REQUESTS_BEFORE[t.tenant.label];
    if (before === undefined) continue;
    const now = Math.max(...t.worker.audits.map((a) => a.graph.requests));
    const allowed = Math.floor((before + REQUESTS_ADDED_SINCE) * (1 + LIMITS.extraRequests));
    if (now > allowed) failed = true;
    lines.push(`${t.tenant.label} ${before} -> ${now} (allowed ${allowed})`);
  }
  if (lines.length === 0) return { name, status: "SKIP", detail: "no tenant with a before figure ran", enforced: true };
  return { name, status: failed ? "FAIL" : "PASS", detail: lines.join("; "), enforced: true };
}

/**
 * The critical path in round trips and the result's identity are deterministic (the trace gives them
 * without timing) and enforced; wall times, ratios and RSS are judged in the full run only, never enforced.
 */
function latencyTargets(runs: LatencyResult[], quick: boolean): TargetOutcome[] {
  const path = `latency run: critical path <= longest per-user chain + ${LIMITS.criticalPathSlack} round trips`;
  const same = "latency run: same exposure as without latency";
  const ratio = `latency run: wall / lower bound <= ${LIMITS.latencyRatio}`;
  if (runs.length === 0) {
    return [path, same, ratio].map((name) => ({
      name,
      status: "SKIP",
      detail: "latency run not done",
      enforced: true,
    }));
  }
  const over = runs.filter((r) => r.criticalPath > r.longestPerUserChain + LIMITS.criticalPathSlack);
  const differ = runs.filter((r) => !r.identical);
  const describePath = (r: LatencyResult) =>
    `${r.tenantLabel} ${r.criticalPath} (chain ${r.longestPerUserChain} + ${r.criticalPath - r.longestPerUserChain})`;
  const out: TargetOutcome[] = [
    {
      name: path,
      status: over.length === 0 ? "PASS" : "FAIL",
      detail: (over.length > 0 ? over : runs).map(describePath).join("; "),
      enforced: true,
    },
    {
      name: same,
      status: differ.length === 0 ? "PASS" : "FAIL",
      detail:
        differ.length === 0
          ? runs.map((r) => r.tenantLabel).join(", ")
          : differ.map((r) => `${r.tenantLabel}: ${r.difference ?? "differs"}`).join("; "),
      enforced: true,
    },
  ];
  const fullOnly = (name: string, check: () => Omit<TargetOutcome, "name" | "enforced">): TargetOutcome =>
    quick
      ? { name, status: "SKIP", detail: "wall time: judged in the full run only", enforced: false }
      : { name, enforced: false, ...check() };
  out.push(
    fullOnly(ratio, () => {
      const bad = runs.filter((r) => r.ratio > LIMITS.latencyRatio);
      return {
        status: bad.length === 0 ? "PASS" : "FAIL",
        detail: runs.map((r) => `${r.tenantLabel} ${r.ratio.toFixed(2)}`).join("; "),
      };
    }),
  );
  for (const [label, limit] of Object.entries(LATENCY_WALL_MS)) {
    const name = `latency run: ${label} <= ${limit / 1000} s`;
    const run = runs.find((r) => r.tenantLabel === label);
    out.push(
      run
        ? fullOnly(name, () => ({
            status: run.wallMs <= limit ? "PASS" : "FAIL",
            detail: `${(run.wallMs / 1000).toFixed(2)} s (lower bound ${(run.lowerBoundMs / 1000).toFixed(2)} s)`,
          }))
        : { name, status: "SKIP", detail: `tenant ${label} not run`, enforced: false },
    );
  }
  for (const [label, limit] of Object.entries(AUDIT_RSS_BYTES)) {
    const name = `peak RSS of one ${label} audit in its own process <= ${limit / MIB} MiB`;
    const run = runs.find((r) => r.tenantLabel === label);
    out.push(
      run
        ? {
            name,
            status: run.peakRssBytes <= limit ? "PASS" : "FAIL",
            detail: `${mib(run.peakRssBytes)} MiB (process before the audit ${mib(run.baselineRssBytes)} MiB)`,
            enforced: false,
          }
        : { name, status: "SKIP", detail: `tenant ${label} not run`, enforced: false },
    );
  }
  return out;
}

/** The enforced targets that failed: the benchmark exits non-zero when there is one. */
export function failedEnforcedTargets(targets: TargetOutcome[]): TargetOutcome[] {
  return targets.filter((t) => t.enforced && t.status === "FAIL");
}

const isPerUser = (section: string): boolean => (PER_USER_SECTIONS as readonly string[]).includes(section);

/** Smallest and largest tenant of the size series (same administrative structure). */
function seriesEnds(tenants: TenantResult[]): { small: TenantResult; large: TenantResult } | undefined {
  const series = tenants.filter((t) => t.tenant.series).sort((a, b) => a.tenant.profile.users - b.tenant.profile.users);
  const small = series[0];
  const large = series[series.length - 1];
  return small && large && small !== large ? { small, large } : undefined;
}

function sectionGrowthTargets(tenants: TenantResult[]): TargetOutcome[] {
  const ends = seriesEnds(tenants);
  if (!ends) {
    const detail = "needs two tenants of the size series";
    const name = "non-per-user sections: requests(1M) - requests(1k) <= 2";
    return [{ name, status: "SKIP", detail, enforced: true }];
  }
  const { small, large } = ends;
  const compared = `requests(${large.tenant.label}) - requests(${small.tenant.label}) <= ${LIMITS.sectionGrowth}`;
  const runs = Math.min(small.worker.audits.length, large.worker.audits.length);
  const over: string[] = [];
  let worstSum = -Infinity;
  let worstSumText = "";
  for (let i = 0; i < runs; i++) {
    const a = small.worker.audits[i]!;
    const b = large.worker.audits[i]!;
    const sections = new Set(
      [...Object.keys(a.graph.perSection), ...Object.keys(b.graph.perSection)].filter((s) => !isPerUser(s)),
    );
    let sum = 0;
    for (const s of [...sections].sort()) {
      const growth = (b.graph.perSection[s] ?? 0) - (a.graph.perSection[s] ?? 0);
      sum += growth;
      if (growth > LIMITS.sectionGrowth) {
        over.push(`audit ${a.run} ${s}: ${a.graph.perSection[s] ?? 0} -> ${b.graph.perSection[s] ?? 0} (+${growth})`);
      }
    }
    if (sum > worstSum) {
      worstSum = sum;
      worstSumText = `audit ${a.run}: ${sumOf(a, false)} -> ${sumOf(b, false)} (${signed(sum)})`;
    }
  }
  return [
    {
      name: `non-per-user sections: ${compared}, per section`,
      status: over.length === 0 ? "PASS" : "FAIL",
      detail: over.length === 0 ? "every section within +2" : over.join("; "),
      enforced: true,
    },
    {
      name: `non-per-user sections: ${compared}, summed`,
      status: worstSum <= LIMITS.sectionGrowth ? "PASS" : "FAIL",
      detail: worstSumText,
      enforced: true,
    },
    ...millionNotRun(large, "non-per-user sections: requests(1M) - requests(1k) <= 2"),
  ];
}

/** The SKIP line for a size-series target whose 1M tenant was not run (the quick benchmark). */
function millionNotRun(largest: TenantResult, name: string): TargetOutcome[] {
  return largest.tenant.profile.users < MILLION
    ? [{ name, status: "SKIP", detail: `the 1M tenant was not run (largest: ${largest.tenant.label})`, enforced: true }]
    : [];
}

/**
 * $batch keeps round trips flat: from the smallest to the largest tenant of the series they may grow
 * only by the per-user sections' extra pages (which are read one page per round trip), plus 2.
 */
function roundTripTarget(tenants: TenantResult[]): TargetOutcome {
  const name = `HTTP round trips grow only with per-user pages (+${LIMITS.sectionGrowth})`;
  const ends = seriesEnds(tenants);
  if (!ends) return { name, status: "SKIP", detail: "needs two tenants of the size series", enforced: true };
  const { small, large } = ends;
  const lines: string[] = [];
  let failed = false;
  const runs = Math.min(small.worker.audits.length, large.worker.audits.length);
  for (let i = 0; i < runs; i++) {
    const a = small.worker.audits[i]!;
    const b = large.worker.audits[i]!;
    const growth = b.graph.httpRequests - a.graph.httpRequests;
    const allowed = sumOf(b, true) - sumOf(a, true) + LIMITS.sectionGrowth;
    if (growth > allowed) failed = true;
    lines.push(
      `audit ${a.run}: ${small.tenant.label} ${a.graph.httpRequests} -> ${large.tenant.label} ${b.graph.httpRequests} (${signed(growth)}, allowed ${signed(allowed)})`,
    );
  }
  return { name, status: failed ? "FAIL" : "PASS", detail: lines.join("; "), enforced: true };
}

function sumOf(audit: AuditFigures, perUser: boolean): number {
  return Object.entries(audit.graph.perSection)
    .filter(([s]) => isPerUser(s) === perUser)
    .reduce((n, [, v]) => n + v, 0);
}

const signed = (n: number): string => (n >= 0 ? `+${n}` : String(n));

/**
 * ceil(items / page size) + 1: every full page, the last partial one, and one $count or empty page;
 * a read in `partitions` UPN partitions adds each partition's partial last page and the request
 * that sized or checked them (shared/graph/upnPartitions.ts).
 */
export function perUserRequestBound(items: number, pageSize: number, partitions = 1): number {
  return Math.ceil(items / pageSize) + 1 + (partitions > 1 ? partitions + 1 : 0);
}

/** The partitions the product reads a per-user section in: by its synced count, or (SSPR) by the tenant's users. */
function partitionsOf(section: PerUserSection, items: number, users: number): number {
  return partitionCount(section === "syncedUsers" ? items : users);
}

function perUserTargets(tenants: TenantResult[], pageSizes: Record<PerUserSection, number>): TargetOutcome[] {
  return PER_USER_SECTIONS.map((section) => {
    const name = `per-user section ${section}: requests <= ceil(items / ${pageSizes[section]}) + 1 (+ partitions + 1 when partitioned)`;
    const lines: string[] = [];
    let failed = false;
    let measured = 0;
    for (const t of tenants) {
      const items = t.perUserItems[section];
      if (items === null) continue;
      const bound = perUserRequestBound(
        items,
        pageSizes[section],
        partitionsOf(section, items, t.tenant.profile.users),
      );
      for (const audit of t.worker.audits) {
        const requests = audit.graph.perSection[section] ?? 0;
        measured++;
        if (requests > bound) {
          failed = true;
          lines.push(`${t.tenant.label} audit ${audit.run}: ${requests} requests for ${items} items (bound ${bound})`);
        }
      }
    }
    if (measured === 0) return { name, status: "SKIP", detail: "no tenant reported its item count", enforced: true };
    if (!failed) {
      const largest = [...tenants]
        .filter((t) => t.perUserItems[section] !== null)
        .sort((a, b) => b.tenant.profile.users - a.tenant.profile.users)[0]!;
      const items = largest.perUserItems[section]!;
      const requests = Math.max(...largest.worker.audits.map((a) => a.graph.perSection[section] ?? 0));
      lines.push(
        `largest: ${largest.tenant.label} ${requests} requests for ${items} items (bound ${perUserRequestBound(items, pageSizes[section], partitionsOf(section, items, largest.tenant.profile.users))})`,
      );
    }
    return { name, status: failed ? "FAIL" : "PASS", detail: lines.join("; "), enforced: true };
  });
}

function peakRssTarget(tenants: TenantResult[]): TargetOutcome {
  const name = `peak RSS of the 1M-user audit <= ${LIMITS.peakRssBytes / MIB} MiB`;
  const million = tenants.find((t) => t.tenant.series && t.tenant.profile.users >= MILLION);
  if (!million) {
    const largest = [...tenants].sort((a, b) => b.worker.peakRssBytes - a.worker.peakRssBytes)[0];
    const seen = largest ? `; highest seen: ${largest.tenant.label} ${mib(largest.worker.peakRssBytes)} MiB` : "";
    return { name, status: "SKIP", detail: `the 1M tenant was not run${seen}`, enforced: false };
  }
  const rss = million.worker.peakRssBytes;
  return {
    name,
    status: rss <= LIMITS.peakRssBytes ? "PASS" : "FAIL",
    detail: `${mib(rss)} MiB (process baseline before the audit ${mib(million.worker.baselineRssBytes)} MiB)`,
    enforced: false,
  };
}

export function tableOperationsBound(storedBytes: number): number {
  return LIMITS.tableOpsBase + storedBytes / MIB;
}

function tableOperationsTarget(tenants: TenantResult[]): TargetOutcome {
  const name = `table operations per audit <= ${LIMITS.tableOpsBase} + stored bytes / 1 MiB`;
  const over: string[] = [];
  let worst: { text: string; ratio: number } | undefined;
  for (const t of tenants) {
    for (const a of t.worker.audits) {
      const bound = tableOperationsBound(a.storedBytes);
      const text = `${t.tenant.label} audit ${a.run}: ${a.tableOperations} ops, ${a.storedBytes} stored bytes (bound ${bound.toFixed(2)})`;
      if (a.tableOperations > bound) over.push(text);
      const ratio = a.tableOperations / bound;
      if (!worst || ratio > worst.ratio) worst = { text, ratio };
    }
  }
  if (!worst) return { name, status: "SKIP", detail: "no audit ran", enforced: true };
  return over.length > 0
    ? { name, status: "FAIL", detail: over.join("; "), enforced: true }
    : { name, status: "PASS", detail: `closest: ${worst.text}`, enforced: true };
}

function throttlingTargets(throttling: ThrottlingResult | null): TargetOutcome[] {
  const same = "under 10% throttling: same exposure result";
  const extra = `under 10% throttling: <= ${LIMITS.throttledExtraRequests * 100}% more requests`;
  if (!throttling) {
    return [
      { name: same, status: "SKIP", detail: "throttling run not done", enforced: true },
      { name: extra, status: "SKIP", detail: "throttling run not done", enforced: true },
    ];
  }
  const t = throttling;
  return [
    {
      name: same,
      status: t.identical ? "PASS" : "FAIL",
      detail: t.identical
        ? `${t.tenantLabel}: findings, headline, writeback, sspr and coverage identical`
        : `${t.tenantLabel}: ${t.difference ?? "differs"}`,
      enforced: true,
    },
    {
      name: extra,
      status: t.extraRequestsPct <= LIMITS.throttledExtraRequests * 100 ? "PASS" : "FAIL",
      detail: `${t.tenantLabel}: ${t.baselineRequests} -> ${t.throttledRequests} requests (${signedPct(t.extraRequestsPct)})`,
      enforced: true,
    },
  ];
}

export const mib = (bytes: number): string => (bytes / MIB).toFixed(1);
const signedPct = (p: number): string => `${p >= 0 ? "+" : ""}${p.toFixed(1)}%`;
