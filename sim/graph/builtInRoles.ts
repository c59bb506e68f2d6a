/**
 * Built-in Entra ID role definitions the simulator serves: real template ids and real resource
 * actions (from Microsoft's "Microsoft Entra built-in roles" reference). Action lists are trimmed
 * to the actions that matter for password reset and a few neighbours; the password-reset actions
 * (`microsoft.directory/users/password/update`, `microsoft.directory/users/allProperties/allTasks`)
 * are exactly where Microsoft lists them. For built-in roles id === templateId.
 */
import type { SimRoleDefinition } from "./model.js";

export const ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedAuthenticationAdministrator: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  passwordAdministrator: "966707d0-3269-4727-9be2-8c3a10f19b9d",
  partnerTier1Support: "4ba39ca4-527c-499a-b93d-d9b492c50246",
  partnerTier2Support: "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8",
  privilegedRoleAdministrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  groupsAdministrator: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
  directoryReaders: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  hybridIdentityAdministrator: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
  directorySynchronizationAccounts: "d29b2b05-8046-44ba-8758-1e26182fcf32",
  directoryWriters: "9360feb5-f418-4baa-8175-e2a00bac4301",
  guestInviter: "95e79109-95c0-4d8e-aee3-d01accf2d47b",
  messageCenterReader: "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
  reportsReader: "4a5d8f65-41da-4de4-8968-e035b65339cf",
  userExperienceSuccessManager: "27460883-1df1-4691-b032-3b79643e5e63",
  usageSummaryReportsReader: "75934031-6c7e-415a-99d7-48dbd49e875e",
  applicationAdministrator: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudApplicationAdministrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
} as const;

export const PASSWORD_UPDATE_ACTION = "microsoft.directory/users/password/update";
export const USERS_ALL_TASKS_ACTION = "microsoft.directory/users/allProperties/allTasks";

const WEB_PORTAL_READ = "microsoft.office365.webPortal/allEntities/standard/read";
const SERVICE_HEALTH = "microsoft.azure.serviceHealth/allEntities/allTasks";
const SUPPORT_TICKETS = "microsoft.azure.supportTickets/allEntities/allTasks";

const BUILT_INS: { templateId: string; displayName: string; description: string; actions: string[] }[] = [
  {
    templateId: ROLE.globalAdministrator,
    displayName: "Global Administrator",
    description:
      "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
    actions: [
      "microsoft.directory/administrativeUnits/allProperties/allTasks",
      "microsoft.directory/applications/allProperties/allTasks",
      "microsoft.directory/groups/allProperties/allTasks",
      "microsoft.directory/roleAssignments/allProperties/allTasks",
      "microsoft.directory/roleDefinitions/allProperties/allTasks",
      "microsoft.directory/servicePrincipals/allProperties/allTasks",
      USERS_ALL_TASKS_ACTION,
      "microsoft.directory/users/authenticationMethods/create",
      "microsoft.directory/users/authenticationMethods/delete",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      "microsoft.directory/onPremisesSynchronization/standard/read",
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.privilegedAuthenticationAdministrator,
    displayName: "Privileged Authentication Administrator",
    description:
      "Can access to view, set and reset authentication method information for any user (admin or non-admin).",
    actions: [
      "microsoft.directory/users/authenticationMethods/create",
      "microsoft.directory/users/authenticationMethods/delete",
      "microsoft.directory/users/authenticationMethods/standard/read",
      "microsoft.directory/users/authenticationMethods/basic/update",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      PASSWORD_UPDATE_ACTION,
      "microsoft.directory/users/userPrincipalName/update",
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.authenticationAdministrator,
    displayName: "Authentication Administrator",
    description: "Can access to view, set and reset authentication method information for any non-admin user.",
    actions: [
      "microsoft.directory/users/authenticationMethods/create",
      "microsoft.directory/users/authenticationMethods/delete",
      "microsoft.directory/users/authenticationMethods/standard/restrictedRead",
      "microsoft.directory/users/authenticationMethods/basic/update",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      PASSWORD_UPDATE_ACTION,
      "microsoft.directory/users/userPrincipalName/update",
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.userAdministrator,
    displayName: "User Administrator",
    description: "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
    actions: [
      "microsoft.directory/groups/create",
      "microsoft.directory/groups/delete",
      "microsoft.directory/groups/members/update",
      "microsoft.directory/users/assignLicense",
      "microsoft.directory/users/basic/update",
      "microsoft.directory/users/create",
      "microsoft.directory/users/delete",
      "microsoft.directory/users/disable",
      "microsoft.directory/users/enable",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      "microsoft.directory/users/manager/update",
      PASSWORD_UPDATE_ACTION,
      "microsoft.directory/users/photo/update",
      "microsoft.directory/users/restore",
      "microsoft.directory/users/userPrincipalName/update",
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.helpdeskAdministrator,
    displayName: "Helpdesk Administrator",
    description: "Can reset passwords for non-administrators and Helpdesk Administrators.",
    actions: [
      "microsoft.directory/bitlockerKeys/key/read",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      PASSWORD_UPDATE_ACTION,
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.passwordAdministrator,
    displayName: "Password Administrator",
    description: "Can reset passwords for non-administrators and Password Administrators.",
    actions: [PASSWORD_UPDATE_ACTION, SERVICE_HEALTH, SUPPORT_TICKETS, WEB_PORTAL_READ],
  },
  {
    templateId: ROLE.partnerTier1Support,
    displayName: "Partner Tier1 Support",
    description: "Do not use - not intended for general use.",
    actions: [
      "microsoft.directory/contacts/create",
      "microsoft.directory/groups/members/update",
      "microsoft.directory/users/basic/update",
      "microsoft.directory/users/create",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      PASSWORD_UPDATE_ACTION,
      SUPPORT_TICKETS,
    ],
  },
  {
    templateId: ROLE.partnerTier2Support,
    displayName: "Partner Tier2 Support",
    description: "Do not use - not intended for general use.",
    actions: [
      "microsoft.directory/contacts/create",
      "microsoft.directory/groups/delete",
      "microsoft.directory/groups/members/update",
      "microsoft.directory/users/basic/update",
      "microsoft.directory/users/create",
      "microsoft.directory/users/delete",
      "microsoft.directory/users/invalidateAllRefreshTokens",
      PASSWORD_UPDATE_ACTION,
      SUPPORT_TICKETS,
    ],
  },
  {
    templateId: ROLE.privilegedRoleAdministrator,
    displayName: "Privileged Role Administrator",
    description:
      "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.",
    actions: [
      "microsoft.directory/administrativeUnits/allProperties/allTasks",
      "microsoft.directory/roleAssignments/allProperties/allTasks",
      "microsoft.directory/roleDefinitions/allProperties/allTasks",
      "microsoft.directory/privilegedIdentityManagement/allProperties/allTasks",
      "microsoft.directory/servicePrincipals/appRoleAssignedTo/update",
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.securityAdministrator,
    displayName: "Security Administrator",
    description:
      "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.",
    actions: [
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/policies/create",
      "microsoft.directory/policies/basic/update",
      "microsoft.directory/signInReports/allProperties/read",
      "microsoft.directory/identityProtection/allProperties/allTasks",
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.groupsAdministrator,
    displayName: "Groups Administrator",
    description:
      "Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.",
    actions: [
      "microsoft.directory/groups/assignLicense",
      "microsoft.directory/groups/create",
      "microsoft.directory/groups/delete",
      "microsoft.directory/groups/members/update",
      "microsoft.directory/groups/owners/update",
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.directoryReaders,
    displayName: "Directory Readers",
    description:
      "Can read basic directory information. Commonly used to grant directory read access to applications and guests.",
    actions: [
      "microsoft.directory/administrativeUnits/standard/read",
      "microsoft.directory/groups/standard/read",
      "microsoft.directory/servicePrincipals/standard/read",
      "microsoft.directory/users/standard/read",
    ],
  },
  {
    templateId: ROLE.globalReader,
    displayName: "Global Reader",
    description: "Can read everything that a Global Administrator can, but not update anything.",
    actions: [
      "microsoft.directory/administrativeUnits/allProperties/read",
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/groups/allProperties/read",
      "microsoft.directory/roleAssignments/allProperties/read",
      "microsoft.directory/users/allProperties/read",
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.hybridIdentityAdministrator,
    displayName: "Hybrid Identity Administrator",
    description:
      "Can manage Microsoft Entra Connect, Pass-through Authentication (PTA), Password hash synchronization (PHS), Seamless Single Sign-On (Seamless SSO), and federation settings.",
    actions: [
      "microsoft.directory/onPremisesSynchronization/standard/read",
      "microsoft.directory/onPremisesSynchronization/basic/update",
      "microsoft.directory/domains/federation/update",
      SERVICE_HEALTH,
      SUPPORT_TICKETS,
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.directorySynchronizationAccounts,
    displayName: "Directory Synchronization Accounts",
    description: "Only used by Microsoft Entra Connect service.",
    actions: ["microsoft.directory/onPremisesSynchronization/standard/read"],
  },
  {
    templateId: ROLE.directoryWriters,
    displayName: "Directory Writers",
    description:
      "Can read and write basic directory information. For granting access to applications, not intended for users.",
    actions: [
      "microsoft.directory/groups/create",
      "microsoft.directory/groups/members/update",
      "microsoft.directory/users/basic/update",
      "microsoft.directory/users/manager/update",
    ],
  },
  {
    templateId: ROLE.guestInviter,
    displayName: "Guest Inviter",
    description: "Can invite guest users independent of the 'members can invite guests' setting.",
    actions: ["microsoft.directory/users/inviteGuest", "microsoft.directory/users/standard/read"],
  },
  {
    templateId: ROLE.messageCenterReader,
    displayName: "Message Center Reader",
    description: "Can read messages and updates for their organization in Office 365 Message Center only.",
    actions: ["microsoft.office365.messageCenter/messages/read", WEB_PORTAL_READ],
  },
  {
    templateId: ROLE.reportsReader,
    displayName: "Reports Reader",
    description: "Can read sign-in and audit reports.",
    actions: [
      "microsoft.directory/auditLogs/allProperties/read",
      "microsoft.directory/signInReports/allProperties/read",
      WEB_PORTAL_READ,
    ],
  },
  {
    templateId: ROLE.userExperienceSuccessManager,
    displayName: "User Experience Success Manager",
    description: "Can see only tenant level aggregates in Microsoft 365 Usage Analytics and Productivity Score.",
    actions: ["microsoft.office365.usageReports/allEntities/standard/read", WEB_PORTAL_READ],
  },
  {
    templateId: ROLE.usageSummaryReportsReader,
    displayName: "Usage Summary Reports Reader",
    description: "Read Usage reports and Adoption Score, but can't access user details.",
    actions: ["microsoft.office365.usageReports/allEntities/standard/read"],
  },
  {
    templateId: ROLE.applicationAdministrator,
    displayName: "Application Administrator",
    description: "Can create and manage all aspects of app registrations and enterprise apps.",
    actions: [
      "microsoft.directory/applications/create",
      "microsoft.directory/applications/credentials/update",
      "microsoft.directory/servicePrincipals/credentials/update",
      "microsoft.directory/servicePrincipals/appRoleAssignedTo/update",
    ],
  },
  {
    templateId: ROLE.cloudApplicationAdministrator,
    displayName: "Cloud Application Administrator",
    description: "Can create and manage all aspects of app registrations and enterprise apps except App Proxy.",
    actions: [
      "microsoft.directory/applications/create",
      "microsoft.directory/applications/credentials/update",
      "microsoft.directory/servicePrincipals/credentials/update",
    ],
  },
];

export function builtInRoleDefinitions(): SimRoleDefinition[] {
  return BUILT_INS.map((r) => ({
    id: r.templateId,
    templateId: r.templateId,
    displayName: r.displayName,
    description: r.description,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ["/"],
    version: "1",
    rolePermissions: [{ allowedResourceActions: [...r.actions], condition: null }],
  }));
}
