/**
 * How many synced users one principal reaches through several paths. Unions of counts are not
 * knowable from counts alone: the widest tenant-wide path is a lower bound that is exact whenever a
 * tenant-wide path exists; with only administrative-unit paths their sum (capped at the synced
 * total) stands in. The headline and the one-hop escalations count a principal the same way.
 */
export interface ReachPart {
  scope: string;
  reach: { syncedUsers: number | null };
}

/** null when any part is unknown; 0 when nothing reaches a synced user. */
export function widestReach(parts: readonly ReachPart[], syncedTotal: number | null): number | null {
  let tenant = 0;
  let au = 0;
  for (const p of parts) {
    const n = p.reach.syncedUsers;
    if (n === null) return null;
    if (p.scope === "/") tenant = Math.max(tenant, n);
    else au += n;
  }
  if (tenant > 0) return tenant;
  return syncedTotal === null ? au : Math.min(au, syncedTotal);
}
