/**
 * Pieces both profiles share: deterministic ids, the Microsoft Graph service principal, built-in
 * role definitions, the licence SKUs and an empty tenant to fill.
 */
import { createHash } from "node:crypto";
import { builtInRoleDefinitions } from "../builtInRoles.js";
import { GRAPH_APP_ID as MICROSOFT_GRAPH_APP_ID, graphAppRoles } from "../graphAppRoles.js";
import {
  UserDirectory,
  type BulkUsers,
  type SimDirectoryAudit,
  type SimSubscribedSku,
  type SimUser,
  type TenantModel,
} from "../model.js";

/** A GUID derived from a seed and a label: stable across runs, distinct per label. */
export function guidFrom(seed: string, label: string): string {
  const h = createHash("sha1").update(`${seed}\u0000${label}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const AAD_PREMIUM_P1_PLAN = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
export const AAD_PREMIUM_P2_PLAN = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

export function subscribedSkus(tenantId: string, users: number): SimSubscribedSku[] {
  return [
    {
      id: `${tenantId}_84a661c4-e949-4bd2-a560-ed7766fcaf2b`,
      accountId: tenantId,
      accountName: "writeback-demo",
      appliesTo: "User",
      capabilityStatus: "Enabled",
      consumedUnits: users,
      prepaidUnits: { enabled: Math.max(users, 25), suspended: 0, warning: 0, lockedOut: 0 },
      skuId: "84a661c4-e949-4bd2-a560-ed7766fcaf2b",
      skuPartNumber: "AAD_PREMIUM_P2",
      servicePlans: [
        {
          servicePlanId: AAD_PREMIUM_P1_PLAN,
          servicePlanName: "AAD_PREMIUM",
          provisioningStatus: "Success",
          appliesTo: "User",
        },
        {
          servicePlanId: AAD_PREMIUM_P2_PLAN,
          servicePlanName: "AAD_PREMIUM_P2",
          provisioningStatus: "Success",
          appliesTo: "User",
        },
        {
          servicePlanId: "113feb6c-3fe4-4440-bddc-54d774bf0318",
          servicePlanName: "EXCHANGE_S_FOUNDATION",
          provisioningStatus: "Success",
          appliesTo: "Company",
        },
      ],
    },
    {
      id: `${tenantId}_6fd2c87f-b296-42f0-b197-1e91e994b900`,
      accountId: tenantId,
      accountName: "writeback-demo",
      appliesTo: "User",
      capabilityStatus: "Enabled",
      consumedUnits: users,
      prepaidUnits: { enabled: Math.max(users, 25), suspended: 0, warning: 0, lockedOut: 0 },
      skuId: "6fd2c87f-b296-42f0-b197-1e91e994b900",
      skuPartNumber: "ENTERPRISEPACK",
      servicePlans: [
        {
          servicePlanId: "efb87545-963c-4e0d-99df-69c6916d9eb0",
          servicePlanName: "EXCHANGE_S_ENTERPRISE",
          provisioningStatus: "Success",
          appliesTo: "User",
        },
      ],
    },
  ];
}

export interface EmptyTenantOptions {
  seed: string;
  tenantId: string;
  displayName: string;
  domain: string;
  bulk?: BulkUsers;
  now: number;
}

export function emptyTenant(o: EmptyTenantOptions): TenantModel {
  let counter = 0;
  const graphSpId = guidFrom(o.seed, "graph-sp");
  const tenant: TenantModel = {
    tenantId: o.tenantId,
    version: 0,
    organization: {
      id: o.tenantId,
      displayName: o.displayName,
      onPremisesSyncEnabled: true,
      onPremisesLastSyncDateTime: new Date(o.now - 20 * 60_000).toISOString(),
      onPremisesLastPasswordSyncDateTime: new Date(o.now - 2 * 60_000).toISOString(),
      tenantType: "AAD",
      verifiedDomains: [
        {
          capabilities: "Email, OfficeCommunicationsOnline",
          isDefault: true,
          isInitial: false,
          name: o.domain,
          type: "Managed",
        },
      ],
    },
    onPremisesSynchronization: {
      id: o.tenantId,
      configuration: {
        accidentalDeletionPrevention: { synchronizationPreventionType: "enabledForCount", alertThreshold: 500 },
      },
      features: {
        passwordSyncEnabled: true,
        // Microsoft documents this flag as not in use: real tenants report false with writeback on.
        passwordWritebackEnabled: false,
        cloudPasswordPolicyForPasswordSyncedUsersEnabled: false,
        userWritebackEnabled: false,
        deviceWritebackEnabled: false,
        userForcePasswordChangeOnLogonEnabled: false,
        groupWriteBackEnabled: false,
        blockSoftMatchEnabled: false,
        blockCloudObjectTakeoverThroughHardMatchEnabled: true,
      },
    },
    authorizationPolicy: {
      id: "authorizationPolicy",
      displayName: "Authorization Policy",
      description: "Used to manage authorization related settings across the company.",
      allowedToUseSSPR: true,
      allowInvitesFrom: "everyone",
      allowedToSignUpEmailBasedSubscriptions: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      allowUserConsentForRiskyApps: false,
      blockMsolPowerShell: false,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToReadOtherUsers: true,
        permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"],
      },
      guestUserRoleId: "10dae51f-b6af-4016-8d66-8c2a99b929b3",
    },
    subscribedSkus: subscribedSkus(o.tenantId, o.bulk?.count ?? 40),
    users: new UserDirectory(o.bulk ?? null),
    groups: new Map(),
    administrativeUnits: new Map(),
    servicePrincipals: new Map([
      [
        graphSpId,
        {
          id: graphSpId,
          appId: MICROSOFT_GRAPH_APP_ID,
          displayName: "Microsoft Graph",
          servicePrincipalType: "Application",
          accountEnabled: true,
          appRoles: graphAppRoles(),
        },
      ],
    ]),
    appRoleAssignments: [],
    roleDefinitions: builtInRoleDefinitions(),
    roleAssignments: [],
    roleEligibilities: [],
    groupEligibilities: [],
    directoryAudits: [],
    sspr: { scope: "selected", selectedGroupId: null },
    undocumented: { directoryAuditsOrFilter: false },
    newId: () => guidFrom(o.seed, `new:${counter++}`),
  };
  return tenant;
}

export function graphServicePrincipal(tenant: TenantModel) {
  for (const sp of tenant.servicePrincipals.values()) if (sp.appId === MICROSOFT_GRAPH_APP_ID) return sp;
  throw new Error("The tenant has no Microsoft Graph service principal.");
}

/** The simulated on-premises domain (corp.example.local) its synced users come from. */
export const ONPREM_DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
export const ONPREM_DOMAIN_DN = "DC=corp,DC=example,DC=local";

export function makeUser(p: {
  id: string;
  displayName: string;
  upnLocal: string;
  domain: string;
  synced: boolean;
  createdAt: string;
  jobTitle?: string | null;
  accountEnabled?: boolean;
  lastSync?: string | null;
  /** On-prem container of a synced user (user.md: onPremisesDistinguishedName). Default OU=Users. */
  onPremContainer?: string;
}): SimUser {
  const upn = `${p.upnLocal}@${p.domain}`;
  // A domain SID (S-1-5-21-a-b-c) plus a relative id taken from the object id: stable per user.
  const rid = 1000 + (parseInt(p.id.replace(/-/g, "").slice(-6), 16) % 1_000_000);
  return {
    id: p.id,
    displayName: p.displayName,
    userPrincipalName: upn,
    mail: upn,
    givenName: null,
    surname: null,
    jobTitle: p.jobTitle ?? null,
    accountEnabled: p.accountEnabled ?? true,
    userType: "Member",
    onPremisesSyncEnabled: p.synced ? true : null,
    onPremisesImmutableId: p.synced ? Buffer.from(p.id.replace(/-/g, "").slice(0, 16), "hex").toString("base64") : null,
    onPremisesSamAccountName: p.synced ? p.upnLocal.slice(0, 20) : null,
    onPremisesDomainName: p.synced ? "corp.example.local" : null,
    onPremisesLastSyncDateTime: p.synced ? (p.lastSync ?? p.createdAt) : null,
    onPremisesSecurityIdentifier: p.synced ? `${ONPREM_DOMAIN_SID}-${rid}` : null,
    onPremisesDistinguishedName: p.synced
      ? `CN=${p.upnLocal},${p.onPremContainer ?? "OU=Users"},${ONPREM_DOMAIN_DN}`
      : null,
    createdDateTime: p.createdAt,
  };
}

/** A directory audit event in Graph's shape. */
export function auditEvent(p: {
  id: string;
  at: number;
  activity: string;
  service: string;
  category: string;
  result?: "success" | "failure";
  resultReason?: string;
  actor?: { id: string; displayName: string | null; userPrincipalName: string | null } | null;
  app?: { appId: string; displayName: string; servicePrincipalId: string } | null;
  target?: { id: string; displayName: string | null; type: string; userPrincipalName: string | null } | null;
  operationType?: string;
  details?: { key: string; value: string }[];
  /** Default: the event's own id (events of one operation share it). */
  correlationId?: string;
}): SimDirectoryAudit {
  return {
    id: p.id,
    category: p.category,
    correlationId: p.correlationId ?? p.id,
    result: p.result ?? "success",
    resultReason: p.resultReason ?? "",
    activityDisplayName: p.activity,
    activityDateTime: new Date(p.at).toISOString(),
    loggedByService: p.service,
    operationType: p.operationType ?? "Update",
    initiatedBy: {
      user: p.actor ? { ...p.actor, ipAddress: "203.0.113.10" } : null,
      app: p.app ? { ...p.app, servicePrincipalName: null } : null,
    },
    targetResources: p.target ? [{ ...p.target, modifiedProperties: [] }] : [],
    additionalDetails: p.details ?? [],
  };
}
