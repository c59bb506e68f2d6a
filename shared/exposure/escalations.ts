/**
 * One-hop escalations to password reset: principals that are not (or not that widely) resetters but
 * can make themselves one in a single step — assign themselves a role, grant themselves a Graph
 * permission, add themselves to a role-assignable group they own or manage, or add a credential to an
 * application that resets passwords and act as it. What grants each step is in
 * escalationCapability.ts; each step's reach is computed by the same rules as a real reset path
 * (reachAs), as if the step had been taken.
 *
 * A step that gains nothing over what the principal already reaches directly is not reported (a
 * Global Administrator can also assign roles). A principal is never its own step's target.
 */
import type { AppPermissionGrant, Principal, RoleDefinition, SectionName, Snapshot } from "../snapshot/types.js";
import type { TargetIndex } from "./protectedTargets.js";
import { heldRoles, holdersOf, reachAs, roleKeyOf, type Holder, type HeldRole, type ResetPath } from "./resetPaths.js";
import {
  credentialActions,
  groupMembershipActions,
  permissionEscalation,
  roleAssignmentActions,
  type EscalationKind,
} from "./escalationCapability.js";
import { canResetPasswords, indexRoleDefinitions } from "./resetCapability.js";
import { canResetGlobalAdministrators } from "./resetTargets.js";
import { ROLE } from "./roleTemplates.js";
import { widestReach } from "./widestReach.js";
import { groupBy } from "./groupBy.js";

/** How the escalating principal holds the step. */
export type EscalationSource =
  | { kind: "role"; role: RoleDefinition; scope: string; assignment: "active" | "eligible"; via?: Principal }
  | { kind: "app-permission"; grant: AppPermissionGrant }
  | { kind: "owner" };

export interface EscalationTarget {
  type: "role" | "servicePrincipal" | "group";
  id: string;
  displayName: string | null;
}

export interface EscalationPath {
  key: string;
  kind: EscalationKind;
  principal: Principal;
  source: EscalationSource;
  /** The role actions or the Graph permission that allow the step. */
  grants: string[];
  target: EscalationTarget;
  /** The reset-capable role the step ends in (Global Administrator for role assignment). */
  targetRole: RoleDefinition;
  /** The destination is a tenant-wide reset path. */
  tenantWide: boolean;
  resetsGlobalAdmins: boolean;
  /** The destination application has no password-writing permission (app-only reset needs one). */
  targetWithoutWriter: boolean;
  reach: { syncedUsers: number | null; sample: string[] };
  missing: SectionName[];
}

interface Destination {
  target: EscalationTarget;
  /** (role, scope) pairs the principal would hold, or the paths the app already holds. */
  roles: { role: RoleDefinition; scope: string }[];
  paths?: ResetPath[];
  targetWithoutWriter?: boolean;
}

export interface EscalationInput {
  snapshot: Snapshot;
  targets: TargetIndex;
  paths: readonly ResetPath[];
  /** Service principals holding a password-writing permission; undefined when appPermissions is unknown. */
  writers: ReadonlySet<string> | undefined;
}

export function enumerateEscalations(input: EscalationInput): EscalationPath[] {
  const { snapshot, targets, paths } = input;
  const { roleDefinitions, syncedUsers } = snapshot.sections;
  const synced = syncedUsers.status === "ok" ? syncedUsers.data.count : null;
  const ga = globalAdministrator(roleDefinitions.status === "ok" ? roleDefinitions.data.definitions : []);
  const pathsOf = groupBy(paths, (p) => p.principal.id);
  const apps = resetCapableApps(pathsOf, snapshot, input.writers);
  const groups = resetCapableGroups(snapshot);
  const out = new Map<string, EscalationPath>();

  const add = (
    principal: Principal,
    kind: EscalationKind,
    source: EscalationSource,
    grants: string[],
    d: Destination,
  ) => {
    if (d.target.id === principal.id) return;
    const key = `escalation:${kind}:${principal.id}:${sourceKey(source)}:${d.target.id}`;
    if (out.has(key)) return;
    const reached = d.paths
      ? d.paths.map((p) => ({ scope: p.scope, reach: p.reach, missing: p.missing }))
      : d.roles.map((r) => ({ scope: r.scope, ...reachAs(principal, r.role, r.scope, snapshot, targets) }));
    const missing = [...new Set(reached.flatMap((r) => r.missing))];
    // Without role definitions no role's reach (or whether the principal resets already) is known.
    if (roleDefinitions.status !== "ok") missing.push("roleDefinitions");
    if (source.kind === "role" && source.via === undefined && principal.type === "group") missing.push("groupMembers");
    const n = missing.length > 0 ? null : widestReach(reached, synced);
    const direct = widestReach(pathsOf.get(principal.id) ?? [], synced);
    if (n !== null && direct !== null && n <= direct) return;
    const widest = d.paths
      ? [...d.paths].sort((a, b) => (b.reach.syncedUsers ?? 0) - (a.reach.syncedUsers ?? 0))[0]
      : undefined;
    const targetRole = widest?.role ?? d.roles[0]!.role;
    const tenantWide = d.paths ? d.paths.some((p) => p.scope === "/") : d.roles.some((r) => r.scope === "/");
    const resetsGlobalAdmins = d.paths
      ? d.paths.some((p) => p.scope === "/" && canResetGlobalAdministrators(p.roleKey))
      : d.roles.some((r) => r.scope === "/" && canResetGlobalAdministrators(roleKeyOf(r.role)));
    const sample = (reached.find((r) => r.reach.syncedUsers === n) ?? reached[0])?.reach.sample ?? [];
    out.set(key, {
      key,
      kind,
      principal,
      source,
      grants,
      target: d.target,
      targetRole,
      tenantWide,
      resetsGlobalAdmins,
      targetWithoutWriter: d.targetWithoutWriter ?? false,
      reach: { syncedUsers: n, sample: n === null ? [] : sample },
      missing,
    });
  };
  const anyRole: Destination = {
    target: { type: "role", id: ga.templateId, displayName: ga.displayName },
    roles: [{ role: ga, scope: "/" }],
  };

  for (const held of heldRoles(snapshot)) {
    const assigning = roleAssignmentActions(held.role);
    const credentials = credentialActions(held.role);
    const membership = groupMembershipActions(held.role);
    if (assigning.length + credentials.length + membership.length === 0) continue;
    const scope = held.source.directoryScopeId || "/";
    for (const h of holdersOf(held, snapshot)) {
      const source = roleSource(held, h, scope);
      if (assigning.length > 0) {
        if (scope === "/") add(h.principal, "role-assignment", source, assigning, anyRole);
        continue;
      }
      if (credentials.length > 0) {
        for (const app of apps) if (inScope(scope, app)) add(h.principal, "app-credentials", source, credentials, app);
      }
      if (membership.length > 0 && scope === "/") {
        for (const g of groups) add(h.principal, "group-membership", source, membership, g);
      }
    }
  }

  const appPermissions = snapshot.sections.appPermissions;
  if (appPermissions.status === "ok") {
    for (const grant of appPermissions.data.grants) {
      const kind = permissionEscalation(grant.permission);
      if (!kind) continue;
      const sp = servicePrincipalOf(grant);
      const source: EscalationSource = { kind: "app-permission", grant };
      if (kind === "app-credentials") for (const app of apps) add(sp, kind, source, [grant.permission], app);
      else add(sp, kind, source, [grant.permission], anyRole);
    }
    // Owners of reset-capable applications and of their application objects.
    for (const app of apps) {
      const owners = appPermissions.data.owners?.[app.target.id];
      if (!owners) continue;
      for (const o of [...owners.servicePrincipalOwners, ...(owners.applicationOwners ?? [])])
        add(o, "app-owner", { kind: "owner" }, [], app);
    }
  }

  const groupMembers = snapshot.sections.groupMembers;
  if (groupMembers.status === "ok") {
    for (const g of groups) {
      for (const o of groupMembers.data.groups[g.target.id]?.owners ?? [])
        add(o, "group-owner", { kind: "owner" }, [], g);
    }
  }
  return [...out.values()];
}

function roleSource(held: HeldRole, h: Holder, scope: string): EscalationSource {
  return { kind: "role", role: held.role, scope, assignment: h.assignment, ...(h.via ? { via: h.via } : {}) };
}

function sourceKey(s: EscalationSource): string {
  if (s.kind === "role") return `${roleKeyOf(s.role)}:${s.scope}:${s.assignment}${s.via ? `:via:${s.via.id}` : ""}`;
  if (s.kind === "app-permission") return `app-permission:${s.grant.permission}`;
  return "owner";
}

/** Tenant scope reaches every application; a scope naming one object reaches that application only. */
function inScope(scope: string, app: Destination & { objectIds?: string[] }): boolean {
  if (scope === "/") return true;
  return (app.objectIds ?? [app.target.id]).includes(scope.slice(1));
}

/** Service principals holding at least one reset path: acting as one resets what it resets. */
function resetCapableApps(
  pathsOf: Map<string, ResetPath[]>,
  snapshot: Snapshot,
  writers: ReadonlySet<string> | undefined,
): (Destination & { objectIds: string[] })[] {
  const s = snapshot.sections.appPermissions;
  const owners = s.status === "ok" ? s.data.owners : undefined;
  const out: (Destination & { objectIds: string[] })[] = [];
  for (const [id, list] of pathsOf) {
    const sp = list[0]!.principal;
    if (sp.type !== "servicePrincipal") continue;
    const objectId = owners?.[id]?.applicationObjectId;
    out.push({
      target: { type: "servicePrincipal", id, displayName: sp.displayName ?? null },
      roles: list.map((p) => ({ role: p.role, scope: p.scope })),
      paths: list,
      targetWithoutWriter: writers !== undefined && !writers.has(id),
      objectIds: objectId ? [id, objectId] : [id],
    });
  }
  return out.sort((a, b) => a.target.id.localeCompare(b.target.id));
}

/** Role-assignable groups holding a reset-capable role: joining one takes its roles. */
function resetCapableGroups(snapshot: Snapshot): Destination[] {
  const { groupMembers, roleDefinitions } = snapshot.sections;
  if (groupMembers.status !== "ok" || roleDefinitions.status !== "ok") return [];
  const byGroup = new Map<string, Destination>();
  for (const held of heldRoles(snapshot)) {
    const g = held.principal;
    if (g?.type !== "group" || !groupMembers.data.groups[g.id]) continue;
    if (!canResetPasswords(held.role)) continue;
    const d = byGroup.get(g.id) ?? {
      target: { type: "group" as const, id: g.id, displayName: g.displayName },
      roles: [],
    };
    d.roles.push({ role: held.role, scope: held.source.directoryScopeId || "/" });
    byGroup.set(g.id, d);
  }
  return [...byGroup.values()].sort((a, b) => a.target.id.localeCompare(b.target.id));
}

function servicePrincipalOf(g: AppPermissionGrant): Principal {
  return { id: g.servicePrincipalId, type: "servicePrincipal", displayName: g.displayName, appId: g.appId };
}

/** The tenant's Global Administrator definition, or its documented template when the list lacks it. */
function globalAdministrator(definitions: readonly RoleDefinition[]): RoleDefinition {
  return (
    indexRoleDefinitions(definitions).get(ROLE.globalAdministrator) ?? {
      id: ROLE.globalAdministrator,
      templateId: ROLE.globalAdministrator,
      displayName: "Global Administrator",
      isBuiltIn: true,
      isEnabled: true,
      allowedResourceActions: ["microsoft.directory/users/allProperties/allTasks"],
    }
  );
}
