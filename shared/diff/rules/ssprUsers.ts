/** The users' SSPR scope (none / selected / all) and how many synced users it reaches. */
import type { SsprUsersScope } from "../../exposure/types.js";
import type { Change } from "../types.js";
import { SSPR_WIDENED_REMEDIATION } from "../remediation.js";
import type { DiffRule } from "./rule.js";
import { stateFinding } from "./stateKinds.js";

const SCOPE_RANK: Record<Exclude<SsprUsersScope, "unknown">, number> = { none: 0, selected: 1, all: 2 };

const count = (n: number | null) => (n === null ? "" : ` (${n} synced user${n === 1 ? "" : "s"})`);

export const ssprUsers: DiffRule = {
  name: "sspr-users",
  changes({ previous, current }): Change[] {
    const a = previous.sspr;
    const b = current.sspr;
    if (a.usersScope === "unknown" || b.usersScope === "unknown") return [];
    const before = stateFinding(previous, "sspr");
    const after = stateFinding(current, "sspr");
    const delta = SCOPE_RANK[b.usersScope] - SCOPE_RANK[a.usersScope];
    const known = a.ssprEnabledSyncedUsers !== null && b.ssprEnabledSyncedUsers !== null;
    const grew = known ? b.ssprEnabledSyncedUsers! - a.ssprEnabledSyncedUsers! : 0;
    const common = { key: "sspr:users", type: "changed" as const, rule: "sspr-users", before, after };
    if (delta > 0 || (delta === 0 && b.usersScope === "selected" && grew > 0)) {
      return [
        {
          ...common,
          direction: "increase",
          severity: after?.severity ?? (delta > 0 ? "high" : "medium"),
          summary:
            delta > 0
              ? `SSPR for users widened from ${a.usersScope} to ${b.usersScope}${count(b.ssprEnabledSyncedUsers)}.`
              : `SSPR reaches more synced users: ${a.ssprEnabledSyncedUsers} → ${b.ssprEnabledSyncedUsers}.`,
          remediation: after?.remediation ?? SSPR_WIDENED_REMEDIATION,
        },
      ];
    }
    if (delta < 0 || (delta === 0 && b.usersScope === "selected" && grew < 0)) {
      return [
        {
          ...common,
          direction: "decrease",
          severity: before?.severity ?? "high",
          summary:
            delta < 0
              ? `SSPR for users narrowed from ${a.usersScope} to ${b.usersScope}${count(b.ssprEnabledSyncedUsers)}.`
              : `SSPR reaches fewer synced users: ${a.ssprEnabledSyncedUsers} → ${b.ssprEnabledSyncedUsers}.`,
        },
      ];
    }
    return [];
  },
};
