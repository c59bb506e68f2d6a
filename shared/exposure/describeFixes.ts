/**
 * The ranked fixes in words, shared by the text report, the HTML report and the digest: what one fix
 * removes, and what the best few remove together. Plain text, tenant strings raw (renderers escape).
 */
import type { FixRanking, Removed } from "./fixes.js";

/** Fixes a report lists in full. */
export const FIXES_SHOWN = 5;

function n(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** "removes 300 reset paths and 100 one-hop paths (3 resetters)". */
export function describeRemoved(r: Removed): string {
  const parts = [
    r.paths > 0 ? n(r.paths, "reset path", "reset paths") : null,
    r.oneHopPaths > 0 ? n(r.oneHopPaths, "one-hop path", "one-hop paths") : null,
  ].filter(Boolean);
  const who = r.resetters > 0 ? ` (${n(r.resetters, "resetter", "resetters")} fewer)` : "";
  return `removes ${parts.join(" and ") || "nothing"}${who}`;
}

/** "These 3 changes remove 98% of the paths (500 of 510, direct and one-hop)." */
export function describeTogether(r: FixRanking): string | undefined {
  if (!r.together) return undefined;
  const total = r.before.paths + r.before.oneHopPaths;
  const removed = r.together.removes.paths + r.together.removes.oneHopPaths;
  const changes = r.together.count === 1 ? "This change removes" : `These ${r.together.count} changes remove`;
  return `${changes} ${Math.round(r.together.share * 100)}% of the paths (${removed.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}, direct and one-hop).`;
}

/** "Disabling password writeback removes all 510 paths (resetters could still reset cloud passwords)." */
export function describeDisableWriteback(r: FixRanking): string | undefined {
  if (!r.disableWriteback) return undefined;
  const total = r.disableWriteback.paths + r.disableWriteback.oneHopPaths;
  return `Disabling password writeback removes all ${total.toLocaleString("en-US")} paths to on-premises passwords (the resetters keep their cloud rights).`;
}
