/** Password writeback on / off / unknown, compared as a state. */
import type { Change } from "../types.js";
import { WRITEBACK_ON_REMEDIATION } from "../remediation.js";
import type { DiffRule } from "./rule.js";
import { stateFinding } from "./stateKinds.js";

export const writebackState: DiffRule = {
  name: "writeback",
  changes({ previous, current }): Change[] {
    const from = previous.writeback.state;
    const to = current.writeback.state;
    if (from === to) return [];
    const common = {
      key: "writeback",
      type: "changed" as const,
      rule: "writeback",
      before: stateFinding(previous, "writeback"),
      after: stateFinding(current, "writeback"),
    };
    if (to === "on") {
      return [
        {
          ...common,
          direction: "increase",
          severity: "critical",
          summary:
            from === "off"
              ? "Password writeback switched on: cloud password resets of synced users now change their on-premises passwords."
              : "Password writeback is on (it was unknown): the exposure figures are now actual, not potential.",
          remediation: WRITEBACK_ON_REMEDIATION,
        },
      ];
    }
    if (to === "off") {
      return [
        {
          ...common,
          direction: "decrease",
          severity: common.before?.severity ?? "critical",
          summary:
            from === "on"
              ? "Password writeback switched off: cloud resets no longer reach on-premises passwords."
              : "Password writeback is known to be off (it was unknown).",
        },
      ];
    }
    // on/off → unknown with the same coverage: the evidence that decided it is gone, not the exposure.
    return [
      {
        ...common,
        direction: "neutral",
        severity: "info",
        summary: `Password writeback state is no longer known (was ${from}); figures are shown as potential.`,
      },
    ];
  },
};
