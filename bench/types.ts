/**
 * Plain data passed between the benchmark's parent process, its audit workers and its reports.
 * Everything here is JSON-safe: it crosses a process boundary and ends up in out/bench.json.
 */

/** A generated tenant as the simulator's profile describes it. */
export interface TenantProfile {
  seed: number;
  users: number;
  /** Share of users synced from on-premises AD (0..1). */
  syncedShare: number;
  raGroupMembers?: number;
  auScopedAdmins?: number;
}

export interface BenchTenant {
  /** Short label for tables, e.g. "1k", "1M", "ra20k+au500". */
  label: string;
  profile: TenantProfile;
  /** Part of the size series (same administrative structure) the growth target compares. */
  series: boolean;
}

/** What the Graph client counted during one audit. */
export interface GraphFigures {
  /** Logical Graph requests: direct ones plus the items carried inside $batch posts (first attempts). */
  requests: number;
  /** HTTP round trips on the wire: $batch posts and retries included. */
  httpRequests: number;
  batches: number;
  /** Logical requests that travelled inside a $batch. */
  batchedItems: number;
  /** Retried attempts (whole requests and single $batch items). */
  retries: number;
  bytesReceived: number;
  /** Logical requests per snapshot section; a $batch's items count in their own sections. */
  perSection: Record<string, number>;
}

/** What the simulator saw between two reads of its stats. */
export interface SimulatorFigures {
  /** HTTP requests received (a $batch counts once). */
  requests: number;
  /** Time the simulator spent inside its handlers (its own CPU work, not the product's). */
  servingMs: number;
  /** 429s it injected. */
  throttled: number;
  batchedItems: number;
  bytesSent: number;
  /** Requests per section as the simulator routed them ($batch items included, retries included). */
  perSection: Record<string, number>;
}

export interface AuditFigures {
  /** 1 = first audit (baseline), 2 = the one that diffs against the first. */
  run: number;
  wallMs: number;
  graph: GraphFigures;
  simulator: SimulatorFigures | null;
  tableOperations: number;
  /** "METHOD table" → count, for the JSON output. */
  tableOperationsByKind: Record<string, number>;
  /** The table requests themselves ("GET snapshots()?$filter=..."), first 200, to explain the count. */
  tableRequests: string[];
  storedBytes: number;
  rawBytes: number;
  chunkRows: number;
  snapshotId: string;
  /** Items the per-user sections folded (from the snapshot). */
  syncedUsers: number | null;
  ssprEnabledUsers: number | null;
  coverageGaps: string[];
  findings: number;
  changes: number;
}

export interface DiffTiming {
  /** Loading both snapshots back from the store. */
  loadMs: number;
  /** Computing both snapshots' exposures. */
  exposureMs: number;
  /** diffExposures alone. */
  diffMs: number;
  changes: number;
  /** rankFixes on the newer snapshot: wall time, and how many fixes it recomputed. */
  fixesMs?: number;
  fixesEvaluated?: number;
}

/** One audit worker's report (a fresh process per tenant and mode). */
export interface WorkerResult {
  audits: AuditFigures[];
  diff: DiffTiming | null;
  /** process.resourceUsage().maxRSS, in bytes, for the whole worker. */
  peakRssBytes: number;
  /** RSS right before the first audit (Node + loader + modules), in bytes. */
  baselineRssBytes: number;
  /** Path of the normalised exposure of the first audit (for the throttling comparison). */
  exposureFile: string;
  exposureFingerprint: string;
}

export interface WorkerRequest {
  graphBaseUrl: string;
  storageConnectionString: string;
  tablePrefix: string;
  /** How many audits to run one after the other (2 = baseline + diff). */
  audits: number;
  /** ISO instant the product's clock shows during audit 1; audit n sees it plus n-1 hours. */
  clockStart: string;
  maxRetries: number;
  retryDelayScale: number;
  exposureFile: string;
  verbose: boolean;
  /**
   * Whether the product keeps Graph's documented reports limit (shared/graph/schedule/rateLimits.ts).
   * The latency run does, against a simulator that enforces it; the count and memory runs do not
   * (the simulator then does not either), so a 1M-user tenant is not audited for minutes per run.
   */
  rateLimits: "documented" | "none";
}

export interface TenantResult {
  tenant: BenchTenant;
  worker: WorkerResult;
  /** Items each per-user section had to read (what the request bound is computed from). */
  perUserItems: Record<PerUserSection, number | null>;
  /** Where perUserItems came from: the simulator's stats, or the snapshot when the simulator does not say. */
  perUserItemsSource: string;
  /** The simulator's own description of the tenant, when it gives one. */
  simulatorTenant?: unknown;
}

export const PER_USER_SECTIONS = ["syncedUsers", "ssprRegistration"] as const;
export type PerUserSection = (typeof PER_USER_SECTIONS)[number];

export interface ThrottlingResult {
  tenantLabel: string;
  faultRate: number;
  retryAfterSeconds: number;
  retryDelayScale: number;
  /** Logical requests + retried attempts (what Graph's throttling counts), first audit on empty tables. */
  baselineRequests: number;
  throttledRequests: number;
  /** HTTP round trips, for reference ($batch posts count once however many items they carry). */
  baselineHttpRequests: number;
  throttledHttpRequests: number;
  extraRequestsPct: number;
  throttledResponses: number | null;
  identical: boolean;
  /** First difference, when not identical. */
  difference?: string;
  worker: WorkerResult;
}

/** One audit in its own process with every Graph round trip delayed by the simulator's latency rule. */
export interface LatencyResult {
  tenantLabel: string;
  /** Delay per round trip (a `$batch` is one). */
  latencyMs: number;
  wallMs: number;
  /**
   * The larger of: round trips on the longest dependent chain × latencyMs (bench/criticalPath.ts),
   * and the time Graph's reports limit needs for this audit's report requests (rateBoundMs).
   */
  lowerBoundMs: number;
  /** Round trips on the longest dependent chain × latencyMs. */
  pathBoundMs: number;
  /** Report requests (five per 10 s): the last of n cannot start before floor((n-1)/5) windows, plus its latency. */
  rateBoundMs: number;
  /** Requests under the identity and access reports limit. */
  reportRequests: number;
  ratio: number;
  roundTrips: number;
  criticalPath: number;
  longestPerUserChain: number;
  perUserChains: number;
  /** Logical Graph requests of this audit (a first audit, like the baseline's first). */
  requests: number;
  /** The process's peak RSS: this one audit's, since it is alone in its process. */
  peakRssBytes: number;
  baselineRssBytes: number;
  /** Same exposure as the audit without latency. */
  identical: boolean;
  difference?: string;
}

export type TargetStatus = "PASS" | "FAIL" | "SKIP";

export interface TargetOutcome {
  name: string;
  status: TargetStatus;
  detail: string;
  /** Deterministic for a given seed: a FAIL makes the benchmark exit non-zero. Otherwise measured and printed only. */
  enforced: boolean;
}
