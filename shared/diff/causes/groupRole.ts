/**
 * A role-assignable group given a role hands it to every member at once: one change "group X was
 * given role Y" listing the members' new paths (and their synced-privileged findings), not one
 * "new reset path" per member. Likewise several members joining a group that holds a role, and the
 * group losing the role. A single member's path keeps its own line.
 */
import type { Exposure, Finding } from "../../exposure/types.js";
import type { Change } from "../types.js";
import { describeHow } from "../describeFinding.js";
import type { CauseRule } from "../rules/rule.js";
import { asItems, highestSeverity, plural, replaceWith } from "./fold.js";

/**
 * What a member's path through a group shares with the group's role assignment. Active and
 * PIM-eligible members (PIM for Groups) take the same role from the same grant.
 */
function grant(f: Finding | undefined): string | undefined {
  if (!f || f.kind !== "reset-path" || f.via?.kind !== "group" || !f.role) return undefined;
  return [f.via.id, f.role.templateId, f.scope].join("|");
}

function groupHolds(e: Exposure, groupId: string, templateId: string): boolean {
  return e.findings.some((f) => f.via?.kind === "group" && f.via.id === groupId && f.role?.templateId === templateId);
}

export const groupRole: CauseRule = {
  name: "group-role",
  fold(changes, { previous, current }): Change[] {
    const byGrant = new Map<string, Change[]>();
    for (const c of changes) {
      if (c.rule !== "finding-added" && c.rule !== "finding-removed") continue;
      const f = c.after ?? c.before;
      const path = grant(f);
      if (!path) continue;
      const list = byGrant.get(`${c.direction}|${path}`) ?? [];
      list.push(c);
      byGrant.set(`${c.direction}|${path}`, list);
    }
    const absorbed = new Set<Change>();
    const folded: Change[] = [];
    for (const [id, paths] of byGrant) {
      const [direction] = id.split("|");
      const f = (paths[0]!.after ?? paths[0]!.before)!;
      const groupId = f.via!.id;
      const templateId = f.role!.templateId;
      const added = direction === "increase";
      const roleChanged = added
        ? !groupHolds(previous, groupId, templateId)
        : !groupHolds(current, groupId, templateId);
      // One member's path through the group says it all on its own line (who, how, reach).
      if (paths.length < 2) continue;
      // The synced members' privileged-role findings come from the same grant.
      const privileged = changes.filter(
        (c) =>
          c.direction === direction &&
          (c.after ?? c.before)?.kind === "synced-privileged" &&
          (c.after ?? c.before)?.via?.id === groupId &&
          (c.after ?? c.before)?.role?.templateId === templateId,
      );
      const all = [...paths, ...privileged];
      for (const c of all) absorbed.add(c);
      const group = `group "${f.via!.displayName ?? groupId}"`;
      const how = describeHow({ ...f, via: undefined, assignment: undefined });
      const reach = Math.max(0, ...paths.map((c) => (c.after ?? c.before)!.reach.syncedUsers ?? 0));
      const members = plural(new Set(paths.map((c) => (c.after ?? c.before)!.principal?.id)).size, "member", "members");
      folded.push({
        key: `group-role:${groupId}:${templateId}:${f.scope}`,
        type: added ? "added" : "removed",
        rule: "group-role",
        direction: added ? "increase" : "decrease",
        severity: highestSeverity(all),
        summary: added
          ? roleChanged
            ? `The ${group} was given ${how}: its ${members} can now reset the passwords of up to ${reach} synced users.`
            : `${members} joined the ${group} and took its ${how}: each can reset the passwords of up to ${reach} synced users.`
          : roleChanged
            ? `The ${group} no longer holds ${how}: ${plural(paths.length, "reset path", "reset paths")} of its members removed.`
            : `${members} left the ${group} and no longer hold its ${how}.`,
        ...(added
          ? {
              remediation: `Remove the role from the ${group} unless every member needs it, make it eligible-only (PIM), or scope it to an administrative unit.`,
            }
          : {}),
        items: asItems(all),
      });
    }
    return absorbed.size ? replaceWith(changes, absorbed, folded) : changes;
  },
};
