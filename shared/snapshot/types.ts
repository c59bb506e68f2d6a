/**
 * The snapshot: what the collectors saw in one audit run, as plain data.
 *
 * Every stage after collection (exposure, diff, store, report) reads only this shape, so it is the
 * contract between the Graph layer and the rest of the product. Bump SNAPSHOT_SCHEMA_VERSION when
 * a change would make an older stored snapshot unreadable by the exposure model.
 */

import type { ProtectedOnPremUser } from "./protectedOnPrem.js";

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Why a section could not be collected. An unknown section never produces a change in the diff. */
export type UnknownReason =
  | "forbidden" // 403: a Graph permission or a directory role is missing
  | "licence" // the tenant lacks the licence the API needs (P1/P2)
  | "throttled" // retries exhausted on 429/503
  | "timeout"
  | "error" // any other failure (4xx/5xx, malformed response)
  | "dependency" // an input section it needs was unknown
  | "not-collected"; // the release that wrote the snapshot did not collect this section (migrateSnapshot.ts)

/** A part of an ok section that could not be read (PIM for Groups eligibilities, application owners). */
export interface PartUnavailable {
  reason: UnknownReason;
  detail: string;
  missingPermission?: string;
}

export type Section<T> =
  | { status: "ok"; data: T }
  | {
      status: "unknown";
      reason: UnknownReason;
      /** Human-readable, names what to do; never contains secrets or tenant data beyond ids. */
      detail: string;
      /** For reason "forbidden": the least-privileged application permission that would fix it. */
      missingPermission?: string;
    };

export type PrincipalType = "user" | "group" | "servicePrincipal" | "unknown";

/** A directory object as the exposure model needs it. Strings come from the tenant: untrusted. */
export interface Principal {
  id: string;
  type: PrincipalType;
  displayName: string | null;
  userPrincipalName?: string | null;
  /** Users only: true = synced from on-premises AD now. */
  onPremisesSyncEnabled?: boolean | null;
  /** Groups only. */
  isAssignableToRole?: boolean | null;
  /** Service principals only. */
  appId?: string | null;
  accountEnabled?: boolean | null;
}

// ---- section payloads -------------------------------------------------------------------------

/** GET /directory/onPremisesSynchronization: reported feature flags (passwordWritebackEnabled is a weak signal). */
export interface SyncFeaturesData {
  /** Every boolean flag of `features`, as reported; absent flags are omitted. */
  features: Record<string, boolean | null>;
}

/** GET /organization: tenant id/name and on-prem sync fields. */
export interface OrganizationData {
  id: string;
  displayName: string | null;
  onPremisesSyncEnabled: boolean | null;
  onPremisesLastSyncDateTime: string | null;
  onPremisesLastPasswordSyncDateTime: string | null;
}

/** GET /policies/authorizationPolicy: allowedToUseSSPR is the ADMINISTRATORS' SSPR switch. */
export interface AuthorizationPolicyData {
  allowedToUseSSPR: boolean | null;
}

/** GET /subscribedSkus folded to what matters: writeback and userRegistrationDetails need P1, PIM needs P2. */
export interface LicencesData {
  p1: boolean;
  p2: boolean;
  /** skuPartNumber of each SKU that carries AAD_PREMIUM or AAD_PREMIUM_P2. */
  premiumSkus: string[];
}

/** GET /roleManagement/directory/roleDefinitions: built-in and custom roles with their resource actions. */
export interface RoleDefinition {
  id: string;
  templateId: string;
  displayName: string | null;
  isBuiltIn: boolean;
  isEnabled: boolean;
  /** Union of rolePermissions[].allowedResourceActions. */
  allowedResourceActions: string[];
}
export interface RoleDefinitionsData {
  definitions: RoleDefinition[];
}

/** One role assignment, active (roleAssignments) or eligible (roleEligibilityScheduleInstances). */
export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  /** "/" tenant-wide, "/administrativeUnits/{id}" AU-scoped, "/{objectId}" a single object. */
  directoryScopeId: string;
  /** Eligible only: null = permanent. */
  startDateTime?: string | null;
  endDateTime?: string | null;
}
export interface RoleAssignmentsData {
  assignments: RoleAssignment[];
  /** Every principal referenced by `assignments`, by id (from $expand=principal); users carry onPremisesSyncEnabled. */
  principals: Record<string, Principal>;
}

/**
 * Every role-assignable group (isAssignableToRole eq true) with its transitive members. Members of
 * such groups are protected targets (only Privileged Authentication / Global Administrators can
 * reset them), and groups that hold a role hand that role to their members.
 */
export interface RoleAssignableGroup {
  id: string;
  displayName: string | null;
  /** Transitive members; users carry onPremisesSyncEnabled. */
  members: Principal[];
  /** Owners (protected like members: "member or owner of a role-assignable group"). Absent in older snapshots. */
  owners?: Principal[];
  /**
   * PIM for Groups: principals eligible (not active) for membership; they can activate it and take the
   * group's roles. Absent when not collected (older snapshots, or the PIM call failed: see
   * GroupMembersData.eligibleMembersUnavailable).
   */
  eligibleMembers?: Principal[];
}
export interface GroupMembersData {
  groups: Record<string, RoleAssignableGroup>;
  /**
   * Set when PIM-for-Groups eligibilities could not be read (no P2 licence, 403...): the section stays
   * ok, groups carry no eligibleMembers, and the exposure coverage says so.
   */
  eligibleMembersUnavailable?: PartUnavailable;
}

/**
 * Administrative units that matter: those scoping a role assignment (active or eligible) and every
 * restricted-management AU. Counts come from @odata.count; member lists are read for these AUs only.
 */
export interface AdministrativeUnit {
  id: string;
  displayName: string | null;
  isMemberManagementRestricted: boolean;
  /** Direct user members with onPremisesSyncEnabled eq true (an AU-scoped admin manages direct members). */
  syncedMemberCount: number | null;
  /** A few UPNs of synced members, for samples. */
  sampleUserPrincipalNames: string[];
  /** Direct user member ids; filled only for restricted-management AUs (kept small by design). */
  memberUserIds: string[];
  /**
   * A HiddenMembership unit read without Member.Read.Hidden (or with a token that does not show it):
   * its members, count and sample are unknown rather than empty.
   */
  hiddenMembershipUnreadable?: boolean;
}
export interface AdministrativeUnitsData {
  units: Record<string, AdministrativeUnit>;
  /**
   * AU memberships (ids of the units above) of every synced user that is a protected target: role
   * holders, role-assignable group members. Lets the model subtract them from an AU-scoped reach.
   */
  memberships: Record<string, string[]>;
}

/** App-only Microsoft Graph permissions that can write passwords (or escalate to it), by service principal. */
export interface AppPermissionGrant {
  servicePrincipalId: string;
  displayName: string | null;
  appId: string | null;
  appRoleId: string;
  /** The app role value, e.g. "User-PasswordProfile.ReadWrite.All". */
  permission: string;
}
/**
 * Owners of one service principal and of its application object. Owners can add credentials to what
 * they own and act as the application (entra-docs enterprise-apps/overview-assign-app-owners.md).
 */
export interface AppOwners {
  servicePrincipalOwners: Principal[];
  /** Owners of the application object; null when it is not registered in this tenant (404). */
  applicationOwners: Principal[] | null;
  /** The application object's id in this tenant, when it is registered here. */
  applicationObjectId: string | null;
}
export interface AppPermissionsData {
  grants: AppPermissionGrant[];
  /**
   * Owners of the service principals that hold a reset-capable directory role, by service principal
   * id. Absent in older snapshots and when not collected (see ownersUnavailable).
   */
  owners?: Record<string, AppOwners>;
  /** Set when those owners could not be read: the section stays ok and the coverage says so. */
  ownersUnavailable?: PartUnavailable;
}

/**
 * Users with onPremisesSyncEnabled eq true, folded to a count as pages stream in. The id set lives
 * only during collection (to mark role holders, SSPR users and reset targets as synced); it is not
 * stored, so a snapshot's size does not grow with the tenant.
 */
export interface SyncedUsersData {
  count: number;
  /** A few UPNs for samples in reports (first page order). */
  sampleUserPrincipalNames: string[];
  /** All users in the tenant, when $count was available; null otherwise. */
  totalUsers: number | null;
  /**
   * Synced users matching PROTECTED_ONPREM_ACCOUNTS (accounts in AD protected groups, whose passwords
   * writeback cannot change). Absent in older snapshots.
   */
  protectedOnPrem?: { declaredEntries: number; users: ProtectedOnPremUser[] };
}

/** userRegistrationDetails folded over synced users (the users' SSPR scope is inferred from these counts). */
export interface SsprRegistrationData {
  /** Synced users with isSsprEnabled = true. */
  syncedSsprEnabled: number;
  /** Synced users with isSsprRegistered = true (among the enabled ones). */
  syncedSsprRegistered: number;
  /** All users (synced or not) with isSsprEnabled = true. */
  totalSsprEnabled: number;
}

export interface AuditActor {
  userId?: string | null;
  userPrincipalName?: string | null;
  appId?: string | null;
  /** initiatedBy.app.servicePrincipalId, when an application acted. */
  servicePrincipalId?: string | null;
  displayName?: string | null;
}

export interface WritebackToggleEvent {
  id: string;
  activity: "enable" | "disable";
  at: string;
  result: string;
  initiatedBy: AuditActor;
}

export interface SyncedUserResetEvent {
  id: string;
  /** activityDisplayName as logged, e.g. "Reset password (by admin)". */
  activity: string;
  /**
   * loggedByService, e.g. "Self-service Password Management" (proves writeback) or "Core Directory"
   * (does not). Absent in older snapshots.
   */
  service?: string | null;
  correlationId?: string | null;
  /** The same reset as logged by another service ("Core Directory: Reset password"), counted once. */
  alsoLoggedAs?: string[];
  at: string;
  result: string;
  targetUserId: string | null;
  targetUserPrincipalName: string | null;
  initiatedBy: AuditActor;
}

/**
 * A successful directory change that can grow the exposure (shared/snapshot/auditActivities.ts,
 * DIRECTORY_CHANGE_ACTIVITIES), kept so an increase can name who made it and when.
 */
export interface DirectoryChangeEvent {
  id: string;
  /** activityDisplayName as logged, e.g. "Add member to role". */
  activity: string;
  at: string;
  initiatedBy: AuditActor;
  /**
   * Every object id the event names, lower case: its target resources' ids, and the GUIDs in their
   * modified properties' new values (where the log puts a role's template id, an app role's id).
   */
  objectIds: string[];
  /** The modified properties' names, e.g. "Role.TemplateId". */
  properties: string[];
}

/** Directory audit events since the previous run, plus evidence carried forward from earlier snapshots. */
export interface AuditEventsData {
  /** The window asked for: events with activityDateTime >= since. */
  since: string;
  until: string;
  toggles: WritebackToggleEvent[];
  /** Password resets and changes of synced users, one per reset (two services' events merged). */
  syncedUserResets: SyncedUserResetEvent[];
  /** Newest toggle ever seen in this snapshot chain (new or carried), so evidence outlives log retention. */
  lastToggle: WritebackToggleEvent | null;
  /** Newest successful reset of a synced user through the password reset service ever seen in this chain. */
  lastSyncedUserReset: SyncedUserResetEvent | null;
  /**
   * How the log was queried: one `or` chain of activities; or, after Graph refused the chain
   * (directoryaudit-list.md documents eq, ge, le and startswith, not `or`), the whole window when it
   * was short, else one request per activity.
   */
  query?: "or-chain" | "window" | "per-activity";
  /**
   * Directory changes in the window that can grow the exposure, newest first, at most
   * MAX_DIRECTORY_CHANGES. Absent in snapshots taken before they were read.
   */
  directoryChanges?: DirectoryChangeEvent[];
  /** Changes in the window left out of `directoryChanges` (a busy log): an unmatched increase then says so. */
  directoryChangesOmitted?: number;
}

/** Writeback evidence earlier snapshots saw in the audit log (it outlives the log's retention). */
export interface CarriedEvidence {
  lastToggle: WritebackToggleEvent | null;
  lastSyncedUserReset: SyncedUserResetEvent | null;
}

export interface Sections {
  syncFeatures: Section<SyncFeaturesData>;
  organization: Section<OrganizationData>;
  authorizationPolicy: Section<AuthorizationPolicyData>;
  licences: Section<LicencesData>;
  roleDefinitions: Section<RoleDefinitionsData>;
  roleAssignments: Section<RoleAssignmentsData>;
  roleEligibilities: Section<RoleAssignmentsData>;
  groupMembers: Section<GroupMembersData>;
  administrativeUnits: Section<AdministrativeUnitsData>;
  appPermissions: Section<AppPermissionsData>;
  syncedUsers: Section<SyncedUsersData>;
  ssprRegistration: Section<SsprRegistrationData>;
  auditEvents: Section<AuditEventsData>;
}

export type SectionName = keyof Sections;

export const SECTION_NAMES: readonly SectionName[] = [
  "syncFeatures",
  "organization",
  "authorizationPolicy",
  "licences",
  "roleDefinitions",
  "roleAssignments",
  "roleEligibilities",
  "groupMembers",
  "administrativeUnits",
  "appPermissions",
  "syncedUsers",
  "ssprRegistration",
  "auditEvents",
] as const;

/** What the operator says writeback is set to in the portal (WRITEBACK_DECLARED). */
export type DeclaredWriteback = "on" | "off" | "unset";

/** Per-section request accounting, filled by the collectors (for logs and the benchmark). */
export interface CollectionStats {
  requests: Partial<Record<SectionName, number>>;
  batchedRequests: number;
  retries: number;
  bytesReceived: number;
  durationMs: number;
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  /** Unique, sortable: the takenAt instant in compact form plus a random suffix. */
  id: string;
  tenantId: string;
  takenAt: string;
  declaredWriteback: DeclaredWriteback;
  sections: Sections;
  /**
   * The evidence this run was handed from the snapshot chain, kept even when auditEvents fails, so
   * one unreadable audit log does not drop the proof that writeback is on.
   */
  carriedEvidence?: CarriedEvidence | null;
  stats?: CollectionStats;
}
