/** The administrators' SSPR switch (authorizationPolicy.allowedToUseSSPR). */
import type { Change } from "../types.js";
import { ADMIN_SSPR_REMEDIATION } from "../remediation.js";
import type { DiffRule } from "./rule.js";
import { stateFinding } from "./stateKinds.js";

export const ssprAdmin: DiffRule = {
  name: "sspr-admin",
  changes({ previous, current }): Change[] {
    const a = previous.sspr.adminSspr;
    const b = current.sspr.adminSspr;
    if (a === null || b === null || a === b) return [];
    const before = stateFinding(previous, "sspr-admin");
    const after = stateFinding(current, "sspr-admin");
    const common = { key: "sspr:admin", type: "changed" as const, rule: "sspr-admin", before, after };
    return [
      b
        ? {
            ...common,
            direction: "increase",
            severity: after?.severity ?? "medium",
            summary: "SSPR for administrators switched on (authorizationPolicy.allowedToUseSSPR = true).",
            remediation: after?.remediation ?? ADMIN_SSPR_REMEDIATION,
          }
        : {
            ...common,
            direction: "decrease",
            severity: before?.severity ?? "medium",
            summary: "SSPR for administrators switched off (authorizationPolicy.allowedToUseSSPR = false).",
          },
    ];
  },
};
