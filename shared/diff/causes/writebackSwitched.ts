/**
 * Writeback switched on (or off) moves every reset path's (and one-hop escalation's) severity at once (known off weighs a path
 * as info). That is one event: the writeback change lists the paths it made live, instead of one
 * "severity raised" line per path.
 */
import { ESCALATION_KINDS, type FindingKind } from "../../exposure/types.js";
import type { Change } from "../types.js";
import type { CauseRule } from "../rules/rule.js";
import { findingSentence } from "../summaries.js";
import { asItems, plural, replaceWith } from "./fold.js";

const WEIGHED_BY_WRITEBACK = new Set<FindingKind>(["reset-path", "app-permission", ...ESCALATION_KINDS]);

export const writebackSwitched: CauseRule = {
  name: "writeback-switched",
  fold(changes, { previous, current }): Change[] {
    const from = previous.writeback.state;
    const to = current.writeback.state;
    const switchedOn = from === "off" && to === "on";
    const switchedOff = from === "on" && to === "off";
    if (!switchedOn && !switchedOff) return changes;
    const writeback = changes.find((c) => c.rule === "writeback");
    if (!writeback) return changes;
    const moved = changes.filter(
      (c) =>
        c.rule === "finding-changed" &&
        c.after !== undefined &&
        WEIGHED_BY_WRITEBACK.has(c.after.kind) &&
        c.before?.reach.syncedUsers === c.after?.reach.syncedUsers &&
        (switchedOn
          ? c.direction === "increase" && c.before?.severity === "info"
          : c.direction === "decrease" && c.after?.severity === "info"),
    );
    if (moved.length === 0) return changes;
    const paths = plural(moved.length, "reset path", "reset paths");
    const folded: Change = {
      ...writeback,
      rule: "writeback-switched",
      summary: switchedOn
        ? `Password writeback switched on: ${paths} to on-prem ${moved.length === 1 ? "is" : "are"} now live.`
        : `Password writeback switched off: ${paths} no longer reach${moved.length === 1 ? "es" : ""} on-premises passwords.`,
      // Each path as it now stands: who can reset whom, and how.
      items: asItems(moved).map((c) => (c.after ? { ...c, summary: findingSentence(c.after) } : c)),
    };
    return replaceWith(changes, new Set([writeback, ...moved]), [folded]);
  },
};
