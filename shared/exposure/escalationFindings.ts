/** Escalation paths as findings: one kind per step, a title naming the hop, severity, remediation. */
import type { Principal } from "../snapshot/types.js";
import type { Finding, FindingKind } from "./types.js";
import type { EscalationPath } from "./escalations.js";
import type { EscalationKind } from "./escalationCapability.js";
import { findingPrincipal, findingRole } from "./resetPaths.js";
import { escalationSeverity } from "./severity.js";

const KIND: Record<EscalationKind, FindingKind> = {
  "role-assignment": "escalation-role-assignment",
  "app-role-grant": "escalation-app-role-grant",
  "group-owner": "escalation-group-owner",
  "group-membership": "escalation-group-membership",
  "app-owner": "escalation-app-owner",
  "app-credentials": "escalation-app-credentials",
};

export function escalationFinding(e: EscalationPath, writebackOff: boolean): Finding {
  const source = e.source;
  const eligible = source.kind === "role" && source.assignment === "eligible";
  const severity = escalationSeverity({
    writebackOff,
    reach: e.reach.syncedUsers,
    critical: e.resetsGlobalAdmins || e.tenantWide,
    eligible,
    disabled: e.principal.accountEnabled === false,
    targetWithoutWriter: e.targetWithoutWriter,
  });
  const step = stepOf(e);
  const finding: Finding = {
    key: e.key,
    kind: KIND[e.kind],
    severity,
    title: `${e.principal.type === "servicePrincipal" ? "Application " : ""}${name(e.principal)}${holding(e)} can ${step}${consequence(e)}`,
    principal: findingPrincipal(e.principal),
    scope: source.kind === "role" ? source.scope : "/",
    reach: { syncedUsers: e.reach.syncedUsers, sample: e.reach.sample },
    hop: {
      step,
      grants: e.grants,
      target: e.target,
      leadsTo: findingRole(e.targetRole),
      tenantWide: e.tenantWide,
    },
    remediation: remediationOf(e),
    detail: {
      resetsGlobalAdmins: e.resetsGlobalAdmins,
      ...(e.targetWithoutWriter ? { appOnlyResetNeeds: "User-PasswordProfile.ReadWrite.All (not granted)" } : {}),
      ...(e.reach.syncedUsers === null ? { unknownBecause: e.missing } : {}),
    },
  };
  if (source.kind === "role") {
    finding.role = findingRole(source.role);
    finding.assignment = source.assignment;
    if (source.via) finding.via = { kind: "group", id: source.via.id, displayName: source.via.displayName ?? null };
  } else if (source.kind === "app-permission") {
    finding.via = { kind: "app-permission", id: source.grant.appRoleId, displayName: source.grant.permission };
  }
  return finding;
}

/** "add a secret to HR Sync Connector": what the principal would do. */
function stepOf(e: EscalationPath): string {
  const target = e.target.displayName ?? e.target.id;
  switch (e.kind) {
    case "role-assignment":
      return "assign itself any directory role (Global Administrator included)";
    case "app-role-grant":
      return "grant itself any Microsoft Graph permission (RoleManagement.ReadWrite.Directory, User-PasswordProfile.ReadWrite.All)";
    case "group-owner":
      return `add itself to the role-assignable group ${target} it owns`;
    case "group-membership":
      return `add itself to the role-assignable group ${target}`;
    case "app-owner":
      return `add a secret to ${target}, which it owns`;
    case "app-credentials":
      return `add a secret to ${target}`;
  }
}

function consequence(e: EscalationPath): string {
  const n = e.reach.syncedUsers;
  const users = `the passwords of ${n === null ? "an unknown number of" : n} synced users`;
  const role = e.targetRole.displayName ?? e.targetRole.templateId;
  switch (e.kind) {
    case "role-assignment":
    case "app-role-grant":
      return `: one step from resetting ${users}`;
    case "group-owner":
    case "group-membership":
      return `, which holds ${role}: one step from resetting ${users}`;
    case "app-owner":
      return ` and which can reset ${users} (as ${role})`;
    case "app-credentials":
      return `, which can reset ${users} (as ${role})`;
  }
}

function holding(e: EscalationPath): string {
  const s = e.source;
  if (s.kind === "app-permission") return ` (holds ${s.grant.permission})`;
  if (s.kind === "owner") return "";
  const how = [
    s.role.displayName ?? s.role.templateId,
    s.assignment === "eligible" ? "PIM-eligible" : "active",
    s.via ? `through group ${name(s.via)}` : null,
  ].filter(Boolean);
  return ` (${how.join(", ")})`;
}

function remediationOf(e: EscalationPath): string {
  const s = e.source;
  const target = e.target.displayName ?? e.target.id;
  if (s.kind === "app-permission")
    return `Remove the ${s.grant.permission} grant from this application unless it must manage roles or credentials; nobody who can sign in as it should be one step from resetting synced users.`;
  if (s.kind === "owner")
    return e.kind === "group-owner"
      ? `Remove this owner from the role-assignable group ${target}, or move the group's reset-capable role to a group whose owners are cloud-only administrators.`
      : `Remove this owner from ${target} (application and service principal), or remove the application's reset-capable role.`;
  const role = s.role.displayName ?? s.role.templateId;
  if (s.via)
    return `Remove the member from group ${name(s.via)}, or make the group's ${role} assignment eligible-only.`;
  return s.assignment === "active"
    ? `Make the ${role} assignment eligible-only (PIM) with approval, or remove it if it is no longer needed.`
    : `Remove the eligible ${role} assignment if it is not needed, and require approval on activation.`;
}

function name(p: Principal): string {
  return p.displayName ?? p.userPrincipalName ?? p.id;
}
