/**
 * How many distinct synced users at least one direct reset path reaches: the headline's "synced
 * users reached". The sum of reaches (resetPaths) counts a user once per resetter; this counts them
 * once. The snapshot does not list the synced users (it would grow with the tenant), so the union is
 * taken over the same three kinds of target the reset matrix distinguishes (protectedTargets.ts):
 * - known targets (role holders, role-assignable group members and owners, declared protected
 *   accounts, restricted-AU members known by id): each decided exactly, by the same rules as a path;
 * - restricted-management AU members known only as a count: reached when a path is scoped to
 *   their AU (no tenant-scoped role reaches them);
 * - every other synced user: an ordinary user every reset-capable role may reset, reached by any
 *   tenant-wide path, or, with only AU-scoped paths, counted per reached AU.
 * Exact whenever a tenant-wide path exists, except that a user counted in two restricted AUs is
 * counted twice when both are reached. With AU-scoped paths only, ordinary users in two reached AUs
 * are counted twice (Graph lists AU members only per AU). Both err on the side of reporting more,
 * and the result never exceeds the synced total nor falls below any one resetter's reach.
 */
import type { ResetPath } from "./resetPaths.js";
import type { KnownTarget, TargetIndex } from "./protectedTargets.js";
import { canResetTarget, type TargetProfile } from "./resetTargets.js";
import type { Snapshot } from "../snapshot/types.js";

/** One role at one scope, and who holds it there (a path's reach rules depend on nothing else). */
interface Grant {
  roleKey: string;
  administrativeUnitId?: string;
  holders: Set<string>;
}

export interface SyncedUsersReachedInput {
  /** Every direct path, each with a known reach. */
  paths: readonly ResetPath[];
  targets: TargetIndex;
  snapshot: Snapshot;
  syncedTotal: number;
}

export function syncedUsersReached({ paths, targets, snapshot, syncedTotal }: SyncedUsersReachedInput): number {
  const grants = new Map<string, Grant>();
  for (const p of paths) {
    // A path that reaches nobody (a role scoped to an app or a group, an empty AU) adds nobody.
    if (!(p.reach.syncedUsers! > 0)) continue;
    const key = `${p.roleKey}|${p.administrativeUnitId ?? "/"}`;
    let g = grants.get(key);
    if (!g) {
      g = { roleKey: p.roleKey, holders: new Set() };
      if (p.administrativeUnitId !== undefined) g.administrativeUnitId = p.administrativeUnitId;
      grants.set(key, g);
    }
    g.holders.add(p.principal.id);
  }
  if (grants.size === 0) return 0;
  const all = [...grants.values()];

  let known = 0;
  for (const t of targets.known.values()) if (all.some((g) => grantReaches(g, t))) known++;

  const units = snapshot.sections.administrativeUnits;
  const unitData = units.status === "ok" ? units.data.units : {};
  let restricted = 0;
  let unexplainedTotal = 0;
  for (const [auId, n] of targets.unexplainedRestricted) {
    unexplainedTotal += n;
    const profile = { ...NO_ROLE, restrictedAuIds: [auId] };
    if (
      all.some(
        (g) => g.administrativeUnitId === auId && canResetTarget(g.roleKey, profile, { administrativeUnitId: auId }),
      )
    )
      restricted += n;
  }

  const ordinaryTotal = Math.max(0, syncedTotal - targets.known.size - unexplainedTotal);
  let ordinary: number;
  const tenantWide = all.filter((g) => g.administrativeUnitId === undefined);
  if (tenantWide.length > 0) {
    // A resetter is not in their own reach: when the only tenant-wide resetter is itself an ordinary
    // synced user, that user is not reached through these paths.
    const holders = new Set(tenantWide.flatMap((g) => [...g.holders]));
    const only = holders.size === 1 ? paths.find((p) => holders.has(p.principal.id))?.principal : undefined;
    const selfOnly = only?.type === "user" && only.onPremisesSyncEnabled === true && !targets.known.has(only.id);
    ordinary = ordinaryTotal - (selfOnly ? 1 : 0);
  } else {
    ordinary = 0;
    const reachedUnits = new Set(all.map((g) => g.administrativeUnitId!));
    for (const auId of reachedUnits) {
      const unit = unitData[auId];
      if (!unit || unit.isMemberManagementRestricted || unit.syncedMemberCount === null) continue;
      let knownMembers = 0;
      for (const t of targets.known.values()) if (t.auIds.includes(auId)) knownMembers++;
      ordinary += Math.max(0, unit.syncedMemberCount - knownMembers);
    }
  }
  return Math.min(syncedTotal, known + restricted + Math.max(0, ordinary));
}

const NO_ROLE: TargetProfile = {
  activeRoles: [],
  inRoleAssignableGroup: false,
  restrictedAuIds: [],
  holdsRoleScopedToRestrictedAu: false,
};

/** The rule of resetPaths.ts for one target: in scope, resettable, writeback can carry it, not the holder alone. */
function grantReaches(g: Grant, t: KnownTarget): boolean {
  if (t.onPremProtected) return false;
  if (g.holders.size === 1 && g.holders.has(t.id)) return false;
  const au = g.administrativeUnitId;
  if (au !== undefined && !t.auIds.includes(au)) return false;
  return canResetTarget(g.roleKey, t.profile, au === undefined ? {} : { administrativeUnitId: au });
}
