/**
 * The tenant the upgrade fixture was collected from, defined here rather than taken from the demo
 * profile so the demo story can change without invalidating a snapshot written by an older release.
 * Small, but with a reset path through every channel the product audits: active and PIM-eligible
 * roles, a role-assignable group holding a role, an AU-scoped admin, an application with a
 * password-writing permission, a synced privileged account, SSPR for a selected group, and audit-log
 * evidence that writeback is on (an enable toggle, then a reset of a synced user through the password
 * reset service). Every time is relative to `now`, so a test can rebuild it as of the fixture's instant.
 */
import { ROLE } from "../../sim/graph/builtInRoles.js";
import { GRAPH_APP_ROLE_IDS } from "../../sim/graph/graphAppRoles.js";
import type { TenantModel } from "../../sim/graph/model.js";
import {
  auditEvent,
  emptyTenant,
  graphServicePrincipal,
  guidFrom,
  makeUser,
} from "../../sim/graph/profiles/builder.js";

const SEED = "writeback-watch-upgrade-fixture";
const id = (label: string) => guidFrom(SEED, label);
const DOMAIN = "fabrikam-fixture.example";
const DAY = 86_400_000;
const SSPR_SERVICE = "Self-service Password Management";

export const FIXTURE_TENANT_ID = "7c3e5a10-2b4d-4e6f-8a9b-0c1d2e3f4a5b";

const SYNCED = ["sam", "sid", "sue", "sol", "sky", "sal", "sen", "sia"];
const CLOUD = ["cal", "cat", "cob", "cyd", "cix"];
const u = (label: string) => id(`user:${label}`);

export function upgradeFixtureTenant(now: number): TenantModel {
  const tenant = emptyTenant({
    seed: SEED,
    tenantId: FIXTURE_TENANT_ID,
    displayName: "Fabrikam (upgrade fixture)",
    domain: DOMAIN,
    now,
  });
  SYNCED.forEach((label, i) =>
    tenant.users.add(
      makeUser({
        id: u(label),
        displayName: `Synced ${label}`,
        upnLocal: label,
        domain: DOMAIN,
        synced: true,
        createdAt: new Date(now - (200 - i) * DAY).toISOString(),
        lastSync: new Date(now - 20 * 60_000).toISOString(),
      }),
    ),
  );
  CLOUD.forEach((label, i) =>
    tenant.users.add(
      makeUser({
        id: u(label),
        displayName: `Cloud ${label}`,
        upnLocal: label,
        domain: DOMAIN,
        synced: false,
        createdAt: new Date(now - (100 - i) * DAY).toISOString(),
      }),
    ),
  );
  tenant.users.ssprRegistered.add(u("sue"));

  const raGroup = id("group:ra-helpdesk");
  const ssprGroup = id("group:sspr");
  tenant.groups.set(raGroup, {
    id: raGroup,
    displayName: "Helpdesk (role-assignable)",
    description: null,
    isAssignableToRole: true,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    members: [u("sam"), u("cix")],
    owners: [],
  });
  tenant.groups.set(ssprGroup, {
    id: ssprGroup,
    displayName: "SSPR users",
    description: null,
    isAssignableToRole: false,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    members: [u("sue"), u("sol")],
  });
  tenant.sspr = { scope: "selected", selectedGroupId: ssprGroup };

  const branch = id("au:branch");
  tenant.administrativeUnits.set(branch, {
    id: branch,
    displayName: "Branch",
    description: null,
    isMemberManagementRestricted: false,
    visibility: null,
    members: [u("sky"), u("sal"), u("sen")],
  });

  const appSp = id("sp:payroll");
  tenant.servicePrincipals.set(appSp, {
    id: appSp,
    appId: id("app:payroll"),
    displayName: "Payroll Connector",
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoles: [],
  });
  tenant.appRoleAssignments.push({
    id: id("ara:payroll-pwd"),
    appRoleId: GRAPH_APP_ROLE_IDS["User-PasswordProfile.ReadWrite.All"]!,
    principalId: appSp,
    principalType: "ServicePrincipal",
    principalDisplayName: "Payroll Connector",
    resourceId: graphServicePrincipal(tenant).id,
    resourceDisplayName: "Microsoft Graph",
    createdDateTime: new Date(now - 60 * DAY).toISOString(),
    deletedDateTime: null,
  });

  const assign = (label: string, principalId: string, role: string, scope = "/") =>
    tenant.roleAssignments.push({
      id: id(`ra:${label}`),
      principalId,
      roleDefinitionId: role,
      directoryScopeId: scope,
      appScopeId: null,
    });
  assign("cal-ga", u("cal"), ROLE.globalAdministrator);
  assign("cat-hd", u("cat"), ROLE.helpdeskAdministrator);
  assign("sid-ua", u("sid"), ROLE.userAdministrator);
  assign("group-hd", raGroup, ROLE.helpdeskAdministrator);
  assign("cob-pa-au", u("cob"), ROLE.passwordAdministrator, `/administrativeUnits/${branch}`);
  assign("payroll-hd", appSp, ROLE.helpdeskAdministrator);
  tenant.roleEligibilities.push({
    id: id("re:cyd-pa"),
    principalId: u("cyd"),
    roleDefinitionId: ROLE.passwordAdministrator,
    directoryScopeId: "/",
    appScopeId: null,
    startDateTime: new Date(now - 30 * DAY).toISOString(),
    endDateTime: null,
    memberType: "Direct",
    roleEligibilityScheduleId: id("res:cyd-pa"),
  });

  const person = (label: string) => {
    const user = tenant.users.get(u(label))!;
    return { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
  };
  tenant.directoryAudits.push(
    auditEvent({
      id: id("audit:enable"),
      at: now - 20 * DAY,
      activity: "Enable password writeback for directory",
      service: SSPR_SERVICE,
      category: "DirectoryManagement",
      actor: person("cal"),
    }),
    auditEvent({
      id: id("audit:reset-sal"),
      at: now - 3 * DAY,
      activity: "Reset password (by admin)",
      service: SSPR_SERVICE,
      category: "UserManagement",
      actor: person("cat"),
      target: { ...person("sal"), type: "User" },
    }),
  );
  return tenant;
}

/** The instant the fixture audit ran at; tests rebuild the tenant as of it. */
export const FIXTURE_TAKEN_AT = "2026-12-01T08:00:00.000Z";
