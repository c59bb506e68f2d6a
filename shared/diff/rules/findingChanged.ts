/**
 * A finding on both sides whose severity or reach moved. At most one change per key (the change
 * store keys rows by it): severity and reach are folded together.
 */
import type { Finding, Severity } from "../../exposure/types.js";
import { severityRank } from "../../exposure/types.js";
import type { Change } from "../types.js";
import { describeHow, describeWho } from "../describeFinding.js";
import { reachGrownRemediation, remediationFor } from "../remediation.js";
import type { DiffRule } from "./rule.js";
import { keyedFindings } from "./stateKinds.js";

export const findingChanged: DiffRule = {
  name: "finding-changed",
  changes({ previous, current, claimed }): Change[] {
    const before = keyedFindings(previous);
    const out: Change[] = [];
    for (const [key, f] of keyedFindings(current)) {
      const old = before.get(key);
      if (!old || claimed.has(key)) continue;
      const change = changedFinding(old, f);
      if (change) out.push(change);
    }
    return out;
  },
};

function changedFinding(old: Finding, f: Finding): Change | undefined {
  const parts: string[] = [];
  let up = false;
  let down = false;
  const rankDelta = severityRank(f.severity) - severityRank(old.severity);
  if (rankDelta !== 0) {
    parts.push(`severity ${rankDelta > 0 ? "raised" : "lowered"} from ${old.severity} to ${f.severity}`);
    if (rankDelta > 0) up = true;
    else down = true;
  }
  const newResets = f.kind === "synced-reset";
  const a = old.reach.syncedUsers;
  const b = f.reach.syncedUsers;
  let reachGrew = false;
  // A synced-privileged finding repeats the reach of its reset-path finding; one line is enough.
  if (f.kind !== "synced-privileged" && a !== null && b !== null && a !== b) {
    reachGrew = b > a;
    parts.push(`reach ${reachGrew ? "grew" : "shrank"} from ${a} to ${b} synced users`);
    if (reachGrew) up = true;
    // Fewer reset targets in the audit window is not less exposure.
    else if (!newResets) down = true;
  }
  if (newResets && !reachGrew && newerResetSeen(old, f)) {
    parts.push("new resets since the previous audit");
    up = true;
  }
  if (parts.length === 0) return undefined;
  // Mixed signals (e.g. severity up, reach down) count as an increase: never hide a possible growth.
  const direction = up ? "increase" : down ? "decrease" : "neutral";
  const subject = newResets ? `Password resets of synced users: ${f.title}` : `${describeWho(f)} (${describeHow(f)})`;
  const text = parts.join("; ");
  const onlyReachGrew = reachGrew && rankDelta <= 0 && !newResets;
  return {
    key: f.key,
    type: "changed",
    rule: "finding-changed",
    direction,
    severity:
      direction === "increase"
        ? onlyReachGrew
          ? reachGrowthSeverity(a ?? 0, b ?? 0, f.severity)
          : f.severity
        : direction === "decrease"
          ? old.severity
          : "info",
    summary: `${text.charAt(0).toUpperCase()}${text.slice(1)}: ${subject}.`,
    before: old,
    after: f,
    ...(direction === "increase" ? { remediation: onlyReachGrew ? reachGrownRemediation(f) : remediationFor(f) } : {}),
  };
}

/**
 * Ordinary onboarding of synced users grows the reach of every tenant-wide path by a few users each
 * run. That is recorded (low) but must not page the owners every hour; a path that starts reaching
 * synced users, or a step change (an AU or group widened), keeps the finding's own weight.
 */
export function reachGrowthSeverity(before: number, after: number, findingSeverity: Severity): Severity {
  if (before === 0 && after > 0) return findingSeverity;
  const grown = after - before;
  if (grown >= REACH_STEP_MIN_USERS && grown >= before * REACH_STEP_RATIO) return findingSeverity;
  if (grown >= REACH_STEP_MIN_USERS)
    return severityRank(findingSeverity) > severityRank("medium") ? "medium" : findingSeverity;
  return "low";
}
const REACH_STEP_MIN_USERS = 10;
const REACH_STEP_RATIO = 0.25;

/** Newer audit events behind the same synced-reset finding: a later newest-event time or a higher count. */
function newerResetSeen(old: Finding, f: Finding): boolean {
  const time = (x: Finding) => {
    const d = x.detail ?? {};
    const v = d["lastAt"] ?? d["newestAt"] ?? d["latestAt"];
    return typeof v === "string" ? Date.parse(v) : NaN;
  };
  const count = (x: Finding) => {
    const v = x.detail?.["count"] ?? x.detail?.["events"];
    return typeof v === "number" ? v : Array.isArray(v) ? v.length : NaN;
  };
  const t0 = time(old);
  const t1 = time(f);
  if (!Number.isNaN(t0) && !Number.isNaN(t1)) return t1 > t0;
  const c0 = count(old);
  const c1 = count(f);
  return !Number.isNaN(c0) && !Number.isNaN(c1) && c1 > c0;
}
