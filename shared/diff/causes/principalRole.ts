/**
 * A synced account given a reset-capable role shows up twice in the exposure: as a reset path and as
 * a synced account holding a privileged role. One cause, one change: the path, with the
 * synced-privileged finding listed under it.
 */
import type { Change } from "../types.js";
import type { CauseRule } from "../rules/rule.js";
import { asItems, highestSeverity, replaceWith } from "./fold.js";

/** What a reset path and its synced-privileged twin share: the account, the role, the group it came through. */
function twinKey(c: Change): string | undefined {
  const f = c.after ?? c.before;
  if (!f) return undefined;
  return [c.type, f.principal?.id ?? "", f.role?.templateId ?? "", f.via?.id ?? ""].join("|");
}

export const principalRole: CauseRule = {
  name: "principal-role",
  fold(changes): Change[] {
    // Indexed once: a role handed to thousands of accounts must not cost a scan per path.
    const twins = new Map<string, Change[]>();
    for (const c of changes) {
      const key = (c.after ?? c.before)?.kind === "synced-privileged" ? twinKey(c) : undefined;
      if (!key) continue;
      const list = twins.get(key);
      if (list) list.push(c);
      else twins.set(key, [c]);
    }
    const absorbed = new Set<Change>();
    const folded: Change[] = [];
    for (const path of changes) {
      const f = path.after ?? path.before;
      if (f?.kind !== "reset-path" || path.items || (path.type !== "added" && path.type !== "removed")) continue;
      const twin = twins.get(twinKey(path)!)?.find((c) => !absorbed.has(c));
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
