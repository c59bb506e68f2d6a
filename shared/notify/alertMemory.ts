/**
 * What each address has been told, so that the same increase is never sent twice whatever the
 * snapshot chain looks like. A damaged newest snapshot (or a lost summary row) makes the next audit
 * compare with an older one, which finds again what was already emailed: an alert keyed by the
 * snapshot that found it would go out again. So an alert is keyed by the change itself: its key (a
 * finding key, or a cause's key such as a group handed a role) and the state it moves to.
 *
 * The rules, per address (channel + recipient) and change key:
 * - An increase is news unless the address was told of this key at a state from which the move to
 *   the current one would not alert on its own: no higher severity, the same mark (writeback on,
 *   the SSPR scope, the newest reset seen) and a reach growth the diff would rate below the alert
 *   threshold (reachGrowthSeverity, the diff's own rule). A cause that folds findings is news when
 *   it, or any of its findings at the threshold, is. The state it moves from plays no part: damage
 *   changes what "before" looks like, not what the owners already know.
 * - Once queued, the address remembers the state it was told.
 * - A decrease lowers the memory to the new state, or forgets the key when the finding is gone: a
 *   real re-occurrence after a decrease (a role removed, then given again) is news again.
 * - An entry is kept for the snapshot retention plus a day from when it was told or lowered: no
 *   snapshot older than that is retained (retention runs daily), so no diff can reach back past it
 *   to find that increase again.
 * Pure: the store (TableAlertMemoryStore) keeps one memory per address.
 */
import { createHash } from "node:crypto";
import type { Change } from "../diff/types.js";
import { thresholdFor, type AlertThreshold } from "../diff/order.js";
import { reachGrowthSeverity } from "../diff/rules/findingChanged.js";
import { severityRank, type Finding, type FindingKind } from "../exposure/types.js";
import type { AlertMemory, Channel, ToldEntry, ToldState } from "../store/types.js";

/** "email:secops@contoso.com": where an alert goes, the unit of memory and of outbox dedupe. */
export function addressOf(channel: Channel, recipient: string): string {
  return `${channel}:${recipient.trim().toLowerCase()}`;
}

/** Which detail of a tenant-level finding is its state, beside severity and reach. */
const MARK_FIELDS: Partial<Record<FindingKind, readonly string[]>> = {
  writeback: ["state"],
  sspr: ["usersScope"],
  "sspr-admin": ["adminSspr"],
  "declaration-contradicted": ["observed"],
  // The newest reset seen (the names the synced-reset rule reads), else the count.
  "synced-reset": ["newestAt", "lastAt", "latestAt", "count"],
};

function markOf(f: Finding): string | null {
  for (const field of MARK_FIELDS[f.kind] ?? []) {
    const v = f.detail?.[field];
    if (v !== undefined && v !== null) return String(v);
  }
  return null;
}

/**
 * An acceptance that ended or was outgrown (shared/acceptance/acceptChanges.ts) is news of its own:
 * the finding may be at a state the address was told of before it was accepted. Its note (which
 * acceptance, which expiry or bounds) is part of the mark, so the same ending is told once.
 */
function acceptanceMark(c: Change): string | null {
  const a = c.acceptance;
  return a && !a.covered && a.note ? `acceptance:${a.ids.join(",")}:${a.note}` : null;
}

/** The state a change moves its key to. */
export function toldStateOf(c: Change): ToldState {
  const f = c.after;
  const marks = [f ? markOf(f) : null, acceptanceMark(c)].filter((m): m is string => m !== null);
  return {
    severity: f?.severity ?? c.severity,
    reach: f?.reach.syncedUsers ?? null,
    mark: marks.length > 0 ? marks.join("|") : null,
  };
}

/** The change and the findings it folds, each with its key. */
function parts(c: Change): Change[] {
  return [c, ...(c.items ?? [])];
}

function isNewState(told: ToldEntry | undefined, now: ToldState, c: Change, threshold: AlertThreshold): boolean {
  if (!told) return true;
  if (severityRank(now.severity) > severityRank(told.severity)) return true;
  if (now.mark !== told.mark) return true;
  if (now.reach !== null && told.reach !== null && now.reach > told.reach) {
    const grown = reachGrowthSeverity(told.reach, now.reach, now.severity);
    return severityRank(grown) >= severityRank(thresholdFor(c, threshold));
  }
  return false;
}

/** Whether an alerting increase tells this address something it was not told yet. */
export function isNews(memory: AlertMemory, c: Change, threshold: AlertThreshold): boolean {
  if (isNewState(memory.entries.get(c.key), toldStateOf(c), c, threshold)) return true;
  return (c.items ?? []).some(
    (item) =>
      severityRank(item.severity) >= severityRank(thresholdFor(item, threshold)) &&
      isNewState(memory.entries.get(item.key), toldStateOf(item), item, threshold),
  );
}

/** Records that the address was told these changes (and the findings they fold) at `at`. */
export function remember(memory: AlertMemory, changes: readonly Change[], at: string): void {
  for (const c of changes) for (const p of parts(c)) memory.entries.set(p.key, { ...toldStateOf(p), at });
}

/**
 * Lowers what the address remembers to what the decreases left (or forgets keys whose finding is
 * gone). Returns whether anything changed.
 */
export function applyDecreases(memory: AlertMemory, decreases: readonly Change[], at: string): boolean {
  let changed = false;
  for (const d of decreases) {
    for (const p of parts(d)) {
      // Eligible → active (and back) pairs two keys: the one left behind is gone.
      if (p.before && p.before.key !== p.key && memory.entries.delete(p.before.key)) changed = true;
      if (!memory.entries.has(p.key)) continue;
      if (p.after) memory.entries.set(p.key, { ...toldStateOf(p), at });
      else memory.entries.delete(p.key);
      changed = true;
    }
  }
  return changed;
}

/** Drops entries told before `cutoff`. Returns whether anything was dropped. */
export function forgetBefore(memory: AlertMemory, cutoff: Date): boolean {
  let changed = false;
  const limit = cutoff.toISOString();
  for (const [key, entry] of memory.entries) {
    if (entry.at < limit) {
      memory.entries.delete(key);
      changed = true;
    }
  }
  return changed;
}

/**
 * The alert's identity for the outbox: the address and the changes it tells, each with the state
 * it moves to. Telling the same changes at the same states again is the same outbox item.
 */
export function alertDedupeKey(address: string, changes: readonly Change[]): string {
  const told = changes
    .flatMap(parts)
    .map((p) => {
      const s = toldStateOf(p);
      return `${p.key}=${s.severity}|${s.reach ?? ""}|${s.mark ?? ""}`;
    })
    .sort();
  const digest = createHash("sha256").update(told.join("\n")).digest("base64url").slice(0, 22);
  return `alert:${address}:${digest}`;
}
