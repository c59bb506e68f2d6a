/**
 * One audit's collection: every section's collector (registered in collectors/index.ts) run by one
 * scheduler, each request sent as soon as what it needs is there, through one request pool that
 * batches whatever is waiting with a bounded number of requests in flight. Sections carry their own
 * status; nothing here throws for a section failure.
 */
import { randomBytes } from "node:crypto";
import {
  SNAPSHOT_SCHEMA_VERSION,
  SECTION_NAMES,
  type CollectionStats,
  type DeclaredWriteback,
  type Snapshot,
  type SectionName,
  type Sections,
  type SyncedUserResetEvent,
  type WritebackToggleEvent,
} from "../snapshot/types.js";
import type { ProtectedOnPremEntry } from "../snapshot/protectedOnPrem.js";
import { UserError } from "../errors.js";
import type { GraphClient, GraphClientStats } from "./GraphClient.js";
import { collectionJobs } from "./collectors/index.js";
import { notify, withPageProgress, type OnProgress } from "./progress.js";
import { createRequestPool } from "./schedule/requestPool.js";
import { runSections, sectionOf } from "./schedule/runSections.js";

export interface CollectSnapshotOptions {
  /** TENANT_ID. Otherwise the organization id, else the token's tenant, else `previousTenantId`. */
  tenantId?: string;
  /** The tenant the previous run audited: the last resort when /organization is unreadable. */
  previousTenantId?: string;
  declaredWriteback: DeclaredWriteback;
  /** Start of the audit-log window (the previous run's cursor). */
  auditSince: string;
  /** Evidence from the previous snapshot, kept beyond the audit log's retention. */
  carried?: { lastToggle: WritebackToggleEvent | null; lastSyncedUserReset: SyncedUserResetEvent | null };
  /** Declared protected on-prem accounts (PROTECTED_ONPREM_ACCOUNTS), left out of reach. */
  protectedOnPrem?: readonly ProtectedOnPremEntry[];
  now?: () => Date;
  abortSignal?: AbortSignal;
  /** Pages read of each chain and sections done, as they happen (the CLI's progress line). */
  onProgress?: OnProgress;
  /** Graph requests out at once (see schedule/requestPool.ts). */
  maxInFlight?: number;
  /** Users a per-user read's partition aims at (see upnPartitions.ts); tests make small tenants partition. */
  usersPerPartition?: number;
}

export async function collectSnapshot(graph: GraphClient, options: CollectSnapshotOptions): Promise<Snapshot> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedTick = performance.now();
  const before = graph.stats();
  const abortSignal = options.abortSignal;
  if (Number.isNaN(Date.parse(options.auditSince))) {
    throw new UserError(`auditSince "${options.auditSince}" is not an ISO 8601 instant (e.g. 2026-01-01T00:00:00Z).`);
  }

  const pool = createRequestPool(graph, {
    ...(abortSignal ? { abortSignal } : {}),
    ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
  });
  const reader = withPageProgress(pool, options.onProgress);
  const results = await runSections(
    collectionJobs({
      graph: reader,
      auditSince: options.auditSince,
      ...(options.carried ? { carried: options.carried } : {}),
      protectedOnPrem: options.protectedOnPrem ?? [],
      now,
      ...(options.usersPerPartition !== undefined ? { usersPerPartition: options.usersPerPartition } : {}),
    }),
    {
      ...(abortSignal ? { abortSignal } : {}),
      onSection: (section, result) =>
        notify(options.onProgress, { kind: "section", section, status: result.section.status }),
    },
  );
  const sections = Object.fromEntries(
    SECTION_NAMES.map((name) => [name, sectionOf(results, name)]),
  ) as unknown as Sections;
  const organization = sections.organization;

  const takenAt = started.toISOString();
  const tenantId =
    options.tenantId ?? (organization.status === "ok" ? organization.data.id : await fallbackTenantId(graph, options));
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: snapshotId(started),
    tenantId,
    takenAt,
    declaredWriteback: options.declaredWriteback,
    carriedEvidence: options.carried ?? null,
    sections,
    stats: statsBetween(before, graph.stats(), Math.round(performance.now() - startedTick)),
  };
}

/** The placeholder when no tenant id is known at all; a snapshot with it cannot be stored (see runAudit). */
export const UNKNOWN_TENANT = "unknown-tenant";

/**
 * /organization was unreadable and TENANT_ID is unset: the token names the tenant it was issued for;
 * failing that, the tenant the previous run audited.
 */
async function fallbackTenantId(graph: GraphClient, options: CollectSnapshotOptions): Promise<string> {
  const fromToken = await graph.tokenTenantId?.({ abortSignal: options.abortSignal }).catch(() => undefined);
  return fromToken ?? options.previousTenantId ?? UNKNOWN_TENANT;
}

/** Sortable and unique: the instant in compact form, then a random suffix. */
export function snapshotId(at: Date): string {
  const compact = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.(\d{3})Z$/, "$1Z");
  return `${compact}-${randomBytes(4).toString("hex")}`;
}

function statsBetween(before: GraphClientStats, after: GraphClientStats, durationMs: number): CollectionStats {
  const requests: Partial<Record<SectionName, number>> = {};
  for (const name of SECTION_NAMES) {
    const n = (after.requests[name] ?? 0) - (before.requests[name] ?? 0);
    if (n > 0) requests[name] = n;
  }
  return {
    requests,
    batchedRequests: after.batchedRequests - before.batchedRequests,
    retries: after.retries - before.retries,
    bytesReceived: after.bytesReceived - before.bytesReceived,
    durationMs,
  };
}
