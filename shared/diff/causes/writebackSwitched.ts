/**
 * Writeback switched on (or off) moves every reset path's severity at once (known off weighs a path
 * as info). That is one event: the writeback change lists the paths it made live, instead of one
 * "severity raised" line per path.
 */
import type { Change } from "../types.js";
import type { CauseRule } from "../rules/rule.js";
import { asItems, plural, replaceWith } from "./fold.js";

const WEIGHED_BY_WRITEBACK = new Set(["reset-path", "app-permission"]);

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
        WEIGHED_BY_WRITEBACK.has(c.after?.kind ?? "") &&
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
      items: asItems(moved),
    };
    return replaceWith(changes, new Set([writeback, ...moved]), [folded]);
  },
};
