/**
 * Fixes ranked by what they remove. The exposure is a pure function of the snapshot, so a fix can be
 * tried on paper: each distinct change the findings suggest (remove a role assignment, a member or
 * an owner of a role-assignable group, an application permission or owner) is applied to a copy of
 * the snapshot, the headline is recomputed, and the fixes are ranked by the reset-to-on-prem paths
 * they remove, direct and one-hop. Disabling writeback removes every path; it is reported beside the
 * ranking, not in it, since it is the one fix that needs no ranking.
 *
 * Cost: a recomputation per fix tried. Every candidate gets a cheap estimate (the reach of the
 * findings it would remove); only the best-estimated few are recomputed exactly, so the cost stays
 * a handful of headline computations whatever the tenant's size.
 */
import type { RoleAssignableGroup, RoleAssignmentsData, Section, Snapshot } from "../snapshot/types.js";
import { computeHeadline } from "./computeExposure.js";
import type { Exposure, Finding, Headline } from "./types.js";

export type FixAction =
  | "remove-role-assignment"
  | "remove-group-member"
  | "remove-group-owner"
  | "remove-app-permission"
  | "remove-app-owner"
  | "disable-writeback";

export interface FixObject {
  id: string;
  displayName: string | null;
}

export interface FixTarget {
  /** Whose right the fix removes (the member, the owner, the role holder, the application). */
  principal?: FixObject & { type: string };
  role?: FixObject & { templateId: string };
  scope?: string;
  /** Active, eligible (PIM), or both: a group's role is removed whichever way it holds it. */
  assignment?: "active" | "eligible" | "any";
  group?: FixObject;
  application?: FixObject;
  permission?: FixObject;
}

export interface Removed {
  paths: number;
  oneHopPaths: number;
  resetters: number;
}

export interface Fix {
  key: string;
  action: FixAction;
  target: FixTarget;
  /** One line, plain text; tenant strings raw (renderers escape). */
  summary: string;
  removes: Removed;
}

export interface FixRanking {
  /** The figures before any fix. */
  before: Removed;
  /** Best first; only fixes that remove something. */
  fixes: Fix[];
  /**
   * What the best `count` fixes remove applied together (in rank order, each removing more than the
   * ones before it), and their share of all paths, direct and one-hop.
   */
  together?: { count: number; removes: Removed; share: number };
  /** Disabling writeback: every live path goes (resetters stay: they could reset in the cloud). */
  disableWriteback?: Removed;
  /** Set when no ranking can be made (figures unknown, or nothing to remove). */
  unavailable?: string;
  /** Candidates found, and how many were recomputed exactly. */
  candidates: number;
  evaluated: number;
}

export interface RankFixesOptions {
  /** Fixes recomputed exactly (the best-estimated ones). Default 12. */
  evaluate?: number;
  /** Fixes listed. Default 10. */
  keep?: number;
  /** Fixes applied together for `together`. Default 3. */
  together?: number;
}

interface Candidate {
  fix: Omit<Fix, "removes">;
  apply: (s: Snapshot) => Snapshot;
  estimate: number;
}

export function rankFixes(snapshot: Snapshot, exposure: Exposure, options: RankFixesOptions = {}): FixRanking {
  const before = figures(exposure.headline);
  const empty = {
    before: before ?? { paths: 0, oneHopPaths: 0, resetters: 0 },
    fixes: [],
    candidates: 0,
    evaluated: 0,
  };
  if (!before) return { ...empty, unavailable: "the exposure figures are unknown (a section could not be read)" };
  if (before.paths + before.oneHopPaths === 0) return { ...empty, unavailable: "no reset-to-on-prem path to remove" };
  const candidates = candidatesOf(exposure);
  const tried = [...candidates.values()]
    .sort((a, b) => b.estimate - a.estimate || compare(a.fix.key, b.fix.key))
    .slice(0, options.evaluate ?? 12);
  const scored: (Candidate & { removes: Removed })[] = [];
  for (const c of tried) {
    const after = figures(computeHeadline(c.apply(snapshot)));
    if (!after) continue;
    const removes = difference(before, after);
    if (removes.paths + removes.oneHopPaths > 0) scored.push({ ...c, removes });
  }
  scored.sort(
    (a, b) =>
      b.removes.paths + b.removes.oneHopPaths - (a.removes.paths + a.removes.oneHopPaths) ||
      b.removes.paths - a.removes.paths ||
      b.removes.resetters - a.removes.resetters ||
      compare(a.fix.key, b.fix.key),
  );
  const fixes = scored.slice(0, options.keep ?? 10).map((c) => ({ ...c.fix, removes: c.removes }));
  const ranking: FixRanking = {
    before,
    fixes,
    candidates: candidates.size,
    evaluated: tried.length,
    ...(exposure.writeback.state === "off"
      ? {}
      : { disableWriteback: { paths: before.paths, oneHopPaths: before.oneHopPaths, resetters: 0 } }),
  };
  const together = combine(snapshot, before, scored, options.together ?? 3);
  if (together) ranking.together = together;
  if (fixes.length === 0) ranking.unavailable = "no single change the findings suggest removes a path";
  return ranking;
}

/**
 * The best few fixes applied together, in rank order, skipping one that removes nothing more once
 * the earlier ones are applied (a member of a group whose role is already removed).
 */
function combine(
  snapshot: Snapshot,
  before: Removed,
  ranked: readonly Candidate[],
  count: number,
): FixRanking["together"] {
  let applied = snapshot;
  let removed = 0;
  let chosen = 0;
  let removes: Removed | undefined;
  for (const c of ranked) {
    if (chosen === count) break;
    const next = c.apply(applied);
    const after = figures(computeHeadline(next));
    if (!after) continue;
    const now = difference(before, after);
    if (now.paths + now.oneHopPaths <= removed) continue;
    applied = next;
    removed = now.paths + now.oneHopPaths;
    removes = now;
    chosen++;
  }
  if (!removes) return undefined;
  return { count: chosen, removes, share: removed / (before.paths + before.oneHopPaths) };
}

function figures(h: Headline): Removed | undefined {
  if (h.resetPaths === null || h.resetters === null) return undefined;
  const oneHop = h.oneHop?.resetPaths;
  if (oneHop === null) return undefined;
  return { paths: h.resetPaths, oneHopPaths: oneHop ?? 0, resetters: h.resetters };
}

function difference(a: Removed, b: Removed): Removed {
  return { paths: a.paths - b.paths, oneHopPaths: a.oneHopPaths - b.oneHopPaths, resetters: a.resetters - b.resetters };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- candidates --------------------------------------------------------------------------------

function candidatesOf(exposure: Exposure): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  const add = (c: Omit<Candidate, "estimate">, weight: number) => {
    const seen = out.get(c.fix.key);
    if (seen) seen.estimate += weight;
    else out.set(c.fix.key, { ...c, estimate: weight });
  };
  for (const f of exposure.findings) {
    const weight = f.reach.syncedUsers ?? 0;
    if (weight === 0) continue;
    for (const c of fixesFor(f)) add(c, weight);
  }
  return out;
}

function fixesFor(f: Finding): Omit<Candidate, "estimate">[] {
  if (!f.principal) return [];
  if (f.kind !== "reset-path" && f.kind !== "app-permission" && !f.hop) return [];
  const p = { id: f.principal.id, type: f.principal.type, displayName: f.principal.displayName };
  const out: Omit<Candidate, "estimate">[] = [];
  if (f.via?.kind === "app-permission") {
    out.push(removeAppPermission(p, { id: f.via.id, displayName: f.via.displayName }));
  } else if (f.hop && !f.role) {
    const target = { id: f.hop.target.id, displayName: f.hop.target.displayName };
    out.push(f.hop.target.type === "group" ? removeGroupOwner(target, p) : removeAppOwner(target, p));
  } else if (f.role) {
    const role = { id: f.role.id, templateId: f.role.templateId, displayName: f.role.displayName };
    if (f.via?.kind === "group") {
      const group = { id: f.via.id, displayName: f.via.displayName };
      out.push(removeGroupMember(group, p));
      out.push(removeRole({ ...group, type: "group" }, role, f.scope, "any"));
    } else {
      out.push(removeRole(p, role, f.scope, f.assignment ?? "active"));
    }
  }
  return out;
}

function name(o: FixObject): string {
  return o.displayName ?? o.id;
}

function removeRole(
  principal: FixObject & { type: string },
  role: FixObject & { templateId: string },
  scope: string,
  assignment: "active" | "eligible" | "any",
): Omit<Candidate, "estimate"> {
  const ids = new Set([role.id, role.templateId]);
  const keep = (s: Section<RoleAssignmentsData>): Section<RoleAssignmentsData> =>
    s.status !== "ok"
      ? s
      : {
          status: "ok",
          data: {
            ...s.data,
            assignments: s.data.assignments.filter(
              (a) =>
                !(
                  a.principalId === principal.id &&
                  ids.has(a.roleDefinitionId) &&
                  (a.directoryScopeId || "/") === scope
                ),
            ),
          },
        };
  const where = scope === "/" ? "tenant-wide" : `at scope ${scope}`;
  const how = assignment === "eligible" ? "eligible " : "";
  return {
    fix: {
      key: `remove-role-assignment:${principal.id}:${role.templateId}:${scope}:${assignment}`,
      action: "remove-role-assignment",
      target: { principal, role, scope, assignment },
      summary: `Remove the ${how}${name(role)} assignment (${where}) of ${principal.type === "group" ? "group " : ""}${name(principal)}`,
    },
    apply: (s) => ({
      ...s,
      sections: {
        ...s.sections,
        ...(assignment !== "eligible" ? { roleAssignments: keep(s.sections.roleAssignments) } : {}),
        ...(assignment !== "active" ? { roleEligibilities: keep(s.sections.roleEligibilities) } : {}),
      },
    }),
  };
}

function removeGroupMember(group: FixObject, member: FixObject & { type: string }): Omit<Candidate, "estimate"> {
  return {
    fix: {
      key: `remove-group-member:${group.id}:${member.id}`,
      action: "remove-group-member",
      target: { principal: member, group },
      summary: `Remove ${name(member)} from the role-assignable group ${name(group)}`,
    },
    apply: (s) =>
      withGroup(s, group.id, (g) => ({
        ...g,
        members: g.members.filter((m) => m.id !== member.id),
        ...(g.eligibleMembers ? { eligibleMembers: g.eligibleMembers.filter((m) => m.id !== member.id) } : {}),
      })),
  };
}

function removeGroupOwner(group: FixObject, owner: FixObject & { type: string }): Omit<Candidate, "estimate"> {
  return {
    fix: {
      key: `remove-group-owner:${group.id}:${owner.id}`,
      action: "remove-group-owner",
      target: { principal: owner, group },
      summary: `Remove ${name(owner)} as an owner of the role-assignable group ${name(group)}`,
    },
    apply: (s) => withGroup(s, group.id, (g) => ({ ...g, owners: (g.owners ?? []).filter((o) => o.id !== owner.id) })),
  };
}

function withGroup(s: Snapshot, groupId: string, change: (g: RoleAssignableGroup) => RoleAssignableGroup): Snapshot {
  const section = s.sections.groupMembers;
  const group = section.status === "ok" ? section.data.groups[groupId] : undefined;
  if (section.status !== "ok" || !group) return s;
  return {
    ...s,
    sections: {
      ...s.sections,
      groupMembers: {
        status: "ok",
        data: { ...section.data, groups: { ...section.data.groups, [groupId]: change(group) } },
      },
    },
  };
}

function removeAppPermission(app: FixObject & { type: string }, permission: FixObject): Omit<Candidate, "estimate"> {
  return {
    fix: {
      key: `remove-app-permission:${app.id}:${permission.id}`,
      action: "remove-app-permission",
      target: { application: { id: app.id, displayName: app.displayName }, permission },
      summary: `Remove the ${name(permission)} permission from the application ${name(app)}`,
    },
    apply: (s) => {
      const section = s.sections.appPermissions;
      if (section.status !== "ok") return s;
      const grants = section.data.grants.filter(
        (g) => !(g.servicePrincipalId === app.id && g.appRoleId === permission.id),
      );
      return { ...s, sections: { ...s.sections, appPermissions: { status: "ok", data: { ...section.data, grants } } } };
    },
  };
}

function removeAppOwner(app: FixObject, owner: FixObject & { type: string }): Omit<Candidate, "estimate"> {
  return {
    fix: {
      key: `remove-app-owner:${app.id}:${owner.id}`,
      action: "remove-app-owner",
      target: { principal: owner, application: app },
      summary: `Remove ${name(owner)} as an owner of the application ${name(app)} (service principal and application object)`,
    },
    apply: (s) => {
      const section = s.sections.appPermissions;
      const owners = section.status === "ok" ? section.data.owners?.[app.id] : undefined;
      if (section.status !== "ok" || !owners) return s;
      const others = {
        ...owners,
        servicePrincipalOwners: owners.servicePrincipalOwners.filter((o) => o.id !== owner.id),
        applicationOwners: owners.applicationOwners?.filter((o) => o.id !== owner.id) ?? null,
      };
      return {
        ...s,
        sections: {
          ...s.sections,
          appPermissions: {
            status: "ok",
            data: { ...section.data, owners: { ...section.data.owners, [app.id]: others } },
          },
        },
      };
    },
  };
}
