/**
 * What Microsoft documents for each request the simulator serves, one row per route, each naming the
 * page of microsoftgraph/microsoft-graph-docs-contrib it follows (api-reference/v1.0/api/<doc>.md, and
 * its permissions table in api-reference/v1.0/includes/permissions/<doc>-permissions.md when the page
 * includes one). The server enforces these rows before a handler runs: application permissions, whether
 * app-only tokens are supported at all, the system query options the page names, and the advanced-query
 * rule. The rows are written from the documentation, never from what the product sends: a collector
 * that strays beyond them fails its tests the way it would fail against Graph. Where a page is unclear,
 * the row takes the stricter reading.
 */

import type { ThrottleFamily } from "../throttling.js";

/** System query options a route may accept. `$skiptoken` is always accepted: it comes from Graph's own nextLink. */
export type QueryOption = "$select" | "$filter" | "$top" | "$count" | "$expand" | "$orderby" | "$search";

/** Every option; for pages that say "supports the OData query parameters" without naming them. */
const ALL: readonly QueryOption[] = ["$select", "$filter", "$top", "$count", "$expand", "$orderby", "$search"];

export interface DocumentedRoute {
  /** The API page, relative to api-reference/v1.0/api/ (without .md). */
  doc: string;
  /**
   * Application permissions, least privileged first, as the page's table lists them. Any one entry
   * grants the route; an entry with several names is one the table joins with "and" (all needed).
   */
  permissions: readonly (readonly string[])[];
  /** The table's Application row says "Not supported": an app-only token (idtyp app) is refused. */
  appOnlyNotSupported?: true;
  /** The system query options the page names. */
  query: readonly QueryOption[];
  /** The largest $top Graph accepts, where $top is documented. */
  maxTop?: number;
  /** Items per page without $top (or always, where $top is not documented). */
  pageSize: number;
  /**
   * When ConsistencyLevel: eventual plus $count=true are required: "cast" for OData casts,
   * "any-query" where the page says query parameters work only as advanced queries.
   */
  advancedQuery?: "cast" | "any-query";
  /** Extra permission the page names for objects with hidden membership. */
  hiddenMembership?: string;
  /** A documented service limit the route falls under (sim/graph/throttling.ts). */
  throttle?: ThrottleFamily;
}

const any = (...names: string[]): string[][] => names.map((n) => [n]);

/**
 * graph/paging (concepts/paging.md): "the GET /users endpoint returns a default of 100 results in a
 * single page". Graph answers a larger $top with "Must be between 1 and 999 inclusive".
 */
const DIRECTORY_PAGE = 100;
const DIRECTORY_MAX_TOP = 999;

const USERS: DocumentedRoute = {
  doc: "user-list",
  permissions: any("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  // "This method supports the $count, $expand, $filter, $orderby, $search, $select, and $top".
  query: ["$count", "$expand", "$filter", "$orderby", "$search", "$select", "$top"],
  maxTop: DIRECTORY_MAX_TOP,
  pageSize: DIRECTORY_PAGE,
};

const ROLE_ASSIGNMENTS: DocumentedRoute = {
  doc: "rbacapplication-list-roleassignments",
  permissions: any(
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "Directory.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.ReadWrite.All",
  ),
  // "This method supports the $filter, $expand, and $select OData query parameters".
  query: ["$filter", "$expand", "$select"],
  // No $top documented: the server pages. The page size is not documented either.
  pageSize: DIRECTORY_PAGE,
};

/** group-list-transitivemembers-permissions.md, Application row. */
const GROUP_MEMBERS_PERMISSIONS = any(
  "GroupMember.ReadBasic.All",
  "Directory.Read.All",
  "Group.Read.All",
  "Group.ReadBasic.All",
  "Group.ReadWrite.All",
  "GroupMember.Read.All",
  "GroupMember.ReadWrite.All",
);

const TRANSITIVE_MEMBERS: DocumentedRoute = {
  doc: "group-list-transitivemembers",
  permissions: GROUP_MEMBERS_PERMISSIONS,
  // "supports the OData query parameters ... including $search, $count, and $filter"; "To filter the
  // results on the OData type ... you must use the advanced query parameters".
  query: ALL,
  maxTop: DIRECTORY_MAX_TOP,
  pageSize: DIRECTORY_PAGE,
  advancedQuery: "cast",
  // "To list the members of a hidden membership group, the Member.Read.Hidden permission is required."
  hiddenMembership: "Member.Read.Hidden",
};

/** administrativeunit-list-members: its permissions include is not in the index; the table follows the AU pages. */
const AU_MEMBERS: DocumentedRoute = {
  doc: "administrativeunit-list-members",
  permissions: any(
    "AdministrativeUnit.Read.All",
    "Directory.Read.All",
    "AdministrativeUnit.ReadWrite.All",
    "Directory.ReadWrite.All",
  ),
  // "supports the $search, $count, and $filter OData query parameters ... OData cast is also enabled";
  // "The use of query parameters with this API is supported only with advanced query parameters."
  query: ["$search", "$count", "$filter"],
  pageSize: DIRECTORY_PAGE,
  advancedQuery: "any-query",
  // "To list the members of a hidden membership in an administrative unit, the Member.Read.Hidden
  // permission is also required."
  hiddenMembership: "Member.Read.Hidden",
};

/** serviceprincipal-get-permissions.md and serviceprincipal-list-permissions.md, Application rows. */
const SERVICE_PRINCIPAL_READ = any(
  "Application.Read.All",
  "Application.ReadWrite.OwnedBy",
  "Application.ReadWrite.All",
  "Directory.Read.All",
);

/**
 * Reading the owners of a service principal (serviceprincipal-list-owners-permissions.md) and of an
 * application (application-list-owners-permissions.md): one list for both rows, without
 * Application.ReadWrite.OwnedBy (see applicationOwners).
 */
const OWNERS_READ = any(
  "Application.Read.All",
  "Application.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
);

const APP_ROLE_ASSIGNED_TO: DocumentedRoute = {
  doc: "serviceprincipal-list-approleassignedto",
  permissions: any(
    "Application.Read.All",
    "Application.ReadWrite.OwnedBy",
    "Directory.Read.All",
    "Application.ReadWrite.All",
    "Directory.ReadWrite.All",
  ),
  // "This method supports the OData query parameters".
  query: ALL,
  maxTop: DIRECTORY_MAX_TOP,
  pageSize: DIRECTORY_PAGE,
};

export const DOCUMENTED = {
  syncFeatures: {
    doc: "onpremisesdirectorysynchronization-get",
    // Delegated: OnPremDirectorySynchronization.Read.All, then ReadWrite.All. Application: "Not supported."
    permissions: any("OnPremDirectorySynchronization.Read.All", "OnPremDirectorySynchronization.ReadWrite.All"),
    appOnlyNotSupported: true,
    query: ["$select"],
    pageSize: DIRECTORY_PAGE,
  },
  organization: {
    doc: "organization-get",
    permissions: any(
      "Organization.Read.All",
      "Directory.Read.All",
      "Organization.ReadWrite.All",
      "Directory.ReadWrite.All",
    ),
    query: ["$select"],
    pageSize: DIRECTORY_PAGE,
  },
  authorizationPolicy: {
    doc: "authorizationpolicy-get",
    permissions: any("Policy.Read.All", "Policy.ReadWrite.Authorization"),
    // The page documents no optional query parameters.
    query: [],
    pageSize: 1,
  },
  subscribedSkus: {
    doc: "subscribedsku-list",
    permissions: any(
      "Organization.Read.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
      "Organization.ReadWrite.All",
    ),
    // "This method supports only the $select OData query parameter ... It does not support $filter."
    query: ["$select"],
    pageSize: DIRECTORY_PAGE,
  },
  roleDefinitions: {
    doc: "rbacapplication-list-roledefinitions",
    permissions: any(
      "RoleManagement.Read.Directory",
      "Directory.Read.All",
      "RoleManagement.ReadWrite.Directory",
      "Directory.ReadWrite.All",
    ),
    // "supports the $filter (eq and in operators) OData query parameter on id, displayName, and
    // isBuiltIn properties. It also supports $expand on the relationships." Nothing else is named.
    query: ["$filter", "$expand"],
    pageSize: DIRECTORY_PAGE,
  },
  roleAssignments: ROLE_ASSIGNMENTS,
  roleEligibilities: {
    doc: "rbacapplication-list-roleeligibilityscheduleinstances",
    // Its permissions include is not in the index; least privileged first as Microsoft Learn lists them.
    permissions: any(
      "RoleEligibilitySchedule.Read.Directory",
      "RoleManagement.Read.Directory",
      "RoleManagement.Read.All",
      "RoleEligibilitySchedule.ReadWrite.Directory",
      "RoleManagement.ReadWrite.Directory",
    ),
    // "This method supports the $select, $filter, and $expand OData query parameters".
    query: ["$select", "$filter", "$expand"],
    pageSize: DIRECTORY_PAGE,
  },
  groupEligibilities: {
    doc: "privilegedaccessgroup-list-eligibilityscheduleinstances",
    // Its permissions include is not in the index; least privileged first as Microsoft Learn lists them.
    permissions: any(
      "PrivilegedEligibilitySchedule.Read.AzureADGroup",
      "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
    ),
    // "requires the $filter (eq) query parameter ... supports the $select, $filter, and $expand".
    query: ["$select", "$filter", "$expand"],
    pageSize: DIRECTORY_PAGE,
  },
  groups: {
    doc: "group-list",
    permissions: any(
      "Group-NestingSupport.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
      "Group.ManageProtection.All",
      "Group.Read.All",
      "Group.ReadWrite.All",
      "GroupMember.Read.All",
    ),
    query: ALL,
    maxTop: DIRECTORY_MAX_TOP,
    pageSize: DIRECTORY_PAGE,
  },
  group: {
    doc: "group-get",
    permissions: any(
      "GroupMember.Read.All",
      "Group.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
      "Group.Read.All",
    ),
    query: ["$select", "$expand"],
    pageSize: 1,
  },
  groupOwners: {
    doc: "group-list-owners",
    permissions: any(
      "GroupMember.Read.All",
      "Group.ReadWrite.All",
      "Directory.Read.All",
      "Group.Read.All",
      "GroupMember.ReadWrite.All",
    ),
    query: ALL,
    maxTop: DIRECTORY_MAX_TOP,
    pageSize: DIRECTORY_PAGE,
  },
  transitiveMembers: TRANSITIVE_MEMBERS,
  transitiveMembersCount: { ...TRANSITIVE_MEMBERS, query: ["$filter", "$search"] },
  administrativeUnits: {
    doc: "directory-list-administrativeunits",
    permissions: any(
      "AdministrativeUnit.Read.All",
      "Directory.Read.All",
      "AdministrativeUnit.ReadWrite.All",
      "Directory.ReadWrite.All",
    ),
    // "This method supports the $count, $select, $search, $filter (eq), and $expand": no $top.
    query: ["$count", "$select", "$search", "$filter", "$expand"],
    pageSize: DIRECTORY_PAGE,
  },
  administrativeUnitMembers: AU_MEMBERS,
  administrativeUnitMembersCount: { ...AU_MEMBERS, query: ["$filter", "$search"] },
  servicePrincipals: {
    doc: "serviceprincipal-list",
    permissions: SERVICE_PRINCIPAL_READ,
    query: ALL,
    maxTop: DIRECTORY_MAX_TOP,
    pageSize: DIRECTORY_PAGE,
  },
  servicePrincipal: {
    doc: "serviceprincipal-get",
    permissions: SERVICE_PRINCIPAL_READ,
    query: ["$select", "$expand"],
    pageSize: 1,
  },
  servicePrincipalOwners: {
    doc: "serviceprincipal-list-owners",
    permissions: OWNERS_READ,
    // "This method supports the OData Query Parameters".
    query: ALL,
    maxTop: DIRECTORY_MAX_TOP,
    pageSize: DIRECTORY_PAGE,
  },
  /**
   * application-list-owners-permissions.md lists Application.ReadWrite.OwnedBy first: it reads only the
   * applications its holder owns, which the simulator does not know, so it takes the stricter reading and
   * does not grant it.
   */
  applicationOwners: {
    doc: "application-list-owners",
    permissions: OWNERS_READ,
    query: ALL,
    maxTop: DIRECTORY_MAX_TOP,
    pageSize: DIRECTORY_PAGE,
  },
  application: {
    doc: "application-get",
    permissions: any("Application.Read.All", "Application.ReadWrite.All"),
    query: ["$select"],
    pageSize: 1,
  },
  appRoleAssignedTo: APP_ROLE_ASSIGNED_TO,
  // Its permissions include is not in the index; the appRoleAssignedTo table is assumed.
  appRoleAssignments: { ...APP_ROLE_ASSIGNED_TO, doc: "serviceprincipal-list-approleassignments" },
  grantAppRole: {
    doc: "serviceprincipal-post-approleassignments",
    // "AppRoleAssignment.ReadWrite.All and Application.Read.All" (higher: "... and Directory.Read.All").
    permissions: [
      ["AppRoleAssignment.ReadWrite.All", "Application.Read.All"],
      ["AppRoleAssignment.ReadWrite.All", "Directory.Read.All"],
    ],
    query: [],
    pageSize: 1,
  },
  users: USERS,
  usersCount: { ...USERS, query: ["$filter", "$search"] },
  user: {
    doc: "user-get",
    // Its permissions include is not in the index; the user-list table is assumed.
    permissions: USERS.permissions,
    query: ["$select", "$expand"],
    pageSize: 1,
  },
  userRegistrationDetails: {
    doc: "authenticationmethodsroot-list-userregistrationdetails",
    permissions: any("AuditLog.Read.All", "UserAuthenticationMethod.Read.All"),
    // "This method supports only the $filter and $orderBy OData query parameters."
    query: ["$filter", "$orderby"],
    // Not documented; the server's page.
    pageSize: 999,
    // Under "Identity and access reports" in concepts/throttling-limits.md (stricter reading: see throttling.ts).
    throttle: "identityAndAccessReports",
  },
  directoryAudits: {
    doc: "directoryaudit-list",
    // directoryaudit-list-permissions.md, Application: "AuditLog.Read.All and Directory.Read.All".
    permissions: [["AuditLog.Read.All", "Directory.Read.All"]],
    // "supports the $filter (eq, ge, le, startswith), $top, $orderby, and skiptoken".
    query: ["$filter", "$top", "$orderby"],
    // The page names $top without a maximum: Graph's directory bound is assumed.
    maxTop: DIRECTORY_MAX_TOP,
    pageSize: DIRECTORY_PAGE,
    // includes/throttling-entra-logs-reports.md lists directoryAudit.
    throttle: "identityAndAccessReports",
  },
} as const satisfies Record<string, DocumentedRoute>;

export type DocumentedName = keyof typeof DOCUMENTED;

/** Whether `granted` satisfies a row: one entry fully held. */
export function permitted(row: DocumentedRoute, granted: ReadonlySet<string>): boolean {
  return row.permissions.some((all) => all.every((p) => granted.has(p)));
}

/** Every read permission the rows name (hidden-membership ones included): a grant that reads everything. */
export function allDocumentedReadPermissions(): string[] {
  const names = new Set<string>();
  for (const row of Object.values(DOCUMENTED) as DocumentedRoute[]) {
    for (const all of row.permissions) for (const p of all) names.add(p);
    if (row.hiddenMembership) names.add(row.hiddenMembership);
  }
  return [...names].filter((p) => !p.includes("ReadWrite")).sort();
}
