/**
 * Accepted findings: a risk its owners reviewed and keep for a while (a break-glass Global
 * Administrator, an approved HR sync app). An acceptance names what it covers (a finding key, or a
 * principal holding a role at any scope), who answers for it, why, until when, and how far the
 * finding may go before the acceptance no longer covers it (the reach, severity and assignment it
 * had when it was accepted). Plain data: the store, the acceptances file, the diff and the reports
 * all pass these shapes around.
 */
import type { Severity } from "../exposure/types.js";

/** What an acceptance covers. */
export type AcceptanceTarget =
  /** One finding, by its key. A reset path's key matches the same path active or eligible. */
  | { key: string }
  /** Every finding of this principal holding this role (template id), at any scope, active or eligible. */
  | { principalId: string; roleTemplateId: string };

/** How far an accepted finding may go and stay accepted: what it was when it was accepted. */
export interface AcceptedBounds {
  severity: Severity;
  /** Synced users reached; null when the reach was unknown when it was accepted. */
  syncedUsers: number | null;
  /** "eligible": the acceptance ends its cover when the assignment turns active. Absent: either. */
  assignment?: "active" | "eligible";
}

export type AcceptanceSource = "table" | "file";

export interface Acceptance {
  /** Table: generated when first accepted, kept on renewal. File: the entry's own id. */
  id: string;
  source: AcceptanceSource;
  target: AcceptanceTarget;
  /** Who answers for the risk (a person or a team address). */
  owner: string;
  reason: string;
  /** When this version was recorded (the first acceptance or the latest renewal). */
  acceptedAt: string;
  /** Who recorded it: a signed-in principal, "function key", a CLI user, or the file. */
  acceptedBy: string;
  /** ISO instant the acceptance ends. */
  expiresAt: string;
  upTo: AcceptedBounds;
  revokedAt?: string;
  revokedBy?: string;
}

export type AcceptanceAction = "accept" | "renew" | "revoke";

/** One line of an acceptance's history: written once, never changed. */
export interface AcceptanceEvent {
  acceptanceId: string;
  action: AcceptanceAction;
  at: string;
  by: string;
  /** The acceptance as it stood after this event. */
  acceptance: Acceptance;
}

/** Acceptances in force for one tenant, from the table and the file, and what went wrong reading them. */
export interface AcceptanceSet {
  acceptances: Acceptance[];
  /** Problems of the acceptances file (the entries concerned are left out; the rest apply). */
  problems: string[];
  /** Table acceptances a file entry for the same target replaces. */
  overridden: string[];
}

/** Where a finding stands against the acceptance that matches it. */
export type AcceptanceStatus =
  /** Covered: shown as accepted, never alerts. */
  | "accepted"
  /** The finding went past the acceptance's bounds: it alerts again like any finding. */
  | "exceeded"
  | "expired"
  | "revoked";

/** The acceptance shown on a finding (exposure JSON, reports, digest). */
export interface FindingAcceptance {
  id: string;
  source: AcceptanceSource;
  status: AcceptanceStatus;
  owner: string;
  reason: string;
  acceptedBy: string;
  acceptedAt: string;
  expiresAt: string;
  upTo: AcceptedBounds;
  /** Status "exceeded": each way the finding went past the bounds, one sentence each. */
  exceeded?: string[];
}

/** On a change: whether the acceptances cover it, and why it alerts when one no longer does. */
export interface ChangeAcceptance {
  /** Every finding the change is about is accepted: the change is recorded and shown, never alerted. */
  covered: boolean;
  /** Acceptances concerned. */
  ids: string[];
  /** Why an accepted finding alerts after all (expired, revoked, grown past the acceptance). */
  note?: string;
}
