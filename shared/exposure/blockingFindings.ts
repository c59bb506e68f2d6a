/**
 * Which findings fail a pipeline (`writeback-watch audit --fail-on <severity>`, exit code 3): the one
 * place that decides it, so that accepting a finding (a risk owners have reviewed and keep) only has
 * to change this function.
 *
 * Today every finding at or above the severity blocks: no finding can be accepted yet. When findings
 * carry an acceptance, skip the accepted ones here (and nowhere else).
 */
import { severityRank, type Exposure, type Finding, type Severity } from "./types.js";

export function blockingFindings(exposure: Pick<Exposure, "findings">, severity: Severity): Finding[] {
  const floor = severityRank(severity);
  return exposure.findings.filter((f) => severityRank(f.severity) >= floor);
}
