/**
 * Entity schemas: the properties Graph knows for each type ($select validation), the ones it
 * returns without $select, and how a simulator object becomes its JSON.
 */
import type { SimAdministrativeUnit, SimGroup, SimServicePrincipal, SimUser, TenantModel } from "./model.js";

export interface EntitySchema {
  /** e.g. "microsoft.graph.user" */
  type: string;
  properties: readonly string[];
  /** Returned when no $select is given; undefined = all properties. */
  defaults?: readonly string[];
}

export const USER: EntitySchema = {
  type: "microsoft.graph.user",
  properties: [
    "id",
    "displayName",
    "userPrincipalName",
    "mail",
    "givenName",
    "surname",
    "jobTitle",
    "accountEnabled",
    "userType",
    "onPremisesSyncEnabled",
    "onPremisesImmutableId",
    "onPremisesSamAccountName",
    "onPremisesDomainName",
    "onPremisesLastSyncDateTime",
    "onPremisesSecurityIdentifier",
    "onPremisesDistinguishedName",
    "createdDateTime",
    "businessPhones",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
  ],
  defaults: [
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
  ],
};

export const GROUP: EntitySchema = {
  type: "microsoft.graph.group",
  properties: [
    "id",
    "displayName",
    "description",
    "isAssignableToRole",
    "securityEnabled",
    "mailEnabled",
    "groupTypes",
    "mail",
  ],
};

export const ADMINISTRATIVE_UNIT: EntitySchema = {
  type: "microsoft.graph.administrativeUnit",
  properties: ["id", "displayName", "description", "isMemberManagementRestricted", "visibility", "membershipType"],
};

export const SERVICE_PRINCIPAL: EntitySchema = {
  type: "microsoft.graph.servicePrincipal",
  properties: ["id", "appId", "displayName", "servicePrincipalType", "accountEnabled", "appRoles"],
};

export const APP_ROLE_ASSIGNMENT: EntitySchema = {
  type: "microsoft.graph.appRoleAssignment",
  properties: [
    "id",
    "appRoleId",
    "principalId",
    "principalType",
    "principalDisplayName",
    "resourceId",
    "resourceDisplayName",
    "createdDateTime",
    "deletedDateTime",
  ],
};

export const ROLE_DEFINITION: EntitySchema = {
  type: "microsoft.graph.unifiedRoleDefinition",
  properties: [
    "id",
    "templateId",
    "displayName",
    "description",
    "isBuiltIn",
    "isEnabled",
    "resourceScopes",
    "version",
    "rolePermissions",
  ],
};

export const ROLE_ASSIGNMENT: EntitySchema = {
  type: "microsoft.graph.unifiedRoleAssignment",
  properties: ["id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "resourceScope"],
};

export const ROLE_ELIGIBILITY: EntitySchema = {
  type: "microsoft.graph.unifiedRoleEligibilityScheduleInstance",
  properties: [
    "id",
    "principalId",
    "roleDefinitionId",
    "directoryScopeId",
    "appScopeId",
    "startDateTime",
    "endDateTime",
    "memberType",
    "roleEligibilityScheduleId",
  ],
};

export const GROUP_ELIGIBILITY: EntitySchema = {
  type: "microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance",
  properties: [
    "id",
    "groupId",
    "principalId",
    "accessId",
    "memberType",
    "startDateTime",
    "endDateTime",
    "eligibilityScheduleId",
  ],
};

export const DIRECTORY_AUDIT: EntitySchema = {
  type: "microsoft.graph.directoryAudit",
  properties: [
    "id",
    "category",
    "correlationId",
    "result",
    "resultReason",
    "activityDisplayName",
    "activityDateTime",
    "loggedByService",
    "operationType",
    "initiatedBy",
    "targetResources",
    "additionalDetails",
  ],
};

export const ORGANIZATION: EntitySchema = {
  type: "microsoft.graph.organization",
  properties: [
    "id",
    "displayName",
    "onPremisesSyncEnabled",
    "onPremisesLastSyncDateTime",
    "tenantType",
    "verifiedDomains",
    "onPremisesLastPasswordSyncDateTime",
  ],
};

export const SUBSCRIBED_SKU: EntitySchema = {
  type: "microsoft.graph.subscribedSku",
  properties: [
    "id",
    "accountId",
    "accountName",
    "appliesTo",
    "capabilityStatus",
    "consumedUnits",
    "prepaidUnits",
    "skuId",
    "skuPartNumber",
    "servicePlans",
  ],
};

export const AUTHORIZATION_POLICY: EntitySchema = {
  type: "microsoft.graph.authorizationPolicy",
  properties: [
    "id",
    "displayName",
    "description",
    "allowedToUseSSPR",
    "allowInvitesFrom",
    "allowedToSignUpEmailBasedSubscriptions",
    "allowEmailVerifiedUsersToJoinOrganization",
    "allowUserConsentForRiskyApps",
    "blockMsolPowerShell",
    "defaultUserRolePermissions",
    "guestUserRoleId",
  ],
};

export const SYNC: EntitySchema = {
  type: "microsoft.graph.onPremisesDirectorySynchronization",
  properties: ["id", "configuration", "features"],
};

export const REGISTRATION_DETAILS: EntitySchema = {
  type: "microsoft.graph.userRegistrationDetails",
  properties: [
    "id",
    "userPrincipalName",
    "userDisplayName",
    "userType",
    "isAdmin",
    "isSsprRegistered",
    "isSsprEnabled",
    "isSsprCapable",
    "isMfaRegistered",
    "isMfaCapable",
    "isPasswordlessCapable",
    "isSystemPreferredAuthenticationMethodEnabled",
    "systemPreferredAuthenticationMethods",
    "userPreferredMethodForSecondaryAuthentication",
    "lastUpdatedDateTime",
    "methodsRegistered",
  ],
};

export function userJson(u: SimUser): Record<string, unknown> {
  return { ...u, businessPhones: [], mobilePhone: null, officeLocation: null, preferredLanguage: null };
}

export function groupJson(g: SimGroup): Record<string, unknown> {
  const { members: _members, ...rest } = g;
  return { ...rest, mail: null };
}

export function administrativeUnitJson(a: SimAdministrativeUnit): Record<string, unknown> {
  const { members: _members, ...rest } = a;
  return { ...rest, membershipType: null };
}

export function servicePrincipalJson(sp: SimServicePrincipal): Record<string, unknown> {
  return { ...sp };
}

export interface DirectoryObject {
  schema: EntitySchema;
  json: Record<string, unknown>;
}

/** Any directory object by id, typed, for polymorphic collections and $expand=principal. */
export function directoryObject(tenant: TenantModel, id: string): DirectoryObject | undefined {
  const user = tenant.users.get(id);
  if (user) return { schema: USER, json: userJson(user) };
  const group = tenant.groups.get(id);
  if (group) return { schema: GROUP, json: groupJson(group) };
  const sp = tenant.servicePrincipals.get(id);
  if (sp) return { schema: SERVICE_PRINCIPAL, json: servicePrincipalJson(sp) };
  const au = tenant.administrativeUnits.get(id);
  if (au) return { schema: ADMINISTRATIVE_UNIT, json: administrativeUnitJson(au) };
  return undefined;
}
