/**
 * Which findings fail a pipeline (`writeback-watch audit --fail-on <severity>`, exit code 3): the one
 * place that decides it. A finding blocks at or above the severity unless an acceptance covers it
 * (a risk its owners reviewed and keep, shared/acceptance); one that went past its acceptance, or
 * whose acceptance expired or was revoked, blocks again.
 */
import { isAccepted } from "../acceptance/annotateExposure.js";
import { severityRank, type Exposure, type Finding, type Severity } from "./types.js";

export function blockingFindings(exposure: Pick<Exposure, "findings">, severity: Severity): Finding[] {
  const floor = severityRank(severity);
  return exposure.findings.filter((f) => severityRank(f.severity) >= floor && !isAccepted(f));
}
