/**
 * One audit run: collect → snapshot → exposure → diff → store → notify, under the audit lease.
 *
 * Crash safety: the snapshot's summary row is the commit point. Everything after it (changes,
 * outbox, sends) is idempotent, and the run records the snapshot as published only at the end
 * (LastRun.notifiedSnapshotId), so a run that dies after the commit is finished by the next run,
 * and one that dies before it leaves nothing readers trust.
 *
 * Table operations are kept to a handful per run whatever the tenant's size: one read of the run
 * state, one page of summaries, one chunk query for the previous snapshot, one transaction for a
 * small snapshot, one for its changes, one write of the run state, the lease, and retention at
 * most daily.
 */
import { randomUUID } from "node:crypto";
import type { Diff } from "../diff/types.js";
import type { Exposure } from "../exposure/types.js";
import { computeExposure } from "../exposure/computeExposure.js";
import { collectSnapshot } from "../graph/collectSnapshot.js";
import type { Snapshot } from "../snapshot/types.js";
import type { LastRun, SnapshotSummary } from "../store/types.js";
import { scrubSecrets, UserError } from "../errors.js";
import { isGuid } from "../guid.js";
import type { AuditContext } from "./context.js";
import { mergeOutcomes, NO_ALERTS, publishChanges, type AlertOutcome } from "./publishChanges.js";
import { loadLatest, loadNewestIntact, LOOK_BACK, type LoadedSnapshot } from "./loadSnapshot.js";
import { tenantIdOf } from "./readers.js";
import { carriedFrom } from "../snapshot/carriedEvidence.js";
import { countRun } from "./runHistory.js";
import { anySignal } from "./deadline.js";

export const AUDIT_LEASE = "audit";
/** Audit-log events reach Graph minutes late; re-read this much of the previous window. */
const AUDIT_LOG_OVERLAP_MS = 30 * 60 * 1000;
/** Retention needs no more than a daily pass. */
const PURGE_INTERVAL_MS = 24 * 3_600_000;

export interface AuditRunOptions {
  trigger: "timer" | "http" | "cli" | "demo";
  /** Ends the whole run where it is (storing and sending included). */
  abortSignal?: AbortSignal;
  /**
   * The audit's deadline (see deadline.ts): when it fires, collection stops, the sections not read
   * yet are unknown ("timeout"), and the snapshot of what was read is still stored and published.
   */
  deadline?: AbortSignal;
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
  /** A previous run committed a snapshot but died before publishing it; this run finished that. */
  recoveredSnapshotId?: string;
  /**
   * Why finishing that snapshot failed, when it did (scrubbed). The run went on and compared with
   * the snapshot before it instead, so its own diff tells what the recovery could not.
   */
  recoveryError?: string;
}

/** Runs one audit. Throws LeaseHeldError when another audit is running. */
export async function runAudit(ctx: AuditContext, options: AuditRunOptions): Promise<AuditRunResult> {
  const started = ctx.now();
  const { stores, config } = ctx;
  const signal = options.abortSignal;
  // One holder per run, not per process: a timer run and an HTTP check served by the same worker
  // must not share (and so renew) one lease.
  const holder = `${ctx.holderId}/${randomUUID().slice(0, 8)}`;
  const lease = await stores.leases.acquire(AUDIT_LEASE, holder, config.leaseSeconds, options);
  let lastRun: LastRun | undefined;
  let tenantHint: string | undefined = config.tenantId;
  try {
    lastRun = await stores.state.getLastRun(options);
    tenantHint = tenantIdOf(config, lastRun);
    // Cursors belong to the tenant they were taken in (a re-pointed deployment starts afresh).
    const cursors = lastRun?.tenantId === tenantHint ? lastRun : undefined;

    const history = tenantHint
      ? (await stores.snapshots.listSummaries(tenantHint, { pageSize: LOOK_BACK, ...options })).items
      : [];
    let previous = tenantHint ? await loadNewestIntact(ctx, tenantHint, history, signal) : undefined;

    // Finish what a crashed run committed but did not publish, before anything new. Whatever goes
    // wrong there stays there: this run still audits, and tells what the recovery could not.
    let recoveredSnapshotId: string | undefined;
    let recovery: Recovery | undefined;
    if (tenantHint && previous && cursors?.notifiedSnapshotId !== previous.summary.snapshotId) {
      recovery = await finishUnpublished(ctx, tenantHint, previous, history, signal);
      recoveredSnapshotId = previous.summary.snapshotId;
    }

    const auditSince = cursors?.auditLogCursor
      ? new Date(Date.parse(cursors.auditLogCursor) - AUDIT_LOG_OVERLAP_MS).toISOString()
      : new Date(started.getTime() - config.auditLookbackDays * 86_400_000).toISOString();
    const carried = carriedFrom(previous?.snapshot);
    const snapshot = await collectSnapshot(ctx.graph, {
      tenantId: config.tenantId,
      previousTenantId: tenantHint,
      declaredWriteback: config.declaredWriteback,
      protectedOnPrem: config.protectedOnPrem,
      auditSince,
      carried,
      now: ctx.now,
      abortSignal: anySignal(signal, options.deadline),
    });
    if (options.deadline?.aborted && !signal?.aborted) {
      ctx.log(JSON.stringify({ event: "audit.deadline", trigger: options.trigger, snapshotId: snapshot.id }));
    }
    const tenantId = snapshot.tenantId;
    if (!isGuid(tenantId)) {
      throw new UserError(
        "The organization could not be read and no tenant id is known (no TENANT_ID, no tenant in the token, no previous run): set TENANT_ID, or grant Organization.Read.All.",
      );
    }
    // A recovery that failed published nothing: compare with the snapshot it compared from, so this
    // run's diff (and alert) covers what the unpublished one found. The alert memory keeps what the
    // recovery did get out from going out twice.
    let compareWith = recovery?.failed && recovery.before ? recovery.before : previous;
    if (tenantId !== tenantHint) {
      // The credential reaches another tenant than the one last audited: compare within that tenant only.
      previous = await loadLatest(ctx, tenantId, signal);
      compareWith = previous;
    }

    const exposure = computeExposure(snapshot);
    const summary = await stores.snapshots.saveSnapshot(snapshot, exposure, options);
    const published = await publishChanges(ctx, {
      current: { snapshot, exposure },
      previous: compareWith ?? null,
      abortSignal: signal,
    });

    const alerts = recovery ? mergeOutcomes(recovery.alerts, published.alerts) : published.alerts;
    const acceptanceProblems = published.exposure.acceptances?.problems ?? [];
    const sameTenantRun = lastRun?.tenantId === tenantId ? lastRun : undefined;
    let purgedSnapshots = 0;
    let lastPurgeAt = sameTenantRun?.lastPurgeAt;
    if (!lastPurgeAt || started.getTime() - Date.parse(lastPurgeAt) >= PURGE_INTERVAL_MS) {
      const cutoff = new Date(started.getTime() - config.retentionDays * 86_400_000);
      purgedSnapshots = (await stores.snapshots.purgeOlderThan(tenantId, cutoff, options)).deletedSnapshots;
      lastPurgeAt = started.toISOString();
    }

    const coverageGaps = exposure.coverage.filter((c) => c.status === "unknown").map((c) => c.section);
    const readNothing = coverageGaps.length === exposure.coverage.length;
    const durationMs = ctx.now().getTime() - started.getTime();
    const audit = snapshot.sections.auditEvents;
    await stores.state.setLastRun(
      {
        tenantId,
        at: summary.takenAt,
        status: coverageGaps.length > 0 ? "partial" : "ok",
        snapshotId: summary.snapshotId,
        durationMs,
        auditLogCursor: audit.status === "ok" ? audit.data.until : sameTenantRun?.auditLogCursor,
        notifiedSnapshotId: summary.snapshotId,
        lastPurgeAt,
        // An audit that could read no section at all saw nothing: it counts as failed in the history.
        runsByHour: countRun(
          lastRun,
          tenantId,
          started,
          readNothing ? "failed" : coverageGaps.length > 0 ? "partial" : "ok",
        ),
        lastSuccessAt: readNothing ? sameTenantRun?.lastSuccessAt : summary.takenAt,
        ...(alerts.authFailure ? { emailAuthFailure: alerts.authFailure } : {}),
        ...(acceptanceProblems.length > 0 ? { acceptanceProblems: acceptanceProblems.length } : {}),
      },
      options,
    );
    return {
      tenantId,
      summary,
      snapshot,
      // As owners read it: accepted findings marked, the unaccepted figures beside the headline.
      exposure: published.exposure,
      diff: published.diff,
      alerts,
      coverageGaps,
      durationMs,
      purgedSnapshots,
      ...(recoveredSnapshotId ? { recoveredSnapshotId } : {}),
      ...(recovery?.failed ? { recoveryError: recovery.failed } : {}),
    };
  } catch (error) {
    // Keep the cursors of the last good run: a snapshot committed before the failure is then
    // still "unpublished", and the next run finishes it.
    await stores.state
      .setLastRun({
        ...(lastRun ?? {}),
        ...(tenantHint ? { runsByHour: countRun(lastRun, tenantHint, started, "failed") } : {}),
        tenantId: tenantHint ?? lastRun?.tenantId ?? "unknown",
        at: ctx.now().toISOString(),
        status: "failed",
        snapshotId: undefined,
        error: scrubSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500),
        durationMs: ctx.now().getTime() - started.getTime(),
      })
      .catch(() => undefined);
    throw error;
  } finally {
    await stores.leases.release(lease).catch(() => undefined);
  }
}

/** What finishing an unpublished snapshot did: its alerts, or why it failed. */
interface Recovery {
  alerts: AlertOutcome;
  /** Set when the recovery threw: why (scrubbed). */
  failed?: string;
  /** The snapshot the recovery compared from, when it got that far. */
  before?: LoadedSnapshot;
}

/**
 * Publishes the latest committed snapshot's changes against the one before it. Never throws but
 * for an abort: a recovery that cannot finish must not stop the audit that found it (a bad outbox
 * item once failed every later audit here), so its failure is returned for the run summary.
 */
async function finishUnpublished(
  ctx: AuditContext,
  tenantId: string,
  latest: LoadedSnapshot,
  history: readonly SnapshotSummary[],
  abortSignal?: AbortSignal,
): Promise<Recovery> {
  let before: LoadedSnapshot | undefined;
  try {
    // The newest intact snapshot before it: a damaged one must not turn the recovery into a baseline.
    const older = history.filter((s) => s.takenAt < latest.summary.takenAt);
    before = await loadNewestIntact(ctx, tenantId, older, abortSignal);
    ctx.log(JSON.stringify({ event: "publish-recovery", tenantId, snapshotId: latest.summary.snapshotId }));
    const published = await publishChanges(ctx, { current: latest, previous: before ?? null, abortSignal });
    return { alerts: published.alerts };
  } catch (error) {
    if (abortSignal?.aborted) throw error;
    const failed = scrubSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
      0,
      500,
    );
    ctx.log(
      JSON.stringify({ event: "publish-recovery.failed", tenantId, snapshotId: latest.summary.snapshotId, failed }),
    );
    return {
      alerts: { ...NO_ALERTS, errors: [`recovery of ${latest.summary.snapshotId}: ${failed}`] },
      failed,
      ...(before ? { before } : {}),
    };
  }
}
