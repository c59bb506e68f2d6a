/**
 * The one structured log line an audit run writes (timer or HTTP check): its outcome, headline, what
 * changed and what it cost. Written with context.log, the Functions host sends it to Application
 * Insights as a trace (no telemetry SDK needed), where the watchdog alert rule
 * (infra/app/watchdog.bicep) counts the successful ones. Figures and ids only: no names or UPNs.
 */
import type { AuditRunResult } from "../../shared/audit/runAudit.js";
import type { Direction } from "../../shared/diff/types.js";

/**
 * ok: every section read. partial: some sections unknown (the figures say so). unreadable: no section
 * could be read, so the audit saw nothing (a revoked permission, a wrong tenant). failed / skipped are
 * written by the timer for runs that threw or found the lease held.
 */
export type AuditOutcome = "ok" | "partial" | "unreadable" | "failed" | "skipped";

/** The outcomes the watchdog counts as "the app is working" (infra/app/watchdog.bicep filters on them). */
export const SUCCESSFUL_OUTCOMES: readonly AuditOutcome[] = ["ok", "partial"];

export function auditOutcome(result: Pick<AuditRunResult, "exposure">): AuditOutcome {
  const coverage = result.exposure.coverage;
  const unknown = coverage.filter((c) => c.status === "unknown").length;
  if (unknown === 0) return "ok";
  return unknown === coverage.length ? "unreadable" : "partial";
}

/**
 * `intervalMinutes` is the app's audit interval (Config.auditIntervalMinutes, from AUDIT_SCHEDULE):
 * the watchdog reads it from the newest successful trace instead of keeping its own copy.
 */
export function auditSummary(
  result: AuditRunResult,
  trigger: string,
  intervalMinutes: number,
): Record<string, unknown> {
  const changes: Record<Direction, number> = { increase: 0, decrease: 0, neutral: 0 };
  for (const c of result.diff.changes) changes[c.direction]++;
  return {
    event: "audit.completed",
    outcome: auditOutcome(result),
    trigger,
    intervalMinutes,
    tenantId: result.tenantId,
    snapshotId: result.summary.snapshotId,
    takenAt: result.summary.takenAt,
    writeback: result.exposure.writeback.state,
    headline: result.exposure.headline,
    criticalFindings: result.exposure.findings.filter((f) => f.severity === "critical").length,
    // Problems of the acceptances file are logged one per line (acceptances.problem) by the run.
    acceptances: {
      inForce: result.exposure.acceptances?.inForce ?? 0,
      acceptedFindings: result.exposure.findings.filter((f) => f.acceptance?.status === "accepted").length,
      fileProblems: result.exposure.acceptances?.problems.length ?? 0,
    },
    baseline: result.diff.baseline,
    changes,
    alerts: {
      queued: result.alerts.queued,
      sent: result.alerts.sent,
      // Every send that did not go out this run, the ones retried next run included (an ACS outage).
      failed: result.alerts.attemptFailures,
      gaveUp: result.alerts.failed,
      pending: result.alerts.pending,
      skipped: result.alerts.skipped,
      resumed: result.alerts.resumed,
      ...(result.alerts.authFailure ? { authFailure: true } : {}),
      // Per channel (email, teams, webhook, logs): sent, given up on, left for the next run.
      channels: result.alerts.byChannel,
    },
    // A crashed run's snapshot this run finished, and whether that failed (the run went on).
    ...(result.recoveredSnapshotId
      ? { recovery: { snapshotId: result.recoveredSnapshotId, ...(result.recoveryError ? { failed: true } : {}) } }
      : {}),
    coverageGaps: result.coverageGaps,
    durationMs: result.durationMs,
    purgedSnapshots: result.purgedSnapshots,
  };
}
