/**
 * `npm run bench [-- --quick] [-- --verbose]`: audits generated tenants from 1k to 1M users against
 * the Graph simulator and Azurite, prints one row per tenant, requests per section and the targets
 * (bench/evaluateTargets.ts) as PASS/FAIL/SKIP, and writes everything to out/bench.json.
 *
 * Each tenant runs in its own simulator process and its own audit process, so the audit's peak RSS
 * is its own. The exit code is 1 when an enforced (deterministic) target fails or a tenant does not
 * complete, so CI can run `--quick`; wall times and peak RSS are printed, never enforced.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { startAzurite } from "../sim/azurite.js";
import { DOCUMENTED_LIMITS } from "../sim/graph/throttling.js";
import { PAGE_SIZE } from "../shared/graph/pageSizes.js";
import { firstDifference } from "./compareExposures.js";
import { evaluateTargets, failedEnforcedTargets } from "./evaluateTargets.js";
import {
  formatPageSizes,
  formatSectionTable,
  formatTargets,
  formatLatencyTable,
  formatTenantTable,
  formatThrottling,
} from "./formatReport.js";
import { attempts } from "./productStats.js";
import { criticalPath } from "./criticalPath.js";
import { startTraceProxy } from "./traceProxy.js";
import { compileWorker } from "./compileWorker.js";
import { runWorker } from "./runWorker.js";
import { perUserItems, startBenchSimulator, type BenchSimulator } from "./simulator.js";
import { benchTenants, BENCH_SEED, throttlingTenant } from "./tenants.js";
import type {
  BenchTenant,
  LatencyResult,
  PerUserSection,
  TargetOutcome,
  TenantResult,
  ThrottlingResult,
  WorkerRequest,
  WorkerResult,
} from "./types.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = path.join(ROOT, "out");

/** Retry-After waits are multiplied by this, so 1 s of Retry-After costs 10 ms of wall time. */
const RETRY_DELAY_SCALE = 0.01;
const MAX_RETRIES = 5;
const FAULT_RATE = 0.1;
const RETRY_AFTER_SECONDS = 1;
/** Graph's real latency is 100-300 ms a request; the latency run delays every round trip by this. */
const LATENCY_MS = 150;
/** Far above what a 1M tenant needs on 2 cores; only there so a stuck run ends. */
const WORKER_TIMEOUT_MS = 20 * 60 * 1000;

const PAGE_SIZES: Record<PerUserSection, number> = {
  syncedUsers: PAGE_SIZE.users,
  ssprRegistration: PAGE_SIZE.userRegistrationDetails,
};

interface Args {
  quick: boolean;
  verbose: boolean;
  /** Debugging aid: only these tenant labels. */
  only?: string[];
  throttle: boolean;
  latency: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, verbose: false, throttle: true, latency: true };
  for (const a of argv) {
    if (a === "--quick") args.quick = true;
    else if (a === "--verbose") args.verbose = true;
    else if (a === "--no-throttle") args.throttle = false;
    else if (a === "--no-latency") args.latency = false;
    else if (a.startsWith("--only=")) args.only = a.slice("--only=".length).split(",");
    else {
      process.stderr.write(
        `unknown option ${a}\nusage: npm run bench -- [--quick] [--verbose] [--no-throttle] [--no-latency] [--only=1k,10k]\n`,
      );
      process.exit(2);
    }
  }
  return args;
}

const t0 = performance.now();
function progress(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let tenants = benchTenants(args.quick);
  if (args.only) tenants = tenants.filter((t) => args.only!.includes(t.label));
  const throttled = args.throttle ? throttlingTenant(tenants, args.quick) : undefined;
  await mkdir(OUT_DIR, { recursive: true });

  progress(
    `tenants: ${tenants.map((t) => t.label).join(", ")}${throttled ? `; throttling run on ${throttled.label}` : ""}`,
  );
  progress("compiling the audit worker to JavaScript (as production runs it)");
  const workerPath = await compileWorker(ROOT, path.join(OUT_DIR, "bench-build"));
  progress("starting Azurite (tables, in memory)");
  const azurite = await startAzurite();
  // Whole seconds: the product's clock in every worker starts here (see auditWorker).
  const clockStart = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const results: TenantResult[] = [];
  const failures: { tenant: string; error: string }[] = [];
  let throttling: ThrottlingResult | null = null;
  const latency: LatencyResult[] = [];
  const jsonPath = path.join(OUT_DIR, "bench.json");
  // Written after every tenant too (complete: false), so a long run's figures survive an interruption.
  const writeResults = (complete: boolean) =>
    writeFile(
      jsonPath,
      JSON.stringify(
        {
          mode: args.quick ? "quick" : "full",
          complete,
          at: new Date().toISOString(),
          node: process.version,
          seed: BENCH_SEED,
          retryDelayScale: RETRY_DELAY_SCALE,
          pageSizes: PAGE_SIZES,
          tenants: results,
          failures,
          throttling,
          latency,
          targets: evaluateTargets({ tenants: results, throttling, latency, pageSizes: PAGE_SIZES, quick: args.quick }),
        },
        null,
        2,
      ),
    );
  try {
    for (const [index, tenant] of tenants.entries()) {
      progress(`${tenant.label}: starting the simulator (${tenant.profile.users.toLocaleString("en-US")} users)`);
      // The tenant's history ends a minute before the product's clock starts, in every tenant alike.
      const sim = await startBenchSimulator(tenant.profile, Date.parse(clockStart) - 60_000);
      try {
        const request = (suffix: string, audits: number): WorkerRequest => ({
          graphBaseUrl: sim.graphBaseUrl,
          storageConnectionString: azurite.connectionString,
          // Table names: letters and digits only; a fresh set per worker so every first audit is a first audit.
          tablePrefix: `bench${index}${suffix}`,
          audits,
          clockStart,
          maxRetries: MAX_RETRIES,
          retryDelayScale: RETRY_DELAY_SCALE,
          exposureFile: path.join(OUT_DIR, `bench-exposure-${tenant.label}${suffix ? `-${suffix}` : ""}.json`),
          verbose: args.verbose,
          rateLimits: "none",
        });
        progress(`${tenant.label}: two audits in a fresh process (baseline, then audit + diff)`);
        try {
          const worker = await runWorker(request("", 2), { workerPath, timeoutMs: WORKER_TIMEOUT_MS });
          results.push(tenantResult(tenant, worker));
          progress(`${tenant.label}: done, ${describe(worker)}`);
          if (args.latency) latency.push(await latencyRun(tenant, sim, worker, workerPath, request));
          if (tenant === throttled) {
            throttling = await throttlingRun(tenant, sim, worker, workerPath, (suffix, audits) =>
              request(suffix, audits),
            );
          }
        } catch (error) {
          // One tenant failing (a product error, a timeout) must not lose the others' figures.
          const message = error instanceof Error ? error.message : String(error);
          failures.push({ tenant: tenant.label, error: message });
          progress(`${tenant.label}: FAILED: ${message.split("\n")[0]}`);
        }
        await writeResults(false);
      } finally {
        await sim.stop();
      }
    }
  } finally {
    await azurite.stop();
  }

  const targets = [
    ...failures.map((f): TargetOutcome => ({
      name: `tenant ${f.tenant} completes`,
      status: "FAIL",
      detail: f.error.split("\n")[0] ?? "",
      enforced: true,
    })),
    ...evaluateTargets({ tenants: results, throttling, latency, pageSizes: PAGE_SIZES, quick: args.quick }),
  ];
  const out = [
    "",
    `writeback-watch benchmark (${args.quick ? "quick" : "full"}): seed ${BENCH_SEED}, 30% synced; figures of the second audit of each tenant (it diffs against the first)`,
    "",
    formatTenantTable(results),
    "",
    "  graph req = logical Graph requests ($batch items counted one by one); batched = of those, sent inside $batch;",
    "  http = round trips; own s = wall - simulator serving time; peak RSS = the audit process's maxRSS (both audits);",
    "  2 exposures ms = computing the exposure of both stored snapshots; diff ms = diffExposures alone.",
    "",
    "Graph requests per section (second audit):",
    formatSectionTable(results),
    "",
    formatPageSizes(PAGE_SIZES),
    ...(latency.length > 0
      ? [
          "",
          `Latency run: one first audit per tenant in its own process, every round trip delayed ${LATENCY_MS} ms by the simulator:`,
          formatLatencyTable(latency),
          "  lower bound = the larger of the path bound, critical path (longest chain of dependent round trips, from the",
          "  request trace) x latency, and the reports bound, the time Graph's limit of five report requests per 10 s",
          "  (/reports, /auditLogs) needs for this audit's report requests: floor((n-1)/5) x 10 s + latency;",
          "  ratio = wall / lower bound; longest per-user chain = pages of the longest users / userRegistrationDetails chain.",
        ]
      : []),
    ...(throttling ? ["", formatThrottling(throttling)] : []),
    "",
    "Targets:",
    formatTargets(targets),
    "",
  ].join("\n");
  process.stdout.write(out);

  await writeResults(true);
  progress(`wrote ${path.relative(ROOT, jsonPath)}`);
  const failed = failedEnforcedTargets(targets);
  if (failed.length > 0) {
    progress(`${failed.length} enforced target(s) failed: ${failed.map((t) => t.name).join("; ")}`);
    process.exitCode = 1;
  }
}

function describe(w: WorkerResult): string {
  const a = w.audits[w.audits.length - 1];
  return a
    ? `${a.graph.requests} requests, ${(a.wallMs / 1000).toFixed(1)} s, peak RSS ${(w.peakRssBytes / 1048576).toFixed(0)} MiB`
    : "no audit";
}

/** Item counts of the per-user sections come from the tenant's definition, not from the product. */
function tenantResult(tenant: BenchTenant, worker: WorkerResult): TenantResult {
  const items = perUserItems(tenant.profile);
  const first = worker.audits[0];
  if (first && first.syncedUsers !== null && first.syncedUsers !== items.syncedUsers) {
    progress(
      `${tenant.label}: warning: the audit counted ${first.syncedUsers} synced users, the tenant has ${items.syncedUsers}`,
    );
  }
  return { tenant, worker, perUserItems: items, perUserItemsSource: "simulator generator (generatedExpectations)" };
}

/**
 * One first audit through the trace proxy with the simulator's latency rule on every request: its
 * wall time against the lower bound its own trace gives, and its exposure against the audit without latency.
 */
async function latencyRun(
  tenant: BenchTenant,
  sim: BenchSimulator,
  baseline: WorkerResult,
  workerPath: string,
  request: (suffix: string, audits: number) => WorkerRequest,
): Promise<LatencyResult> {
  progress(`${tenant.label}: latency run, ${LATENCY_MS} ms per round trip, Graph's reports limit kept, traced`);
  const proxy = await startTraceProxy(sim.graphBaseUrl);
  await sim.delay(LATENCY_MS);
  await sim.setThrottling("documented");
  let worker: WorkerResult;
  try {
    worker = await runWorker(
      { ...request("latency", 1), graphBaseUrl: proxy.origin, rateLimits: "documented" },
      {
        workerPath,
        timeoutMs: WORKER_TIMEOUT_MS,
      },
    );
  } finally {
    await sim.clearFaults();
    await sim.setThrottling("off");
    await proxy.close();
  }
  const audit = worker.audits[0]!;
  const path = criticalPath(proxy.take());
  const pathBoundMs = path.depth * LATENCY_MS;
  const { requests: perWindow, windowMs } = DOCUMENTED_LIMITS.identityAndAccessReports;
  const rateBoundMs =
    path.reportRequests > perWindow ? Math.floor((path.reportRequests - 1) / perWindow) * windowMs + LATENCY_MS : 0;
  const lowerBoundMs = Math.max(pathBoundMs, rateBoundMs);
  const [a, b] = await Promise.all([readFile(baseline.exposureFile, "utf8"), readFile(worker.exposureFile, "utf8")]);
  const difference = firstDifference(JSON.parse(a), JSON.parse(b));
  const result: LatencyResult = {
    tenantLabel: tenant.label,
    latencyMs: LATENCY_MS,
    wallMs: audit.wallMs,
    lowerBoundMs,
    pathBoundMs,
    rateBoundMs,
    reportRequests: path.reportRequests,
    ratio: lowerBoundMs > 0 ? audit.wallMs / lowerBoundMs : Infinity,
    roundTrips: path.roundTrips,
    criticalPath: path.depth,
    longestPerUserChain: path.longestPerUserChain,
    perUserChains: path.perUserChains,
    requests: audit.graph.requests,
    peakRssBytes: worker.peakRssBytes,
    baselineRssBytes: worker.baselineRssBytes,
    identical: difference === undefined,
    ...(difference !== undefined ? { difference } : {}),
  };
  progress(
    `${tenant.label}: latency run ${(result.wallMs / 1000).toFixed(1)} s, lower bound ${(lowerBoundMs / 1000).toFixed(1)} s (${path.depth} round trips), ratio ${result.ratio.toFixed(2)}`,
  );
  return result;
}

async function throttlingRun(
  tenant: BenchTenant,
  sim: BenchSimulator,
  baseline: WorkerResult,
  workerPath: string,
  request: (suffix: string, audits: number) => WorkerRequest,
): Promise<ThrottlingResult> {
  progress(
    `${tenant.label}: throttling run, ${FAULT_RATE * 100}% of requests -> 429 Retry-After ${RETRY_AFTER_SECONDS} s (x${RETRY_DELAY_SCALE})`,
  );
  await sim.throttle(FAULT_RATE, RETRY_AFTER_SECONDS, BENCH_SEED);
  let worker: WorkerResult;
  try {
    // One audit, like the baseline's first: both are a tenant's first audit on empty tables.
    worker = await runWorker(request("throttled", 1), { workerPath, timeoutMs: WORKER_TIMEOUT_MS });
  } finally {
    await sim.clearFaults();
  }
  const before = baseline.audits[0]!;
  const after = worker.audits[0]!;
  const baselineRequests = attempts(before.graph);
  const throttledRequests = attempts(after.graph);
  const [a, b] = await Promise.all([readFile(baseline.exposureFile, "utf8"), readFile(worker.exposureFile, "utf8")]);
  const difference = firstDifference(JSON.parse(a), JSON.parse(b));
  progress(`${tenant.label}: throttled audit done, ${throttledRequests} requests vs ${baselineRequests}`);
  return {
    tenantLabel: tenant.label,
    faultRate: FAULT_RATE,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    retryDelayScale: RETRY_DELAY_SCALE,
    baselineRequests,
    throttledRequests,
    baselineHttpRequests: before.graph.httpRequests,
    throttledHttpRequests: after.graph.httpRequests,
    extraRequestsPct: ((throttledRequests - baselineRequests) / baselineRequests) * 100,
    throttledResponses: after.simulator ? after.simulator.throttled : null,
    identical: difference === undefined,
    difference,
    worker,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
