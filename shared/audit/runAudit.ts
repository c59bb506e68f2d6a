/**
 * One audit run: collect → snapshot → exposure → diff → store → notify, under the audit lease.
 *
 * Crash safety: the snapshot's summary row is the commit point. Everything after it (changes,
 * outbox, sends) is idempotent and driven by the `notified` cursor, so a run that dies after the
 * commit is finished by the next run (see publishChanges), and one that dies before it leaves
 * nothing readers trust.
 */
import type { Diff } from "../diff/types.js";
import type { Exposure } from "../exposure/types.js";
import { computeExposure } from "../exposure/computeExposure.js";
import { collectSnapshot } from "../graph/collectSnapshot.js";
import type { Snapshot } from "../snapshot/types.js";
import type { SnapshotSummary } from "../store/types.js";
import { scrubSecrets } from "../errors.js";
import type { AuditContext } from "./context.js";
import { publishChanges, type AlertOutcome } from "./publishChanges.js";
import { loadLatest } from "./loadSnapshot.js";
import { resolveTenantId } from "./readers.js";

export const AUDIT_LEASE = "audit";
/** Audit-log events reach Graph minutes late; re-read this much of the previous window. */
const AUDIT_LOG_OVERLAP_MS = 30 * 60 * 1000;

export interface AuditRunOptions {
  trigger: "timer" | "http" | "cli" | "demo";
  abortSignal?: AbortSignal;
}

export interface AuditRunResult {
  tenantId: string;
  summary: SnapshotSummary;
  snapshot: Snapshot;
  exposure: Exposure;
  diff: Diff;
  alerts: AlertOutcome;
  coverageGaps: string[];
  durationMs: number;
  purgedSnapshots: number;
}

/** Runs one audit. Throws LeaseHeldError when another audit is running. */
export async function runAudit(ctx: AuditContext, options: AuditRunOptions): Promise<AuditRunResult> {
  const started = ctx.now();
  const { stores, config } = ctx;
  const lease = await stores.leases.acquire(AUDIT_LEASE, ctx.holderId, config.leaseSeconds, options);
  let tenantHint = config.tenantId;
  try {
    tenantHint ??= await resolveTenantId(ctx, options.abortSignal);

    // Finish what a crashed run committed but did not publish, before anything new.
    if (tenantHint) await publishChanges(ctx, { tenantId: tenantHint, abortSignal: options.abortSignal });

    const previous = tenantHint ? await loadLatest(ctx, tenantHint, options.abortSignal) : undefined;
    const cursor = tenantHint ? await stores.state.getCursor(tenantHint, "auditLog", options) : undefined;
    const auditSince = cursor
      ? new Date(Date.parse(cursor) - AUDIT_LOG_OVERLAP_MS).toISOString()
      : new Date(started.getTime() - config.auditLookbackDays * 86_400_000).toISOString();
    const carried = previous?.snapshot.sections.auditEvents;

    const snapshot = await collectSnapshot(ctx.graph, {
      tenantId: config.tenantId,
      declaredWriteback: config.declaredWriteback,
      auditSince,
      carried:
        carried?.status === "ok"
          ? { lastToggle: carried.data.lastToggle, lastSyncedUserReset: carried.data.lastSyncedUserReset }
          : undefined,
      now: ctx.now,
      abortSignal: options.abortSignal,
    });
    const tenantId = snapshot.tenantId;
    // The tenant the credential reaches may differ from the one last audited (a re-pointed deployment).
    const baseline = tenantId === tenantHint ? previous : await loadLatest(ctx, tenantId, options.abortSignal);

    const exposure = computeExposure(snapshot);
    const summary = await stores.snapshots.saveSnapshot(snapshot, exposure, options);
    if (snapshot.sections.auditEvents.status === "ok") {
      await stores.state.setCursor(tenantId, "auditLog", snapshot.sections.auditEvents.data.until, options);
    }

    const published = await publishChanges(ctx, {
      tenantId,
      abortSignal: options.abortSignal,
      known: { summary, exposure, previous: baseline ? { summary: baseline.summary, exposure: baseline.exposure } : null },
    });

    const cutoff = new Date(started.getTime() - config.retentionDays * 86_400_000);
    const { deletedSnapshots } = await stores.snapshots.purgeOlderThan(tenantId, cutoff, options);

    const coverageGaps = exposure.coverage.filter((c) => c.status === "unknown").map((c) => c.section);
    const durationMs = ctx.now().getTime() - started.getTime();
    await stores.state.setLastRun(
      {
        tenantId,
        at: summary.takenAt,
        status: coverageGaps.length > 0 ? "partial" : "ok",
        snapshotId: summary.snapshotId,
        durationMs,
      },
      options,
    );
    return {
      tenantId,
      summary,
      snapshot,
      exposure,
      diff: published.diff,
      alerts: published.alerts,
      coverageGaps,
      durationMs,
      purgedSnapshots: deletedSnapshots,
    };
  } catch (error) {
    await stores.state
      .setLastRun({
        tenantId: tenantHint ?? "unknown",
        at: ctx.now().toISOString(),
        status: "failed",
        error: scrubSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500),
        durationMs: ctx.now().getTime() - started.getTime(),
      })
      .catch(() => undefined);
    throw error;
  } finally {
    await stores.leases.release(lease).catch(() => undefined);
  }
}
