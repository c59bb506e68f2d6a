/** The diff between two exposures: the unit of alerting and history. */
import type { Finding, Headline, Severity } from "../exposure/types.js";
import type { SectionName } from "../snapshot/types.js";

export type ChangeType = "added" | "removed" | "changed" | "coverage";
export type Direction = "increase" | "decrease" | "neutral";

export interface Change {
  /** The finding key, or "coverage:<section>" for coverage changes. */
  key: string;
  type: ChangeType;
  direction: Direction;
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
