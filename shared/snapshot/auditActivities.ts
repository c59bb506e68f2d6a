/**
 * Which directory audit activities say what about password writeback, by Microsoft's names, and how
 * one reset logged by two services becomes one reset.
 *
 * Names and services: MicrosoftDocs/entra-docs docs/identity/monitoring-health/reference-audit-activities.md.
 * "Self-service password management" lists (DirectoryManagement) "Disable password writeback for
 * directory", "Enable password writeback for directory", and (UserManagement) "Change password
 * (self-service)", "Reset password (by admin)", "Reset password (self-service)", "Unlock user account
 * (self-service)"; those events carry loggedByService "Self-service Password Management". "Core
 * Directory" lists (UserManagement) "Reset password" and "Change user password".
 *
 * What proves writeback: only the password reset service writes a cloud reset back to AD. The
 * Core Directory events are also written for resets writeback does not carry: concept-sspr-writeback.md,
 * "Unsupported writeback operations", lists "Any administrator-initiated end-user password reset from
 * PowerShell version 1, or version 2" and "from the Microsoft 365 admin center". So a Core Directory
 * reset of a synced user is reported as a reset, never as proof that writeback is on.
 */
import type { SyncedUserResetEvent } from "./types.js";

export const PASSWORD_RESET_SERVICE = "Self-service Password Management";
export const CORE_DIRECTORY = "Core Directory";

/** Writeback toggles (Self-service Password Management, DirectoryManagement). */
export const WRITEBACK_TOGGLE_ACTIVITIES = {
  "Enable password writeback for directory": "enable",
  "Disable password writeback for directory": "disable",
} as const;

/** Password reset service activities: done to a synced user, they went through writeback. */
export const WRITEBACK_PROOF_ACTIVITIES: readonly string[] = [
  "Reset password (by admin)",
  "Reset password (self-service)",
  "Change password (self-service)",
  "Unlock user account (self-service)",
];

/** Core Directory password resets and changes: reported, never proof (see above). */
export const CORE_DIRECTORY_RESET_ACTIVITIES: readonly string[] = ["Reset password", "Change user password"];

const PROOF = new Set(WRITEBACK_PROOF_ACTIVITIES);

/**
 * True when the event went through the password reset service. Events stored before the service was
 * recorded are judged by activity name alone (Microsoft's names do not repeat across the two services).
 */
export function provesWriteback(event: Pick<SyncedUserResetEvent, "activity" | "service">): boolean {
  if (!PROOF.has(event.activity)) return false;
  return event.service === undefined || event.service === null || sameService(event.service, PASSWORD_RESET_SERVICE);
}

/**
 * How close in time a password reset service event and a Core Directory event of the same user must
 * be to count as one reset when they share no correlationId. Both are written by the one operation,
 * seconds apart; two real resets of one user within this window are counted once (the undercount an
 * operator can see in the event list).
 */
export const SAME_RESET_WINDOW_MS = 120_000;

/**
 * One reset logged by both services counts once: a password reset service event and a Core Directory
 * event with the same target user are one reset when their correlationIds are equal, or else when
 * they lie within SAME_RESET_WINDOW_MS of each other (nearest first). The reset service's event is
 * kept (it carries the proof) and names the other in `alsoLoggedAs`. Events of one service are
 * never merged with each other.
 */
export function mergeDuplicateResets(events: readonly SyncedUserResetEvent[]): SyncedUserResetEvent[] {
  const proofs = events.filter((e) => provesWriteback(e));
  const others = events.filter((e) => !provesWriteback(e));
  const used = new Set<SyncedUserResetEvent>();
  const merged: SyncedUserResetEvent[] = [];
  for (const p of proofs) {
    const target = targetOf(p);
    const candidates = others.filter((o) => !used.has(o) && target !== null && targetOf(o) === target);
    const byCorrelation = p.correlationId ? candidates.find((o) => o.correlationId === p.correlationId) : undefined;
    const byTime = candidates
      .map((o) => ({ o, gap: Math.abs(Date.parse(o.at) - Date.parse(p.at)) }))
      .filter(({ gap }) => gap <= SAME_RESET_WINDOW_MS)
      .sort((a, b) => a.gap - b.gap)[0]?.o;
    const twin = byCorrelation ?? byTime;
    if (twin) {
      used.add(twin);
      merged.push({
        ...p,
        alsoLoggedAs: [...(p.alsoLoggedAs ?? []), `${twin.service ?? CORE_DIRECTORY}: ${twin.activity}`],
      });
    } else merged.push(p);
  }
  return [...merged, ...others.filter((o) => !used.has(o))];
}

function targetOf(e: SyncedUserResetEvent): string | null {
  return e.targetUserId?.toLowerCase() ?? e.targetUserPrincipalName?.toLowerCase() ?? null;
}

function sameService(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
