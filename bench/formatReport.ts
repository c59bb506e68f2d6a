/** The benchmark's printed report: plain-text tables from the measured figures. Pure. */
import { mib } from "./evaluateTargets.js";
import type {
  AuditFigures,
  LatencyResult,
  PerUserSection,
  TargetOutcome,
  TenantResult,
  ThrottlingResult,
} from "./types.js";

/** Left-aligns the first column, right-aligns the others. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/** The audit a tenant row shows: the last one (it diffs against the one before). */
export function reportedAudit(t: TenantResult): AuditFigures {
  const audit = t.worker.audits[t.worker.audits.length - 1];
  if (!audit) throw new Error(`tenant ${t.tenant.label}: the worker reported no audit`);
  return audit;
}

export function formatTenantTable(tenants: TenantResult[]): string {
  const header = [
    "tenant",
    "users",
    "synced",
    "graph req",
    "batched",
    "http",
    "retries",
    "bytes recv",
    "wall s",
    "sim serve s",
    "own s",
    "peak RSS MiB",
    "table ops",
    "stored B",
    "2 exposures ms",
    "diff ms",
    "fixes ms",
  ];
  const rows = tenants.map((t) => {
    const a = reportedAudit(t);
    const serving = a.simulator?.servingMs;
    return [
      t.tenant.label,
      int(t.tenant.profile.users),
      a.syncedUsers === null ? "?" : int(a.syncedUsers),
      int(a.graph.requests),
      int(a.graph.batchedItems),
      int(a.graph.httpRequests),
      int(a.graph.retries),
      int(a.graph.bytesReceived),
      seconds(a.wallMs),
      serving === undefined ? "?" : seconds(serving),
      serving === undefined ? "?" : seconds(a.wallMs - serving),
      mib(t.worker.peakRssBytes),
      int(a.tableOperations),
      int(a.storedBytes),
      t.worker.diff ? t.worker.diff.exposureMs.toFixed(1) : "?",
      t.worker.diff ? t.worker.diff.diffMs.toFixed(1) : "?",
      t.worker.diff?.fixesMs !== undefined
        ? `${t.worker.diff.fixesMs.toFixed(1)} (${t.worker.diff.fixesEvaluated})`
        : "?",
    ];
  });
  return formatTable(header, rows);
}

export function formatSectionTable(tenants: TenantResult[]): string {
  const sections = [...new Set(tenants.flatMap((t) => Object.keys(reportedAudit(t).graph.perSection)))];
  const header = ["section", ...tenants.map((t) => t.tenant.label)];
  const rows = sections.map((s) => [s, ...tenants.map((t) => String(reportedAudit(t).graph.perSection[s] ?? 0))]);
  rows.push([
    "(sum)",
    ...tenants.map((t) => String(Object.values(reportedAudit(t).graph.perSection).reduce((n, v) => n + v, 0))),
  ]);
  return formatTable(header, rows);
}

export function formatThrottling(t: ThrottlingResult): string {
  return [
    `throttling (${t.tenantLabel}): ${Math.round(t.faultRate * 100)}% of requests answered 429 with Retry-After ${t.retryAfterSeconds} s,`,
    `  waits scaled by retryDelayScale ${t.retryDelayScale} (so ${(t.retryAfterSeconds * t.retryDelayScale * 1000).toFixed(0)} ms per Retry-After).`,
    `  requests (logical + retried attempts) ${t.baselineRequests} -> ${t.throttledRequests} (${t.extraRequestsPct >= 0 ? "+" : ""}${t.extraRequestsPct.toFixed(1)}%),` +
      ` http round trips ${t.baselineHttpRequests} -> ${t.throttledHttpRequests}, 429s served ${t.throttledResponses ?? "?"},\n  exposure ${t.identical ? "identical" : `DIFFERENT (${t.difference ?? "?"})`}`,
  ].join("\n");
}

export function formatLatencyTable(runs: LatencyResult[]): string {
  const header = [
    "tenant",
    "latency ms",
    "wall s",
    "lower bound s",
    "path bound s",
    "reports bound s (requests)",
    "ratio",
    "critical path",
    "longest per-user chain",
    "per-user chains",
    "round trips",
    "graph req",
    "peak RSS MiB (one audit)",
  ];
  const rows = runs.map((r) => [
    r.tenantLabel,
    String(r.latencyMs),
    seconds(r.wallMs),
    seconds(r.lowerBoundMs),
    seconds(r.pathBoundMs),
    `${seconds(r.rateBoundMs)} (${r.reportRequests})`,
    r.ratio.toFixed(2),
    String(r.criticalPath),
    String(r.longestPerUserChain),
    String(r.perUserChains),
    int(r.roundTrips),
    int(r.requests),
    mib(r.peakRssBytes),
  ]);
  return formatTable(header, rows);
}

export function formatPageSizes(pageSizes: Record<PerUserSection, number>): string {
  return `page size used for per-user sections: ${Object.entries(pageSizes)
    .map(([s, n]) => `${s} ${n}`)
    .join(", ")} (shared/graph/pageSizes.ts; the simulator enforces the same maxima)`;
}

export function formatTargets(targets: TargetOutcome[]): string {
  return targets
    .map((t) => `${t.status.padEnd(4)}  ${t.name}${t.enforced ? "" : " [measured, not enforced]"}: ${t.detail}`)
    .join("\n");
}
