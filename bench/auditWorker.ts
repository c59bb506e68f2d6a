/**
 * One benchmark audit worker: a fresh Node process per tenant, so its peak RSS is this tenant's
 * audit alone. Runs the product's audit (collect → exposure → store → diff) against the simulator
 * and Azurite, then times the diff on the snapshots loaded back from the store, and the fixes
 * ranked on the newer one (each a headline recomputation), and sends its figures to the parent over IPC.
 */
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../shared/config.js";
import { createAuditContext } from "../shared/audit/context.js";
import { runAudit } from "../shared/audit/runAudit.js";
import { computeExposure } from "../shared/exposure/computeExposure.js";
import { diffExposures } from "../shared/diff/diffExposures.js";
import { rankFixes } from "../shared/exposure/fixes.js";
import { createGraphClient } from "../shared/graph/GraphClient.js";
import { createTableStores } from "../shared/store/createTableStores.js";
import { comparableExposure, canonicalJson, fingerprint } from "./compareExposures.js";
import { readSimulatorStats, simulatorDelta } from "./simulatorStats.js";
import { graphFigures } from "./productStats.js";
import type { AuditFigures, DiffTiming, WorkerRequest, WorkerResult } from "./types.js";

const MAX_LISTED_TABLE_REQUESTS = 200;
const HOUR_MS = 3_600_000;

/** The simulator accepts any bearer token; this one is obviously fake. */
const FAKE_TOKEN = "bench-fake-token";

async function main(request: WorkerRequest): Promise<WorkerResult> {
  const log = request.verbose ? (line: string) => process.stderr.write(`    ${line}\n`) : () => undefined;
  const config = loadConfig({
    GRAPH_BASE_URL: request.graphBaseUrl,
    AUDIT_STORAGE: request.storageConnectionString,
    GRAPH_MAX_RETRIES: String(request.maxRetries),
  });
  // Operations by kind ("POST snapshots", "$batch"...), to explain the count when it is high.
  let byKind: Record<string, number> = {};
  let requests: string[] = [];
  const stores = await createTableStores(config.storage, {
    tablePrefix: request.tablePrefix,
    onRequest: (info) => {
      const kind = tableOperationKind(info.method, info.url, request.tablePrefix);
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      if (requests.length < MAX_LISTED_TABLE_REQUESTS) requests.push(`${info.method} ${tableRequestPath(info.url)}`);
    },
  });
  const baselineRssBytes = process.memoryUsage().rss;

  const audits: AuditFigures[] = [];
  const snapshotIds: string[] = [];
  let tenantId: string | undefined;
  let exposureJson = "";
  for (let run = 1; run <= request.audits; run++) {
    // A fresh Graph client per audit, so its counters are this audit's alone.
    const graph = createGraphClient({
      graphBaseUrl: config.graphBaseUrl,
      accessToken: FAKE_TOKEN,
      maxRetries: request.maxRetries,
      retryDelayScale: request.retryDelayScale,
      rateLimits: request.rateLimits,
    });
    // A frozen clock per audit, the same in every worker: two workers auditing the same tenant then
    // ask for the same audit-log window, so their exposures can be compared field for field.
    const frozen = new Date(Date.parse(request.clockStart) + (run - 1) * HOUR_MS);
    const ctx = await createAuditContext(config, { graph, stores, log, now: () => new Date(frozen) });
    const simBefore = await readSimulatorStats(request.graphBaseUrl);
    const opsBefore = stores.operations();
    byKind = {};
    requests = [];
    const started = performance.now();
    const result = await runAudit(ctx, { trigger: "cli" });
    const wallMs = performance.now() - started;
    const opsAfter = stores.operations();
    // Copies: the diff timing below reads the store again, and those reads are not the audit's.
    const auditByKind = { ...byKind };
    const auditRequests = [...requests];
    const simAfter = await readSimulatorStats(request.graphBaseUrl);

    snapshotIds.push(result.summary.snapshotId);
    tenantId = result.tenantId;
    if (run === 1) exposureJson = canonicalJson(comparableExposure(result.exposure));
    const synced = result.snapshot.sections.syncedUsers;
    const sspr = result.snapshot.sections.ssprRegistration;
    audits.push({
      run,
      wallMs,
      graph: graphFigures(graph.stats()),
      simulator: simBefore && simAfter ? simulatorDelta(simBefore, simAfter) : null,
      tableOperations: opsAfter - opsBefore,
      tableOperationsByKind: auditByKind,
      tableRequests: auditRequests,
      storedBytes: result.summary.storedBytes,
      rawBytes: result.summary.rawBytes,
      chunkRows: result.summary.chunkRows,
      snapshotId: result.summary.snapshotId,
      syncedUsers: synced.status === "ok" ? synced.data.count : null,
      ssprEnabledUsers: sspr.status === "ok" ? sspr.data.totalSsprEnabled : null,
      coverageGaps: result.coverageGaps,
      findings: result.exposure.findings.length,
      changes: result.diff.changes.length,
    });
    log(
      `audit ${run}: ${Math.round(wallMs)} ms, ${result.exposure.findings.length} findings, ${result.diff.changes.length} changes`,
    );
  }

  let diff: DiffTiming | null = null;
  if (tenantId && snapshotIds.length >= 2) {
    const [fromId, toId] = snapshotIds.slice(-2) as [string, string];
    const t0 = performance.now();
    const from = await stores.snapshots.loadSnapshot(tenantId, fromId);
    const to = await stores.snapshots.loadSnapshot(tenantId, toId);
    const t1 = performance.now();
    if (!from || !to) throw new Error(`snapshots ${fromId} / ${toId} did not load back from the store`);
    const before = computeExposure(from);
    const after = computeExposure(to);
    const t2 = performance.now();
    const changes = diffExposures(before, after).changes.length;
    const t3 = performance.now();
    const fixes = rankFixes(to, after);
    const t4 = performance.now();
    diff = {
      loadMs: t1 - t0,
      exposureMs: t2 - t1,
      diffMs: t3 - t2,
      changes,
      fixesMs: t4 - t3,
      fixesEvaluated: fixes.evaluated,
    };
  }

  await writeFile(request.exposureFile, exposureJson);
  return {
    audits,
    diff,
    // maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    baselineRssBytes,
    exposureFile: request.exposureFile,
    exposureFingerprint: fingerprint(JSON.parse(exposureJson || "null")),
  };
}

/** "GET snapshots", "POST $batch"... from a table request URL (Azurite path style: /account/table(...)). */
function tableOperationKind(method: string, url: string, prefix: string): string {
  const segment = new URL(url).pathname.split("/")[2] ?? "";
  const table = segment.replace(/\(.*$/, "").replace(new RegExp(`^${prefix}`), "");
  return `${method} ${table}`;
}

/** Path and query of a table request, without the account segment. */
function tableRequestPath(url: string): string {
  const u = new URL(url);
  return decodeURIComponent(u.pathname.split("/").slice(2).join("/") + u.search);
}

const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

const raw = process.argv[2];
if (!raw) {
  process.stderr.write(
    "usage: node --import tsx bench/auditWorker.ts '<WorkerRequest JSON>' (started by bench/run.ts)\n",
  );
  process.exit(2);
}
main(JSON.parse(raw) as WorkerRequest).then(
  async (result) => {
    await send({ ok: true, result });
    process.exit(0);
  },
  async (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await send({ ok: false, error: message });
    process.exit(1);
  },
);
