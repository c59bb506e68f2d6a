/**
 * How a change is marked wherever it is shown (alert, digest, report): an increase by its
 * severity; a decrease as good news ("reduced"), with the severity it had in words beside it,
 * never as a red "critical". One rule, so the emails and the report cannot tell it differently.
 */
import type { Severity } from "../exposure/types.js";
import type { Change } from "./types.js";

export type ChangeMark = { tone: "severity"; severity: Severity } | { tone: "reduced"; was: Severity };

export function changeMark(c: Pick<Change, "direction" | "severity">): ChangeMark {
  return c.direction === "decrease" ? { tone: "reduced", was: c.severity } : { tone: "severity", severity: c.severity };
}
