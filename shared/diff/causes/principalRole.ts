/**
 * A synced account given a reset-capable role shows up twice in the exposure: as a reset path and as
 * a synced account holding a privileged role. One cause, one change: the path, with the
 * synced-privileged finding listed under it.
 */
import type { Change } from "../types.js";
import type { CauseRule } from "../rules/rule.js";
import { asItems, highestSeverity, replaceWith } from "./fold.js";

export const principalRole: CauseRule = {
  name: "principal-role",
  fold(changes): Change[] {
    const absorbed = new Set<Change>();
    const folded: Change[] = [];
    for (const path of changes) {
      const f = path.after ?? path.before;
      if (f?.kind !== "reset-path" || path.items || (path.type !== "added" && path.type !== "removed")) continue;
      const twin = changes.find((c) => {
        const g = c.after ?? c.before;
        return (
          !absorbed.has(c) &&
          c.type === path.type &&
          g?.kind === "synced-privileged" &&
          g.principal?.id === f.principal?.id &&
          g.role?.templateId === f.role?.templateId &&
          g.via?.id === f.via?.id
        );
      });
      if (!twin) continue;
      absorbed.add(path).add(twin);
      folded.push({
        ...path,
        severity: highestSeverity([path, twin]),
        summary:
          `${path.summary} ${path.type === "added" ? "It is a synced account: whoever controls it on-premises controls this role." : ""}`.trim(),
        items: asItems([twin]),
      });
    }
    return absorbed.size ? replaceWith(changes, absorbed, folded) : changes;
  },
};
