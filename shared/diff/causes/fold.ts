/** Building a folded change (one cause, its findings listed under it). */
import { severityRank, type Severity } from "../../exposure/types.js";
import type { Change } from "../types.js";

export function highestSeverity(changes: readonly Change[]): Severity {
  return changes.reduce<Severity>((s, c) => (severityRank(c.severity) > severityRank(s) ? c.severity : s), "info");
}

/** `changes` without the ones in `absorbed`, then `folded` in their place. */
export function replaceWith(changes: readonly Change[], absorbed: ReadonlySet<Change>, folded: Change[]): Change[] {
  return [...changes.filter((c) => !absorbed.has(c)), ...folded];
}

/** Items are stored whole-change minus nesting: a folded change never lists folded changes. */
export function asItems(changes: readonly Change[]): Change[] {
  return changes.flatMap((c) => [{ ...c, items: undefined }, ...(c.items ?? [])]).map(({ items: _i, ...c }) => c);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
