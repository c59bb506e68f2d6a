/** The diff between two exposures: the unit of alerting and history. */
import type { Finding, Headline, Severity } from "../exposure/types.js";
import type { SectionName } from "../snapshot/types.js";
import type { ChangeAcceptance } from "../acceptance/types.js";

export type ChangeType = "added" | "removed" | "changed" | "coverage";
export type Direction = "increase" | "decrease" | "neutral";

export interface Change {
  /** The finding key, "coverage:<section>" for coverage changes, or the cause's key for a folded change. */
  key: string;
  type: ChangeType;
  direction: Direction;
  /** For an increase, how bad the new state is; for a decrease, how bad the state that went away was. */
  severity: Severity;
  /** One line of plain text (tenant strings raw; renderers escape). */
  summary: string;
  /** The finding before / after (absent when added / removed). */
  before?: Finding;
  after?: Finding;
  /** Coverage changes only. */
  section?: SectionName;
  /** What an owner should do (increases only). */
  remediation?: string;
  /** The diff rule (shared/diff/rules) or cause (shared/diff/causes) that produced this change. */
  rule?: string;
  /**
   * A change with one cause (writeback switched on, a group given a role) lists the findings it moved
   * here, one line each, instead of one change per finding.
   */
  items?: Change[];
  /** Items left out of `items` when a stored change had to be trimmed to fit its row. */
  omittedItems?: number;
  /** Set when an acceptance concerns the change (shared/acceptance/acceptChanges.ts). */
  acceptance?: ChangeAcceptance;
}

export interface Diff {
  tenantId: string;
  fromSnapshotId: string | null;
  toSnapshotId: string;
  fromTakenAt: string | null;
  toTakenAt: string;
  /** First audit of a tenant: reported, never alerted. */
  baseline: boolean;
  changes: Change[];
  headlineBefore: Headline | null;
  headlineAfter: Headline;
}
