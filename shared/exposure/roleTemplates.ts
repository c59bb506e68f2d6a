/**
 * Built-in Entra role template ids the exposure model refers to by identity (entra-docs role-based-access-control/permissions-reference.md).
 *
 * These ids decide WHOM a role can reset (the documented matrix) and how bad a path is; they never
 * decide WHETHER a role can reset passwords — that comes from the role definition's resource actions.
 */
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
  hybridIdentityAdministrator: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
  directorySynchronizationAccounts: "d29b2b05-8046-44ba-8758-1e26182fcf32",
  directoryWriters: "9360feb5-f418-4baa-8175-e2a00bac4301",
  groupsAdministrator: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
  directoryReaders: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
  guestInviter: "95e79109-95c0-4d8e-aee3-d01accf2d47b",
  messageCenterReader: "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
  reportsReader: "4a5d8f65-41da-4de4-8968-e035b65339cf",
  userExperienceSuccessManager: "27460883-1df1-4691-b032-3b79643e5e63",
  usageSummaryReportsReader: "75934031-6c7e-415a-99d7-48dbd49e875e",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  applicationAdministrator: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudApplicationAdministrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
  conditionalAccessAdministrator: "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
} as const;

/** Roles that can take over the tenant outright: a path to or from them is critical. */
export const TENANT_TAKEOVER_ROLES: ReadonlySet<string> = new Set([
  ROLE.globalAdministrator,
  ROLE.privilegedAuthenticationAdministrator,
  ROLE.privilegedRoleAdministrator,
  ROLE.partnerTier2Support,
]);

/**
 * Privileged cloud roles that are not reset-capable but still dangerous on a synced (on-prem mastered)
 * account. Reset-capable roles are privileged by definition and need no entry here.
 */
export const OTHER_PRIVILEGED_ROLES: ReadonlySet<string> = new Set([
  ROLE.globalAdministrator,
  ROLE.privilegedRoleAdministrator,
  ROLE.hybridIdentityAdministrator,
  ROLE.securityAdministrator,
  ROLE.applicationAdministrator,
  ROLE.cloudApplicationAdministrator,
  ROLE.conditionalAccessAdministrator,
  ROLE.directoryWriters,
  ROLE.groupsAdministrator,
]);
