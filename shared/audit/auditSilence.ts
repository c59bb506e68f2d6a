/**
 * Whether the watch has gone quiet: the last successful audit is older than two audit intervals
 * (Config.auditIntervalMinutes, the longest gap AUDIT_SCHEDULE leaves between two audits). A digest
 * must then say so instead of "no change": silence from a broken audit is not good news.
 */

/** Hours since `lastSuccessAt` when it is older than two audit intervals, else undefined. */
export function silentHours(lastSuccessAt: string | undefined, now: Date, intervalMinutes: number): number | undefined {
  const last = lastSuccessAt ? Date.parse(lastSuccessAt) : NaN;
  if (Number.isNaN(last)) return undefined;
  const quiet = now.getTime() - last;
  if (quiet <= 2 * intervalMinutes * 60_000) return undefined;
  return Math.floor(quiet / 3_600_000);
}
