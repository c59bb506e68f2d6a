/**
 * The demo tenant: ~40 users and a story. Writeback is on (the audit log proves it)
 * while the reported sync flag says false; SSPR is enabled for a pilot group of synced users;
 * reset paths exist through every channel the product audits. Display names include hostile
 * strings on purpose. DEMO exports every id and the expected counts, for other suites to assert on.
 */
import { ROLE } from "../builtInRoles.js";
import { GRAPH_APP_ROLE_IDS } from "../graphAppRoles.js";

/** Microsoft Entra AD Synchronization Service (entra-docs authenticate-application-id.md). */
const AD_SYNCHRONIZATION_SERVICE_APP_ID = "6bf85cfa-ac8a-4be5-b5de-425a0d0dc016";
import type { SimGroup, SimRoleAssignment, TenantModel } from "../model.js";
import { ONPREM_DOMAIN_DN, auditEvent, emptyTenant, graphServicePrincipal, guidFrom, makeUser } from "./builder.js";

const SEED = "writeback-watch-demo";
const id = (label: string) => guidFrom(SEED, label);
const DOMAIN = "contoso-demo.example";

/** Synced users, in order: [label, displayName]. */
const SYNCED: [string, string][] = [
  ["hank", "Hank Helpdesk"],
  ["gary", "Gary Global (synced)"],
  ["rita", "Rita Reset"],
  ["nora", "Nora Novak"],
  ["ben", "Ben Branch"],
  ["bea", "Bea Branch"],
  ["bob", `O'Brien "Bob" Branch`],
  ["scripty", "<script>alert(1)</script>"],
  ["erin", "Erin Executive"],
  ["eli", "Eli Executive"],
  ["una", "🦄 Una Unicorn"],
  ["rafi", "\u202Eexe.ivaR\u202C Rafi"],
  ["sara", "سارة الحربي"],
  ["zoe", "Zoë Ångström"],
  ["kai", "Kai Kalani"],
  ["lena", "Lena Lindqvist"],
  ["mo", "Mo Mbeki"],
  ["nia", "Nia Nakamura"],
  ["omar", "Omar Okafor"],
  ["pia", "Pia Pellegrini"],
  ["quinn", "Quinn Quist"],
  ["ravi", "Ravi Raman"],
  ["sven", "Sven Svensson"],
  ["tara", "Tara Tanaka"],
];

const CLOUD: [string, string][] = [
  ["alice", "Alice Admin (break-glass)"],
  ["uma", "Uma UserAdmin"],
  ["priya", "Priya PIM"],
  ["cora", "Cora Custom"],
  ["pat", `Pat "<b>AU</b>" Password`],
  ["samsec", "Sam Security"],
  ["gil", "Gil GlobalReader"],
  ["vic", "Vic Vance"],
  ["wen", "Wen Wu"],
  ["xan", "Xan Xu"],
  ["yui", "Yui Yamada"],
  ["zed", "Zed Zimmer"],
  ["ann", "Ann Andersen"],
  ["bo", "Bo Berg"],
  ["cy", "Cy Cole"],
  ["di", "Di Dunn"],
];

const u = (label: string) => id(`user:${label}`);
/** Synced accounts kept in the on-prem Tier 0 OU (Domain Admins members, adminCount = 1 in AD). */
const TIER0 = ["gary"];
const TIER0_CONTAINER = "OU=Tier0,OU=Admins";
const SSPR_PILOT = ["una", "rafi", "sara", "zoe", "kai", "lena", "mo", "nia"];
const SSPR_REGISTERED = ["una", "rafi", "sara", "zoe", "kai", "lena", "alice"];

export const DEMO = {
  tenantId: "5f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b",
  domain: DOMAIN,
  users: Object.fromEntries([...SYNCED, ...CLOUD].map(([label]) => [label, u(label)])) as Record<string, string>,
  /** Story elements. */
  helpdeskSyncedUserId: u("hank"),
  syncedGlobalAdminId: u("gary"),
  cloudGlobalAdminId: u("alice"),
  cloudUserAdminId: u("uma"),
  pimEligiblePaaUserId: u("priya"),
  pimEligibleAuthAdminUserId: u("omar"),
  customRoleHolderId: u("cora"),
  auScopedAdminId: u("pat"),
  roleAssignableGroupId: id("group:tier1-ra"),
  /** Synced owner (not a member) of the role-assignable group: protected like its members. */
  roleAssignableGroupOwnerId: u("quinn"),
  /** Synced user PIM-eligible (not active) for membership of the role-assignable group. */
  roleAssignableGroupEligibleMemberId: u("ravi"),
  ssprPilotGroupId: id("group:sspr-pilot"),
  /** The on-prem OU of the Tier 0 accounts (for PROTECTED_ONPREM_ACCOUNTS). */
  tier0OuDn: `${TIER0_CONTAINER},${ONPREM_DOMAIN_DN}`,
  branchAuId: id("au:branch"),
  restrictedAuId: id("au:executives"),
  /** A custom role with user actions but no password reset (custom roles cannot hold one). */
  customRoleId: id("role:password-policies"),
  /** Synced member of the branch AU holding Guest Inviter: out of reach of the AU-scoped resetters. */
  branchAuRoleHolderId: u("bea"),
  hrAppSpId: id("sp:hr-sync"),
  hrAppId: id("app:hr-sync"),
  reportingAppSpId: id("sp:reporting"),
  graphSpId: guidFrom(SEED, "graph-sp"),
  adSyncServiceSpId: id("sp:ad-sync-service"),
  /** Entra Connect's application identity (a tenant's own app: its id is the tenant's). */
  connectSyncSpId: id("sp:connect-sync"),
  connectSyncAppId: id("app:connect-sync"),
  /** Synced user whose password the sync engine (the Connect app) changed: not a reset. */
  syncEngineChangedUserId: u("kai"),
  auditEnableWritebackId: id("audit:enable"),
  auditDisableWritebackId: id("audit:disable"),
  /** Synced users reset by an admin in the audit log (ben's reset is logged by both services). */
  resetSyncedUserIds: [u("ben"), u("zoe")],
  /** Synced user reset through Core Directory only (e.g. PowerShell): reported, not proof of writeback. */
  coreOnlyResetSyncedUserId: u("lena"),
  userPasswordProfileAppRoleId: GRAPH_APP_ROLE_IDS["User-PasswordProfile.ReadWrite.All"]!,
  expected: {
    users: SYNCED.length + CLOUD.length,
    syncedUsers: SYNCED.length,
    cloudUsers: CLOUD.length,
    ssprEnabledUsers: SSPR_PILOT.length,
    ssprEnabledSyncedUsers: SSPR_PILOT.length,
    ssprRegisteredSsprEnabledSyncedUsers: SSPR_PILOT.filter((l) => SSPR_REGISTERED.includes(l)).length,
    branchAuMembers: 6,
    branchAuSyncedMembers: 4,
    restrictedAuMembers: 3,
    restrictedAuSyncedMembers: 2,
    /** Members of the role-assignable group: 3 users (role-assignable groups cannot contain groups). */
    roleAssignableGroupTransitiveMembers: 3,
    roleAssignableGroupUsers: 3,
    roleAssignableGroupSyncedUsers: 2,
    roleAssignableGroupOwners: 1,
    roleAssignableGroupEligibleMembers: 1,
    activeRoleAssignments: 12,
    roleEligibilities: 2,
    administrativeUnits: 2,
    roleAssignableGroups: 1,
  },
} as const;

function assignment(
  label: string,
  principalId: string,
  roleDefinitionId: string,
  directoryScopeId = "/",
): SimRoleAssignment {
  return { id: id(`ra:${label}`), principalId, roleDefinitionId, directoryScopeId, appScopeId: null };
}

function group(
  label: string,
  displayName: string,
  members: string[],
  isAssignableToRole: boolean,
  owners: string[] = [],
): SimGroup {
  return {
    owners,
    id: id(`group:${label}`),
    displayName,
    description: null,
    isAssignableToRole,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    members,
  };
}

export function demoTenant(now = Date.now()): TenantModel {
  const tenant = emptyTenant({
    seed: SEED,
    tenantId: DEMO.tenantId,
    displayName: "Contoso Demo (writeback-watch)",
    domain: DOMAIN,
    now,
  });
  const day = 86_400_000;
  SYNCED.forEach(([label, name], i) => {
    tenant.users.add(
      makeUser({
        id: u(label),
        displayName: name,
        upnLocal: label,
        domain: DOMAIN,
        synced: true,
        ...(TIER0.includes(label) ? { onPremContainer: TIER0_CONTAINER } : {}),
        createdAt: new Date(now - (400 - i) * day).toISOString(),
        lastSync: new Date(now - 20 * 60_000).toISOString(),
      }),
    );
  });
  CLOUD.forEach(([label, name], i) => {
    tenant.users.add(
      makeUser({
        id: u(label),
        displayName: name,
        upnLocal: label,
        domain: DOMAIN,
        synced: false,
        createdAt: new Date(now - (300 - i) * day).toISOString(),
      }),
    );
  });
  for (const label of SSPR_REGISTERED) tenant.users.ssprRegistered.add(u(label));

  const groups = [
    group("tier1-ra", `Tier1 "User Admins" (role-assignable)`, [u("rita"), u("nora"), u("wen")], true, [u("quinn")]),
    group("sspr-pilot", "SSPR Pilot – Synced", SSPR_PILOT.map(u), false),
    group(
      "all-staff",
      "All Staff",
      [...SYNCED, ...CLOUD].map(([l]) => u(l)),
      false,
    ),
  ];
  for (const g of groups) tenant.groups.set(g.id, g);
  tenant.sspr = { scope: "selected", selectedGroupId: DEMO.ssprPilotGroupId };

  tenant.administrativeUnits.set(DEMO.branchAuId, {
    id: DEMO.branchAuId,
    displayName: "Branch Office – Leeds",
    description: "Users of the Leeds branch",
    isMemberManagementRestricted: false,
    visibility: null,
    members: [u("ben"), u("bea"), u("bob"), u("scripty"), u("vic"), u("xan")],
  });
  tenant.administrativeUnits.set(DEMO.restrictedAuId, {
    id: DEMO.restrictedAuId,
    displayName: "Executives (restricted)",
    description: "Restricted management administrative unit",
    isMemberManagementRestricted: true,
    visibility: null,
    members: [u("erin"), u("eli"), u("yui")],
  });

  // custom-user-permissions.md offers custom roles no password-reset action; "Update password
  // policies of users" (users/passwordPolicies/update) is the one that sounds like it. Cora's real
  // reset path is an AU-scoped Helpdesk Administrator assignment.
  tenant.roleDefinitions.push({
    id: DEMO.customRoleId,
    templateId: DEMO.customRoleId,
    displayName: "Helpdesk - Password Policies",
    description: "Custom role: set password policies (never expire, strong password) for branch users.",
    isBuiltIn: false,
    isEnabled: true,
    resourceScopes: ["/"],
    version: null,
    rolePermissions: [
      {
        allowedResourceActions: [
          "microsoft.directory/users/standard/read",
          "microsoft.directory/users/passwordPolicies/update",
        ],
        condition: null,
      },
    ],
  });

  const graphSp = graphServicePrincipal(tenant);
  tenant.servicePrincipals.set(DEMO.hrAppSpId, {
    id: DEMO.hrAppSpId,
    appId: DEMO.hrAppId,
    displayName: "HR Sync Connector",
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoles: [],
  });
  tenant.servicePrincipals.set(DEMO.reportingAppSpId, {
    id: DEMO.reportingAppSpId,
    appId: id("app:reporting"),
    displayName: "Reporting 📊 App",
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoles: [],
  });
  // Entra Connect Sync with its application identity (authenticate-application-id.md): a
  // single-tenant app holding ADSynchronization.ReadWrite.All on the Microsoft Entra AD
  // Synchronization Service (appId 6bf85cfa-…, the documented first-party app). Names of the
  // tenant's own app and the role id are the simulator's (Microsoft documents neither).
  const syncRoleId = id("approle:ADSynchronization.ReadWrite.All");
  tenant.servicePrincipals.set(DEMO.adSyncServiceSpId, {
    id: DEMO.adSyncServiceSpId,
    appId: AD_SYNCHRONIZATION_SERVICE_APP_ID,
    displayName: "Microsoft Entra AD Synchronization Service",
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoles: [
      {
        id: syncRoleId,
        value: "ADSynchronization.ReadWrite.All",
        displayName: "ADSynchronization.ReadWrite.All",
        description: "Synchronize directory objects from on-premises AD.",
        allowedMemberTypes: ["Application"],
        isEnabled: true,
        origin: "Application",
      },
    ],
  });
  tenant.servicePrincipals.set(DEMO.connectSyncSpId, {
    id: DEMO.connectSyncSpId,
    appId: DEMO.connectSyncAppId,
    displayName: "ConnectSyncProvisioning_CONNECT01",
    servicePrincipalType: "Application",
    accountEnabled: true,
    appRoles: [],
  });
  tenant.appRoleAssignments.push({
    id: id("ara:connect-sync"),
    appRoleId: syncRoleId,
    principalId: DEMO.connectSyncSpId,
    principalType: "ServicePrincipal",
    principalDisplayName: "ConnectSyncProvisioning_CONNECT01",
    resourceId: DEMO.adSyncServiceSpId,
    resourceDisplayName: "Microsoft Entra AD Synchronization Service",
    createdDateTime: new Date(now - 200 * day).toISOString(),
    deletedDateTime: null,
  });
  const grant = (label: string, spId: string, spName: string, permission: string) => ({
    id: id(`ara:${label}`),
    appRoleId: GRAPH_APP_ROLE_IDS[permission]!,
    principalId: spId,
    principalType: "ServicePrincipal" as const,
    principalDisplayName: spName,
    resourceId: graphSp.id,
    resourceDisplayName: "Microsoft Graph",
    createdDateTime: new Date(now - 90 * day).toISOString(),
    deletedDateTime: null,
  });
  tenant.appRoleAssignments.push(
    grant("hr-pwd", DEMO.hrAppSpId, "HR Sync Connector", "User-PasswordProfile.ReadWrite.All"),
    grant("hr-read", DEMO.hrAppSpId, "HR Sync Connector", "User.Read.All"),
    grant("rep-read", DEMO.reportingAppSpId, "Reporting 📊 App", "User.Read.All"),
  );

  tenant.roleAssignments.push(
    assignment("alice-ga", u("alice"), ROLE.globalAdministrator),
    assignment("gary-ga", u("gary"), ROLE.globalAdministrator),
    assignment("hank-hd", u("hank"), ROLE.helpdeskAdministrator),
    assignment("uma-ua", u("uma"), ROLE.userAdministrator),
    assignment("group-ua", DEMO.roleAssignableGroupId, ROLE.userAdministrator),
    assignment("hr-ua", DEMO.hrAppSpId, ROLE.userAdministrator),
    assignment("pat-pa-au", u("pat"), ROLE.passwordAdministrator, `/administrativeUnits/${DEMO.branchAuId}`),
    assignment("cora-custom", u("cora"), DEMO.customRoleId),
    assignment("cora-hd-au", u("cora"), ROLE.helpdeskAdministrator, `/administrativeUnits/${DEMO.branchAuId}`),
    // A synced branch user holding a limited admin role: the tenant-wide table lets Password and
    // Helpdesk Administrators reset Guest Inviters, the AU-scoped ones may not (admin-units-assign-roles.md).
    assignment("bea-gi", u("bea"), ROLE.guestInviter),
    assignment("sam-sec", u("samsec"), ROLE.securityAdministrator),
    assignment("gil-gr", u("gil"), ROLE.globalReader),
  );
  tenant.roleEligibilities.push(
    {
      id: id("re:priya-paa"),
      principalId: u("priya"),
      roleDefinitionId: ROLE.privilegedAuthenticationAdministrator,
      directoryScopeId: "/",
      appScopeId: null,
      startDateTime: new Date(now - 60 * day).toISOString(),
      endDateTime: null,
      memberType: "Direct",
      roleEligibilityScheduleId: id("res:priya-paa"),
    },
    {
      id: id("re:omar-aa"),
      principalId: u("omar"),
      roleDefinitionId: ROLE.authenticationAdministrator,
      directoryScopeId: "/",
      appScopeId: null,
      startDateTime: new Date(now - 5 * day).toISOString(),
      endDateTime: new Date(now + 30 * day).toISOString(),
      memberType: "Direct",
      roleEligibilityScheduleId: id("res:omar-aa"),
    },
  );

  tenant.groupEligibilities.push({
    id: `${DEMO.roleAssignableGroupId}_member_${id("pgs:ravi")}`,
    groupId: DEMO.roleAssignableGroupId,
    principalId: u("ravi"),
    accessId: "member",
    memberType: "direct",
    startDateTime: new Date(now - 7 * day).toISOString(),
    endDateTime: null,
    eligibilityScheduleId: id("pgs:ravi"),
  });

  const actor = (label: string) => {
    const user = tenant.users.get(u(label))!;
    return { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
  };
  const target = (label: string) => {
    const user = tenant.users.get(u(label))!;
    return { id: user.id, displayName: user.displayName, type: "User", userPrincipalName: user.userPrincipalName };
  };
  const SSPR = "Self-service Password Management";
  tenant.directoryAudits.push(
    auditEvent({
      id: DEMO.auditDisableWritebackId,
      at: now - 25 * day,
      activity: "Disable password writeback for directory",
      service: SSPR,
      category: "DirectoryManagement",
      actor: actor("alice"),
    }),
    auditEvent({
      id: DEMO.auditEnableWritebackId,
      at: now - 10 * day,
      activity: "Enable password writeback for directory",
      service: SSPR,
      category: "DirectoryManagement",
      actor: actor("alice"),
    }),
    auditEvent({
      id: id("audit:reset-ben"),
      at: now - 2 * day,
      correlationId: id("audit:reset-ben"),
      activity: "Reset password (by admin)",
      service: SSPR,
      category: "UserManagement",
      actor: actor("hank"),
      target: target("ben"),
    }),
    // One admin reset, logged by both services (reference-audit-activities.md names): counted once.
    auditEvent({
      id: id("audit:reset-ben-core"),
      at: now - 2 * day + 1000,
      activity: "Reset password",
      service: "Core Directory",
      category: "UserManagement",
      actor: actor("hank"),
      target: target("ben"),
      correlationId: id("audit:reset-ben"),
    }),
    // Password hash sync writing AD's new password to the cloud, by Entra Connect's app identity.
    auditEvent({
      id: id("audit:phs-kai"),
      at: now - 1 * day - 3600_000,
      activity: "Change user password",
      service: "Core Directory",
      category: "UserManagement",
      actor: null,
      app: {
        appId: DEMO.connectSyncAppId,
        displayName: "ConnectSyncProvisioning_CONNECT01",
        servicePrincipalId: DEMO.connectSyncSpId,
      },
      target: target("kai"),
    }),
    // A reset by PowerShell: Core Directory only, which writeback does not carry (concept-sspr-writeback.md).
    auditEvent({
      id: id("audit:reset-lena-core"),
      at: now - 8 * day,
      activity: "Reset password",
      service: "Core Directory",
      category: "UserManagement",
      actor: actor("uma"),
      target: target("lena"),
    }),
    auditEvent({
      id: id("audit:reset-zoe"),
      at: now - 5 * day,
      activity: "Reset password (by admin)",
      service: SSPR,
      category: "UserManagement",
      actor: actor("uma"),
      target: target("zoe"),
    }),
    auditEvent({
      id: id("audit:sspr-una"),
      at: now - 3 * day,
      activity: "Reset password (self-service)",
      service: SSPR,
      category: "UserManagement",
      actor: actor("una"),
      target: target("una"),
    }),
    auditEvent({
      id: id("audit:reset-vic"),
      at: now - 6 * day,
      activity: "Reset password (by admin)",
      service: SSPR,
      category: "UserManagement",
      actor: actor("uma"),
      target: target("vic"),
    }),
    auditEvent({
      id: id("audit:add-member"),
      at: now - 1 * day,
      activity: "Add member to group",
      service: "Core Directory",
      category: "GroupManagement",
      actor: actor("uma"),
      target: target("kai"),
      operationType: "Assign",
    }),
    auditEvent({
      id: id("audit:update-user"),
      at: now - 4 * day,
      activity: "Update user",
      service: "Core Directory",
      category: "UserManagement",
      actor: actor("uma"),
      target: target("tara"),
    }),
  );
  return tenant;
}
