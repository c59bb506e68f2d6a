/**
 * Writeback evidence handed from one snapshot to the next. The directory audit log keeps events for
 * a limited time, so the proof that writeback is on (a toggle, a reset of a synced user) travels
 * down the snapshot chain: the newest seen so far, from the audit section when it was read, else
 * what that snapshot was itself handed.
 */
import type { CarriedEvidence, Snapshot } from "./types.js";

export function carriedFrom(previous: Snapshot | undefined): CarriedEvidence | undefined {
  if (!previous) return undefined;
  const audit = previous.sections.auditEvents;
  if (audit.status === "ok") {
    return { lastToggle: audit.data.lastToggle, lastSyncedUserReset: audit.data.lastSyncedUserReset };
  }
  return previous.carriedEvidence ?? undefined;
}
