/**
 * The Microsoft Graph application permissions writeback-watch needs: read-only, least privilege, each
 * taken from the "Application" row of Microsoft's permissions table for the requests that need it
 * (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/<doc>.md and its include
 * api-reference/v1.0/includes/permissions/<doc>-permissions.md).
 *
 * This list is the single source of truth: the README shows it, infra grants exactly this list to the
 * managed identity, and a 403 names an entry only when the token really lacks it (see
 * forbiddenSection.ts, which reads the per-request table below).
 */
export interface GraphPermission {
  /** The app role value on the Microsoft Graph service principal. */
  permission: string;
  /** Why writeback-watch needs it. */
  reason: string;
  /** The snapshot sections (or features) that depend on it. */
  usedBy: string[];
  /** The documentation pages (api-reference/v1.0/api/<doc>.md) whose Application row names it. */
  docs: string[];
}

export const REQUIRED_GRAPH_PERMISSIONS: readonly GraphPermission[] = [
  {
    permission: "Organization.Read.All",
    reason: "Tenant id and on-premises sync fields of /organization; licences (P1/P2) from /subscribedSkus.",
    usedBy: ["organization", "licences"],
    docs: ["organization-get", "subscribedsku-list"],
  },
  {
    permission: "OnPremDirectorySynchronization.Read.All",
    reason:
      "Reported sync feature flags of /directory/onPremisesSynchronization. Microsoft's table says application permissions are not supported there; it is granted because some tenants answer app-only calls anyway, and a 403 is reported as that documented limit.",
    usedBy: ["syncFeatures"],
    docs: ["onpremisesdirectorysynchronization-get"],
  },
  {
    permission: "Policy.Read.All",
    reason: "allowedToUseSSPR (administrators' SSPR) of /policies/authorizationPolicy.",
    usedBy: ["authorizationPolicy"],
    docs: ["authorizationpolicy-get"],
  },
  {
    permission: "RoleManagement.Read.Directory",
    reason: "Role definitions (built-in and custom) and active role assignments with their scopes.",
    usedBy: ["roleDefinitions", "roleAssignments"],
    docs: ["rbacapplication-list-roledefinitions", "rbacapplication-list-roleassignments"],
  },
  {
    permission: "RoleEligibilitySchedule.Read.Directory",
    reason: "PIM-eligible role assignments (roleEligibilityScheduleInstances).",
    usedBy: ["roleEligibilities"],
    docs: ["rbacapplication-list-roleeligibilityscheduleinstances"],
  },
  {
    permission: "GroupMember.Read.All",
    reason:
      "Role-assignable groups with their transitive members and owners; names of groups holding roles; the alert recipients group.",
    usedBy: ["groupMembers", "alertRecipients"],
    docs: ["group-list", "group-list-transitivemembers", "group-list-owners", "group-get"],
  },
  {
    permission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    reason:
      "PIM for Groups: members eligible for a role-assignable group, who can activate its roles (needs P2; without it the audit notes the gap).",
    usedBy: ["groupMembers"],
    docs: ["privilegedaccessgroup-list-eligibilityscheduleinstances"],
  },
  {
    permission: "AdministrativeUnit.Read.All",
    reason:
      "Administrative units that scope a role or restrict management, and their member lists (which also give the AU memberships of protected users).",
    usedBy: ["administrativeUnits"],
    docs: ["directory-list-administrativeunits", "administrativeunit-list-members"],
  },
  {
    permission: "Member.Read.Hidden",
    reason: "Members of administrative units whose visibility is HiddenMembership.",
    usedBy: ["administrativeUnits"],
    docs: ["administrativeunit-list-members"],
  },
  {
    permission: "Application.Read.All",
    reason:
      "Service principals holding password-writing Graph application permissions (appRoleAssignedTo); Entra Connect's application identity, to leave the sync engine's password changes out of the audit-log resets; names of service principals holding roles.",
    usedBy: ["appPermissions"],
    docs: ["serviceprincipal-list-approleassignedto", "serviceprincipal-get"],
  },
  {
    permission: "User.Read.All",
    reason: "Synced users (onPremisesSyncEnabled); the sign-in names and sync flags of role holders.",
    usedBy: ["syncedUsers"],
    docs: ["user-list", "user-get"],
  },
  {
    permission: "AuditLog.Read.All",
    reason:
      "Writeback toggles and password resets in /auditLogs/directoryAudits; per-user SSPR state in userRegistrationDetails.",
    usedBy: ["auditEvents", "ssprRegistration"],
    docs: ["directoryaudit-list", "authenticationmethodsroot-list-userregistrationdetails"],
  },
  {
    permission: "Directory.Read.All",
    reason:
      "Required with AuditLog.Read.All by /auditLogs/directoryAudits (its table says AuditLog.Read.All and Directory.Read.All); no other request needs it.",
    usedBy: ["auditEvents"],
    docs: ["directoryaudit-list"],
  },
] as const;

export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The permission a 403 on a section most likely lacks, when the token cannot tell. */
export function permissionFor(section: string): string | undefined {
  return REQUIRED_GRAPH_PERMISSIONS.find((p) => p.usedBy.includes(section))?.permission;
}

/** What Microsoft's table says about one kind of request. */
export interface RequestPermissions {
  /** The request path after the version, e.g. /users/{id}. */
  path: RegExp;
  /** The documentation page, api-reference/v1.0/api/<doc>.md. */
  doc: string;
  /**
   * Application permissions, least privileged first: any entry is enough; an entry of several names
   * is one the table joins with "and". "not supported" where the Application row says so.
   */
  application: readonly (readonly string[])[] | "not supported";
}

const any = (...names: string[]): string[][] => names.map((n) => [n]);
const ID = "[^/?]+";
const route = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/\{id\}/g, ID)}(?:[/?]|$)`, "i");

/** Every request of shared/graph/REQUESTS.md, most specific path first. */
export const REQUEST_PERMISSIONS: readonly RequestPermissions[] = [
  {
    path: route("/directory/onPremisesSynchronization"),
    doc: "onpremisesdirectorysynchronization-get",
    application: "not supported",
  },
  {
    path: route("/organization"),
    doc: "organization-get",
    application: any(
      "Organization.Read.All",
      "Directory.Read.All",
      "Organization.ReadWrite.All",
      "Directory.ReadWrite.All",
    ),
  },
  {
    path: route("/policies/authorizationPolicy"),
    doc: "authorizationpolicy-get",
    application: any("Policy.Read.All", "Policy.ReadWrite.Authorization"),
  },
  {
    path: route("/subscribedSkus"),
    doc: "subscribedsku-list",
    application: any(
      "Organization.Read.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
      "Organization.ReadWrite.All",
    ),
  },
  {
    path: route("/roleManagement/directory/roleDefinitions"),
    doc: "rbacapplication-list-roledefinitions",
    application: any(
      "RoleManagement.Read.Directory",
      "Directory.Read.All",
      "RoleManagement.ReadWrite.Directory",
      "Directory.ReadWrite.All",
    ),
  },
  {
    path: route("/roleManagement/directory/roleAssignments"),
    doc: "rbacapplication-list-roleassignments",
    application: any(
      "RoleManagement.Read.Directory",
      "RoleManagement.Read.All",
      "Directory.Read.All",
      "RoleManagement.ReadWrite.Directory",
      "Directory.ReadWrite.All",
    ),
  },
  {
    path: route("/roleManagement/directory/roleEligibilityScheduleInstances"),
    doc: "rbacapplication-list-roleeligibilityscheduleinstances",
    application: any(
      "RoleEligibilitySchedule.Read.Directory",
      "RoleManagement.Read.Directory",
      "RoleManagement.Read.All",
      "RoleEligibilitySchedule.ReadWrite.Directory",
      "RoleManagement.ReadWrite.Directory",
    ),
  },
  {
    path: route("/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances"),
    doc: "privilegedaccessgroup-list-eligibilityscheduleinstances",
    application: any(
      "PrivilegedEligibilitySchedule.Read.AzureADGroup",
      "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
    ),
  },
  {
    path: route("/groups/{id}/transitiveMembers"),
    doc: "group-list-transitivemembers",
    application: any(
      "GroupMember.ReadBasic.All",
      "Directory.Read.All",
      "Group.Read.All",
      "Group.ReadBasic.All",
      "Group.ReadWrite.All",
      "GroupMember.Read.All",
      "GroupMember.ReadWrite.All",
    ),
  },
  {
    path: route("/groups/{id}/owners"),
    doc: "group-list-owners",
    application: any(
      "GroupMember.Read.All",
      "Group.ReadWrite.All",
      "Directory.Read.All",
      "Group.Read.All",
      "GroupMember.ReadWrite.All",
    ),
  },
  {
    path: route("/groups/{id}"),
    doc: "group-get",
    application: any(
      "GroupMember.Read.All",
      "Group.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
      "Group.Read.All",
    ),
  },
  {
    path: route("/groups"),
    doc: "group-list",
    application: any(
      "Group-NestingSupport.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
      "Group.ManageProtection.All",
      "Group.Read.All",
      "Group.ReadWrite.All",
      "GroupMember.Read.All",
    ),
  },
  {
    path: route("/directory/administrativeUnits/{id}/members"),
    doc: "administrativeunit-list-members",
    application: any(
      "AdministrativeUnit.Read.All",
      "Directory.Read.All",
      "AdministrativeUnit.ReadWrite.All",
      "Directory.ReadWrite.All",
    ),
  },
  {
    path: route("/directory/administrativeUnits"),
    doc: "directory-list-administrativeunits",
    application: any(
      "AdministrativeUnit.Read.All",
      "Directory.Read.All",
      "AdministrativeUnit.ReadWrite.All",
      "Directory.ReadWrite.All",
    ),
  },
  {
    path: /^\/servicePrincipals(?:\([^)]*\)|\/[^/?]+)\/appRoleAssignedTo(?:[/?]|$)/i,
    doc: "serviceprincipal-list-approleassignedto",
    application: any(
      "Application.Read.All",
      "Application.ReadWrite.OwnedBy",
      "Directory.Read.All",
      "Application.ReadWrite.All",
      "Directory.ReadWrite.All",
    ),
  },
  {
    path: /^\/servicePrincipals(?:\([^)]*\)|\/[^/?]+)(?:\?|$)/i,
    doc: "serviceprincipal-get",
    application: any(
      "Application.Read.All",
      "Application.ReadWrite.OwnedBy",
      "Application.ReadWrite.All",
      "Directory.Read.All",
    ),
  },
  {
    path: route("/users/{id}"),
    doc: "user-get",
    application: any("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  },
  {
    path: route("/users"),
    doc: "user-list",
    application: any("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  },
  {
    path: route("/reports/authenticationMethods/userRegistrationDetails"),
    doc: "authenticationmethodsroot-list-userregistrationdetails",
    application: any("AuditLog.Read.All", "UserAuthenticationMethod.Read.All"),
  },
  {
    path: route("/auditLogs/directoryAudits"),
    doc: "directoryaudit-list",
    application: [["AuditLog.Read.All", "Directory.Read.All"]],
  },
];

/** The documented permissions of a request path (after /v1.0 or /beta; query allowed). */
export function requestPermissionsOf(requestPath: string): RequestPermissions | undefined {
  const path = requestPath.replace(/^\/(v1\.0|beta)(?=\/)/i, "");
  // /users/$count is the user list's count, not a user.
  const normalised = path.replace(/^\/users\/\$count/i, "/users");
  return REQUEST_PERMISSIONS.find((r) => r.path.test(normalised));
}
