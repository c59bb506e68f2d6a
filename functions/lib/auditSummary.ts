/**
 * The one structured log line an audit run writes (timer or HTTP check): what changed and what it
 * cost, for Application Insights queries. Figures and ids only: no names or UPNs from the tenant.
 */
import type { AuditRunResult } from "../../shared/audit/runAudit.js";
import type { Direction } from "../../shared/diff/types.js";

export function auditSummary(result: AuditRunResult, trigger: string): Record<string, unknown> {
  const changes: Record<Direction, number> = { increase: 0, decrease: 0, neutral: 0 };
  for (const c of result.diff.changes) changes[c.direction]++;
  return {
    event: "audit.completed",
    trigger,
    tenantId: result.tenantId,
    snapshotId: result.summary.snapshotId,
    takenAt: result.summary.takenAt,
    writeback: result.exposure.writeback.state,
    headline: result.exposure.headline,
    baseline: result.diff.baseline,
    changes,
    alerts: {
      queued: result.alerts.queued,
      sent: result.alerts.sent,
      failed: result.alerts.failed,
      skipped: result.alerts.skipped,
    },
    coverageGaps: result.coverageGaps,
    durationMs: result.durationMs,
    purgedSnapshots: result.purgedSnapshots,
  };
}
