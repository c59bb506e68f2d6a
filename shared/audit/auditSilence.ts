/**
 * Whether the watch has gone quiet: the last successful audit is older than two scheduled audits
 * (AUDIT_SCHEDULE, NCRONTAB with seconds, evaluated in UTC as the Functions host does by default).
 * A digest must then say so instead of "no change": silence from a broken audit is not good news.
 */
import { Cron } from "croner";

/** Used when the schedule cannot be evaluated here (the host still validates it at start). */
const HOURLY = "0 0 * * * *";

/** Hours since `lastSuccessAt` when two scheduled audits have passed since it, else undefined. */
export function silentHours(lastSuccessAt: string | undefined, now: Date, schedule: string): number | undefined {
  const last = lastSuccessAt ? Date.parse(lastSuccessAt) : NaN;
  if (Number.isNaN(last)) return undefined;
  const [, second] = scheduled(schedule).nextRuns(2, new Date(last));
  if (!second || second.getTime() > now.getTime()) return undefined;
  return Math.floor((now.getTime() - last) / 3_600_000);
}

function scheduled(schedule: string): Cron {
  try {
    return new Cron(schedule, { timezone: "UTC", paused: true });
  } catch {
    return new Cron(HOURLY, { timezone: "UTC", paused: true });
  }
}
