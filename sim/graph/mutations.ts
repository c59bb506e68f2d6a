/**
 * Changes applied to a running tenant between two audits (demo, tests). Each mutation bumps the
 * tenant version so cached derived lists are recomputed, and returns what it created.
 * The same functions serve in-process callers and POST /_sim/mutations/{name} with JSON args.
 */
import { ROLE } from "./builtInRoles.js";
import type { SimRoleEligibility, SimUser, SsprScope, TenantModel } from "./model.js";
import { auditEvent, graphServicePrincipal, makeUser } from "./profiles/builder.js";
import { GRAPH_APP_ID as MICROSOFT_GRAPH_APP_ID } from "./graphAppRoles.js";

const SSPR_SERVICE = "Self-service Password Management";

export interface Mutations {
  addRoleAssignment(principalId: string, roleTemplateId: string, directoryScopeId?: string): { id: string };
  removeRoleAssignment(assignmentIdOrPrincipalId: string, roleTemplateId?: string): { removed: number };
  addRoleEligibility(principalId: string, roleTemplateId: string, directoryScopeId?: string): { id: string };
  enableWriteback(): { auditId: string };
  disableWriteback(): { auditId: string };
  setSsprScope(scope: SsprScope): { scope: SsprScope };
  addSyncedUser(displayName?: string): { id: string; userPrincipalName: string };
  addGroupMember(groupId: string, memberId: string): { members: number };
  grantAppPermission(servicePrincipalId: string, permission: string): { id: string };
  addPasswordReset(targetUserId: string, initiatedByUserId?: string): { auditId: string };
  setDisplayName(objectId: string, displayName: string): { id: string };
  /** A synced user made Helpdesk Administrator and SSPR widened to all users. */
  escalation(): { userId: string; assignmentId: string };
}

export function createMutations(tenant: TenantModel): Mutations {
  const changed = () => void tenant.version++;
  const requireObject = (objectId: string, what: string) => {
    const known = tenant.users.get(objectId) || tenant.groups.has(objectId) || tenant.servicePrincipals.has(objectId);
    if (!known) throw new Error(`No ${what} with id ${objectId} in the simulated tenant.`);
  };
  const requireRole = (roleId: string) => {
    if (!tenant.roleDefinitions.some((d) => d.id === roleId || d.templateId === roleId)) {
      throw new Error(`No role definition with template id ${roleId}; see sim/graph/builtInRoles.ts ROLE.`);
    }
  };
  const toggle = (activity: "Enable" | "Disable") => {
    const auditId = tenant.newId();
    tenant.directoryAudits.push(
      auditEvent({
        id: auditId,
        at: Date.now(),
        activity: `${activity} password writeback for directory`,
        service: SSPR_SERVICE,
        category: "DirectoryManagement",
        actor: null,
      }),
    );
    changed();
    return { auditId };
  };

  const m: Mutations = {
    addRoleAssignment(principalId, roleTemplateId, directoryScopeId = "/") {
      requireObject(principalId, "principal");
      requireRole(roleTemplateId);
      const id = tenant.newId();
      tenant.roleAssignments.push({
        id,
        principalId,
        roleDefinitionId: roleTemplateId,
        directoryScopeId,
        appScopeId: null,
      });
      changed();
      return { id };
    },
    removeRoleAssignment(assignmentIdOrPrincipalId, roleTemplateId) {
      const before = tenant.roleAssignments.length;
      tenant.roleAssignments = tenant.roleAssignments.filter((a) =>
        roleTemplateId === undefined
          ? a.id !== assignmentIdOrPrincipalId
          : !(a.principalId === assignmentIdOrPrincipalId && a.roleDefinitionId === roleTemplateId),
      );
      changed();
      return { removed: before - tenant.roleAssignments.length };
    },
    addRoleEligibility(principalId, roleTemplateId, directoryScopeId = "/") {
      requireObject(principalId, "principal");
      requireRole(roleTemplateId);
      const id = tenant.newId();
      const e: SimRoleEligibility = {
        id,
        principalId,
        roleDefinitionId: roleTemplateId,
        directoryScopeId,
        appScopeId: null,
        startDateTime: new Date().toISOString(),
        endDateTime: null,
        memberType: "Direct",
        roleEligibilityScheduleId: tenant.newId(),
      };
      tenant.roleEligibilities.push(e);
      changed();
      return { id };
    },
    enableWriteback: () => toggle("Enable"),
    disableWriteback: () => toggle("Disable"),
    setSsprScope(scope) {
      if (scope !== "none" && scope !== "selected" && scope !== "all")
        throw new Error(`SSPR scope must be none, selected or all (got ${String(scope)}).`);
      tenant.sspr = { ...tenant.sspr, scope };
      changed();
      return { scope };
    },
    addSyncedUser(displayName) {
      const id = tenant.newId();
      const local = `synced.${id.slice(0, 8)}`;
      const domain = tenant.organization.verifiedDomains[0]?.name ?? "example.com";
      const user: SimUser = makeUser({
        id,
        displayName: displayName ?? `New Synced User ${id.slice(0, 4)}`,
        upnLocal: local,
        domain,
        synced: true,
        createdAt: new Date().toISOString(),
      });
      tenant.users.add(user);
      changed();
      return { id, userPrincipalName: user.userPrincipalName };
    },
    addGroupMember(groupId, memberId) {
      const group = tenant.groups.get(groupId);
      if (!group) throw new Error(`No group with id ${groupId} in the simulated tenant.`);
      requireObject(memberId, "member");
      if (!group.members.includes(memberId)) group.members.push(memberId);
      changed();
      return { members: group.members.length };
    },
    grantAppPermission(servicePrincipalId, permission) {
      const sp = tenant.servicePrincipals.get(servicePrincipalId);
      if (!sp) throw new Error(`No service principal with id ${servicePrincipalId} in the simulated tenant.`);
      const graph = graphServicePrincipal(tenant);
      const role = graph.appRoles.find((r) => r.value === permission);
      if (!role)
        throw new Error(`Microsoft Graph (${MICROSOFT_GRAPH_APP_ID}) has no app role ${permission} in the simulator.`);
      const id = tenant.newId();
      tenant.appRoleAssignments.push({
        id,
        appRoleId: role.id,
        principalId: sp.id,
        principalType: "ServicePrincipal",
        principalDisplayName: sp.displayName,
        resourceId: graph.id,
        resourceDisplayName: graph.displayName,
        createdDateTime: new Date().toISOString(),
        deletedDateTime: null,
      });
      changed();
      return { id };
    },
    addPasswordReset(targetUserId, initiatedByUserId) {
      const target = tenant.users.get(targetUserId);
      if (!target) throw new Error(`No user with id ${targetUserId} in the simulated tenant.`);
      const by = initiatedByUserId ? tenant.users.get(initiatedByUserId) : undefined;
      const auditId = tenant.newId();
      tenant.directoryAudits.push(
        auditEvent({
          id: auditId,
          at: Date.now(),
          activity: "Reset password (by admin)",
          service: SSPR_SERVICE,
          category: "UserManagement",
          actor: by ? { id: by.id, displayName: by.displayName, userPrincipalName: by.userPrincipalName } : null,
          target: {
            id: target.id,
            displayName: target.displayName,
            type: "User",
            userPrincipalName: target.userPrincipalName,
          },
        }),
      );
      changed();
      return { auditId };
    },
    setDisplayName(objectId, displayName) {
      if (tenant.users.setDisplayName(objectId, displayName)) {
        changed();
        return { id: objectId };
      }
      const obj =
        tenant.groups.get(objectId) ??
        tenant.servicePrincipals.get(objectId) ??
        tenant.administrativeUnits.get(objectId);
      if (!obj) throw new Error(`No object with id ${objectId} in the simulated tenant.`);
      obj.displayName = displayName;
      changed();
      return { id: objectId };
    },
    escalation() {
      const { id: userId } = m.addSyncedUser("Eve Escalated (synced)");
      const { id: assignmentId } = m.addRoleAssignment(userId, ROLE.helpdeskAdministrator, "/");
      m.setSsprScope("all");
      return { userId, assignmentId };
    },
  };
  return m;
}

/** Calls a mutation by name with JSON args (an array of positional args, or an object of named ones). */
export function applyMutation(mutations: Mutations, name: string, args: unknown): unknown {
  const fn = (mutations as unknown as Record<string, unknown>)[name];
  if (typeof fn !== "function") {
    throw new Error(`Unknown mutation '${name}'. Known: ${Object.keys(mutations).join(", ")}.`);
  }
  const ORDER: Record<string, string[]> = {
    addRoleAssignment: ["principalId", "roleTemplateId", "directoryScopeId"],
    removeRoleAssignment: ["assignmentIdOrPrincipalId", "roleTemplateId"],
    addRoleEligibility: ["principalId", "roleTemplateId", "directoryScopeId"],
    setSsprScope: ["scope"],
    addSyncedUser: ["displayName"],
    addGroupMember: ["groupId", "memberId"],
    grantAppPermission: ["servicePrincipalId", "permission"],
    addPasswordReset: ["targetUserId", "initiatedByUserId"],
    setDisplayName: ["objectId", "displayName"],
  };
  const positional = Array.isArray(args)
    ? args
    : (ORDER[name] ?? []).map((k) => (args as Record<string, unknown> | null | undefined)?.[k]);
  // Trailing undefined must not override defaults.
  while (positional.length && positional[positional.length - 1] === undefined) positional.pop();
  return (fn as (...a: unknown[]) => unknown)(...positional);
}
