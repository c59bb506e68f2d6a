/** A finding present before and not now: less exposure (audit-log resets ageing out excepted). */
import type { Change } from "../types.js";
import { removedSummary } from "../summaries.js";
import type { DiffRule } from "./rule.js";
import { keyedFindings } from "./stateKinds.js";

export const findingRemoved: DiffRule = {
  name: "finding-removed",
  changes({ previous, current, claimed }): Change[] {
    const after = keyedFindings(current);
    const out: Change[] = [];
    for (const [key, f] of keyedFindings(previous)) {
      if (after.has(key) || claimed.has(key)) continue;
      // Audit-log resets leave the window: that is not less exposure, and not worth a line.
      if (f.kind === "synced-reset") continue;
      out.push({
        key,
        type: "removed",
        rule: "finding-removed",
        direction: "decrease",
        severity: f.severity,
        summary: removedSummary(f),
        before: f,
      });
    }
    return out;
  },
};
