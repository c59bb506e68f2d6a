/** Tenant-level states are compared as states (writeback, SSPR rules), never by finding key. */
import type { Exposure, Finding, FindingKind } from "../../exposure/types.js";

export const STATE_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(["writeback", "sspr", "sspr-admin"]);

export function stateFinding(e: Exposure, kind: FindingKind): Finding | undefined {
  return e.findings.find((f) => f.kind === kind);
}

/** The findings compared by key, by key. */
export function keyedFindings(e: Exposure): Map<string, Finding> {
  return new Map(e.findings.filter((f) => !STATE_KINDS.has(f.kind)).map((f) => [f.key, f]));
}
