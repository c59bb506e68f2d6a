/**
 * Eligible → active (or back) changes a reset path's key; this rule pairs the two keys so the move
 * reads as one change, and claims them so the added/removed rules do not report them again.
 */
import type { Finding } from "../../exposure/types.js";
import type { Change } from "../types.js";
import { describeHow, describeReach, describeWho } from "../describeFinding.js";
import { remediationFor } from "../remediation.js";
import type { DiffRule } from "./rule.js";
import { keyedFindings } from "./stateKinds.js";

/** Identity of a reset path regardless of active/eligible. */
function pathIdentity(f: Finding): string | undefined {
  if (f.kind !== "reset-path" || !f.principal || !f.role || !f.assignment) return undefined;
  return [f.principal.id, f.role.templateId, f.scope, f.via?.kind ?? "", f.via?.id ?? ""].join("|");
}

export const eligibleActivated: DiffRule = {
  name: "eligible-activated",
  changes({ previous, current, claimed }): Change[] {
    const before = keyedFindings(previous);
    const after = keyedFindings(current);
    const added = new Map<string, Finding>();
    for (const f of after.values()) {
      const id = pathIdentity(f);
      if (id && !before.has(f.key)) added.set(`${id}|${f.assignment}`, f);
    }
    const out: Change[] = [];
    for (const old of before.values()) {
      const id = pathIdentity(old);
      if (!id || after.has(old.key)) continue;
      const now = added.get(`${id}|${old.assignment === "eligible" ? "active" : "eligible"}`);
      if (!now) continue;
      claimed.add(old.key).add(now.key);
      const activated = now.assignment === "active";
      out.push({
        key: now.key,
        type: "changed",
        rule: "eligible-activated",
        direction: activated ? "increase" : "decrease",
        severity: activated ? now.severity : old.severity,
        summary: activated
          ? `Eligible → active: ${describeWho(now)} now holds ${describeHow(now)} permanently; reaches ${describeReach(now)}.`
          : `Active → eligible: ${describeWho(now)} now holds ${describeHow(now)} only on activation.`,
        before: old,
        after: now,
        ...(activated ? { remediation: remediationFor(now) } : {}),
      });
    }
    return out;
  },
};
