/** A finding present now and not before: more exposure. */
import type { Change } from "../types.js";
import { remediationFor } from "../remediation.js";
import { addedSummary } from "../summaries.js";
import type { DiffRule } from "./rule.js";
import { keyedFindings } from "./stateKinds.js";

export const findingAdded: DiffRule = {
  name: "finding-added",
  changes({ previous, current, claimed }): Change[] {
    const before = keyedFindings(previous);
    const out: Change[] = [];
    for (const [key, f] of keyedFindings(current)) {
      if (before.has(key) || claimed.has(key)) continue;
      out.push({
        key,
        type: "added",
        rule: "finding-added",
        direction: "increase",
        severity: f.severity,
        summary: addedSummary(f),
        after: f,
        remediation: remediationFor(f),
      });
    }
    return out;
  },
};
