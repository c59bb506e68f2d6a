/**
 * How many audits ran, succeeded and failed: counts per UTC hour carried in the last-run row
 * (LastRun.runsByHour), so the digest can say "168 run, 165 succeeded, 3 failed" without a table
 * of its own and without an extra table operation per run.
 */
import type { LastRun, RunCounts } from "../store/types.js";

/** Kept long enough for a digest period (weekly by default) and then some. */
const KEEP_HOURS = 35 * 24;
const STATUS_INDEX: Record<LastRun["status"], number> = { ok: 0, partial: 1, failed: 2 };

function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/** The counts with this run added; another tenant's history (a re-pointed deployment) is dropped. */
export function countRun(
  previous: LastRun | undefined,
  tenantId: string,
  at: Date,
  status: LastRun["status"],
): Record<string, RunCounts> {
  const kept: Record<string, RunCounts> = {};
  const oldest = hourOf(new Date(at.getTime() - KEEP_HOURS * 3_600_000));
  if (previous?.tenantId === tenantId) {
    for (const [hour, counts] of Object.entries(previous.runsByHour ?? {})) if (hour >= oldest) kept[hour] = counts;
  }
  const hour = hourOf(at);
  const [ok, partial, failed] = kept[hour] ?? [0, 0, 0];
  const add = (i: number) => (STATUS_INDEX[status] === i ? 1 : 0);
  kept[hour] = [ok + add(0), partial + add(1), failed + add(2)];
  return kept;
}

export interface AuditCounts {
  run: number;
  succeeded: number;
  failed: number;
}

/** Audits in [since, until), counted by the hour they ran in. */
export function auditsBetween(lastRun: LastRun | undefined, since: Date, until: Date): AuditCounts {
  const from = hourOf(since);
  const to = hourOf(until);
  const out: AuditCounts = { run: 0, succeeded: 0, failed: 0 };
  for (const [hour, [ok, partial, failed]] of Object.entries(lastRun?.runsByHour ?? {})) {
    if (hour < from || hour > to) continue;
    out.run += ok + partial + failed;
    out.succeeded += ok + partial;
    out.failed += failed;
  }
  return out;
}
