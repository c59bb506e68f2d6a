/**
 * The route table: every request of shared/graph/REQUESTS.md, each with the section it belongs to
 * (fault rules and stats name routes by section), the application permissions that allow it
 * (least privileged first, as Microsoft's permission tables list them), and its handler.
 */
import { PAGE_SIZE } from "../../shared/graph/pageSizes.js";
import {
  ADMINISTRATIVE_UNIT,
  administrativeUnitJson,
  APP_ROLE_ASSIGNMENT,
  AUTHORIZATION_POLICY,
  directoryObject,
  DIRECTORY_AUDIT,
  GROUP,
  groupJson,
  ORGANIZATION,
  REGISTRATION_DETAILS,
  ROLE_ASSIGNMENT,
  ROLE_DEFINITION,
  GROUP_ELIGIBILITY,
  ROLE_ELIGIBILITY,
  SERVICE_PRINCIPAL,
  servicePrincipalJson,
  SUBSCRIBED_SKU,
  SYNC,
  USER,
  userJson,
  type DirectoryObject,
  type EntitySchema,
} from "./entities.js";
import { badRequest, notFound, SimGraphError, unsupportedQuery } from "./errors.js";
import { memberOfIndex, registrationSource, transitiveMemberIds, usersSource } from "./directoryQueries.js";
import type { FilterCapabilities } from "./odata/filter.js";
import {
  arrayView,
  type ItemView,
  type SimUser,
  type SimAppRoleAssignment,
  type SimServicePrincipal,
  type TenantModel,
} from "./model.js";
import {
  respondCollection,
  respondCount,
  respondEntity,
  type CollectionSpec,
  type RequestContext,
  type RouteResult,
} from "./respond.js";

export interface Route {
  method: "GET" | "POST";
  /** Segments; `{name}` captures one segment. Matched case-insensitively. */
  pattern: string;
  section: string;
  /** Any one of these grants access. */
  permissions: readonly string[];
  handle(ctx: RequestContext): RouteResult;
}

const DEFAULT_PAGE = 100;

const P = {
  users: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  groups: [
    "GroupMember.Read.All",
    "Group.Read.All",
    "GroupMember.ReadWrite.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  aus: [
    "AdministrativeUnit.Read.All",
    "AdministrativeUnit.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  apps: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  roles: [
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "Directory.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.ReadWrite.All",
  ],
  eligibility: [
    "RoleEligibilitySchedule.Read.Directory",
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleManagement.Read.All",
    "RoleManagement.Read.Directory",
    "RoleManagement.ReadWrite.Directory",
  ],
  org: ["Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All"],
  skus: [
    "Organization.Read.All",
    "LicenseAssignment.Read.All",
    "Directory.Read.All",
    "Organization.ReadWrite.All",
    "Directory.ReadWrite.All",
  ],
  sync: ["OnPremDirectorySynchronization.Read.All", "OnPremDirectorySynchronization.ReadWrite.All"],
  policy: ["Policy.Read.All", "Policy.ReadWrite.Authorization"],
  audit: ["AuditLog.Read.All"],
  registration: ["AuditLog.Read.All", "UserAuthenticationMethod.Read.All"],
  grant: ["AppRoleAssignment.ReadWrite.All"],
  /** privilegedaccessgroup-list-eligibilityscheduleinstances (v1.0), least privileged first. */
  groupEligibility: [
    "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
  ],
} as const;

const bool = (ops: ("eq" | "ne" | "not" | "in")[]) => ({ type: "boolean" as const, ops });
const str = (ops: ("eq" | "ne" | "not" | "in" | "startswith" | "ge" | "le")[]) => ({ type: "string" as const, ops });
const guid = (ops: ("eq" | "ne" | "in")[]) => ({ type: "guid" as const, ops });

/** user-list doc: the properties and operators Graph documents for /users $filter (subset used by tools). */
const USER_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  onPremisesSyncEnabled: bool(["eq", "ne", "not", "in"]),
  accountEnabled: bool(["eq", "ne", "not", "in"]),
  userType: str(["eq", "ne", "not", "in"]),
  userPrincipalName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
  displayName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
  mail: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
  onPremisesSamAccountName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
  onPremisesImmutableId: str(["eq", "ne", "not", "ge", "le", "in"]),
};

const GROUP_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  isAssignableToRole: bool(["eq", "ne", "not"]),
  securityEnabled: bool(["eq", "ne", "not", "in"]),
  mailEnabled: bool(["eq", "ne", "not", "in"]),
  displayName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
};

const MEMBER_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  onPremisesSyncEnabled: bool(["eq", "ne", "not", "in"]),
  accountEnabled: bool(["eq", "ne", "not", "in"]),
  userType: str(["eq", "ne", "not", "in"]),
  displayName: str(["eq", "ne", "not", "in", "startswith"]),
};

const AU_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  displayName: str(["eq", "ne", "not", "in", "startswith"]),
  // UNCERTAIN whether Graph filters on this property; the collectors do not send it.
  isMemberManagementRestricted: bool(["eq"]),
};

const SP_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  appId: guid(["eq", "ne", "in"]),
  displayName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
  servicePrincipalType: str(["eq", "ne", "not", "in"]),
};

const ROLE_DEF_FILTERS: FilterCapabilities = {
  id: guid(["eq", "in"]),
  templateId: guid(["eq", "in"]),
  displayName: str(["eq", "in", "startswith"]),
  isBuiltIn: bool(["eq"]),
};

const ROLE_ASSIGNMENT_FILTERS: FilterCapabilities = {
  id: str(["eq", "in"]),
  principalId: guid(["eq", "in"]),
  roleDefinitionId: guid(["eq", "in"]),
  directoryScopeId: str(["eq", "in"]),
};

const ROLE_ELIGIBILITY_FILTERS: FilterCapabilities = {
  principalId: guid(["eq", "ne"]),
  roleDefinitionId: guid(["eq", "ne"]),
  directoryScopeId: str(["eq", "ne"]),
  memberType: str(["eq", "ne"]),
};

/** PIM for Groups eligibility instances: groupId, principalId, accessId, memberType support eq. */
const GROUP_ELIGIBILITY_FILTERS: FilterCapabilities = {
  groupId: guid(["eq"]),
  principalId: guid(["eq"]),
  accessId: str(["eq"]),
  memberType: str(["eq"]),
};

/** directoryaudit-list: "$filter (eq, ge, le, startswith)". */
const AUDIT_FILTERS: FilterCapabilities = {
  id: str(["eq"]),
  activityDateTime: { type: "datetime", ops: ["ge", "le"] },
  activityDisplayName: str(["eq", "startswith"]),
  loggedByService: str(["eq"]),
  category: str(["eq"]),
  result: str(["eq"]),
  correlationId: guid(["eq"]),
  "initiatedBy/user/id": guid(["eq"]),
  "initiatedBy/user/displayName": str(["eq"]),
  "initiatedBy/user/userPrincipalName": str(["eq", "startswith"]),
  "initiatedBy/app/appId": guid(["eq"]),
  "initiatedBy/app/displayName": str(["eq"]),
};

/** userRegistrationDetails: eq on the booleans; eq/startswith on names. */
const REGISTRATION_FILTERS: FilterCapabilities = {
  isSsprEnabled: bool(["eq"]),
  isSsprRegistered: bool(["eq"]),
  isSsprCapable: bool(["eq"]),
  isMfaCapable: bool(["eq"]),
  isMfaRegistered: bool(["eq"]),
  isPasswordlessCapable: bool(["eq"]),
  isSystemPreferredAuthenticationMethodEnabled: bool(["eq"]),
  userPrincipalName: str(["eq", "startswith"]),
  userDisplayName: str(["eq", "startswith"]),
};

// ---- helpers ----------------------------------------------------------------------------------

function generic<T>(items: readonly T[]): (f: unknown) => { view: ItemView<T>; filtered: boolean } {
  return () => ({ view: arrayView(items), filtered: false });
}

function spByKey(tenant: TenantModel, key: string): SimServicePrincipal {
  if (key.startsWith("appId=")) {
    const appId = key.slice("appId=".length).toLowerCase();
    for (const sp of tenant.servicePrincipals.values()) if (sp.appId.toLowerCase() === appId) return sp;
  } else {
    const sp = tenant.servicePrincipals.get(key.toLowerCase());
    if (sp) return sp;
  }
  throw notFound(`Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
}

function principalOf(tenant: TenantModel, id: string): Record<string, unknown> | null {
  const obj = directoryObject(tenant, id);
  // Expanded principals carry @odata.type and the full property set.
  return obj ? { "@odata.type": `#${obj.schema.type}`, ...obj.json } : null;
}

type Cast =
  | "microsoft.graph.user"
  | "microsoft.graph.group"
  | "microsoft.graph.servicePrincipal"
  | "microsoft.graph.administrativeUnit";
const CAST_SCHEMAS: Record<Cast, EntitySchema> = {
  "microsoft.graph.user": USER,
  "microsoft.graph.group": GROUP,
  "microsoft.graph.servicePrincipal": SERVICE_PRINCIPAL,
  "microsoft.graph.administrativeUnit": ADMINISTRATIVE_UNIT,
};

function castOf(segment: string | undefined): Cast | undefined {
  if (segment === undefined) return undefined;
  const cast = Object.keys(CAST_SCHEMAS).find((c) => c.toLowerCase() === segment.toLowerCase()) as Cast | undefined;
  if (!cast) throw badRequest(`Resource not found for the segment '${segment}'.`);
  return cast;
}

/** A directoryObject collection (members, transitiveMembers, memberOf), optionally cast. */
function directoryObjectsSpec(
  ctx: RequestContext,
  ids: string[],
  cast: Cast | undefined,
  context: string,
): CollectionSpec<DirectoryObject> {
  // Cast by type without building objects, then build only the page asked for: a 20,000-member group pages cheaply.
  const typed = cast
    ? ids.filter((id) => typeOf(ctx.tenant, id) === cast)
    : ids.filter((id) => typeOf(ctx.tenant, id) !== undefined);
  const objects: ItemView<DirectoryObject> = {
    count: typed.length,
    slice: (s, e) => typed.slice(s, e).map((id) => directoryObject(ctx.tenant, id)!),
  };
  return {
    schema: cast ? CAST_SCHEMAS[cast] : { type: "microsoft.graph.directoryObject", properties: unionProps() },
    itemSchema: (o) => o.schema,
    typed: true,
    context: cast ? `${context}/${cast}` : context,
    filters: MEMBER_FILTERS,
    maxTop: PAGE_SIZE.transitiveMembers,
    pageSize: DEFAULT_PAGE,
    directory: true,
    relationship: true,
    source: () => ({ view: objects, filtered: false }),
    toJson: (o) => o.json,
  };
}

function typeOf(tenant: TenantModel, id: string): Cast | undefined {
  if (tenant.users.has(id)) return "microsoft.graph.user";
  if (tenant.groups.has(id)) return "microsoft.graph.group";
  if (tenant.servicePrincipals.has(id)) return "microsoft.graph.servicePrincipal";
  if (tenant.administrativeUnits.has(id)) return "microsoft.graph.administrativeUnit";
  return undefined;
}

let UNION: string[] | undefined;
function unionProps(): string[] {
  UNION ??= [...new Set([USER, GROUP, SERVICE_PRINCIPAL, ADMINISTRATIVE_UNIT].flatMap((s) => s.properties))];
  return UNION;
}

function membersRoute(kind: "groups" | "aus", transitive: boolean) {
  return (ctx: RequestContext): RouteResult => {
    const { id = "", cast, count } = ctx.params;
    const t = ctx.tenant;
    let ids: string[];
    if (kind === "groups") {
      const g = t.groups.get(id.toLowerCase());
      if (!g)
        throw notFound(
          `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      ids = transitive ? transitiveMemberIds(t, g.id) : g.members;
    } else {
      const au = t.administrativeUnits.get(id.toLowerCase());
      if (!au)
        throw notFound(
          `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      ids = au.members;
    }
    const spec = directoryObjectsSpec(ctx, ids, castOf(cast), "directoryObjects");
    return count !== undefined ? respondCount(ctx, spec) : respondCollection(ctx, spec);
  };
}

function memberOfRoute(ctx: RequestContext): RouteResult {
  const { id = "", cast, count } = ctx.params;
  const user = ctx.tenant.users.get(id);
  if (!user)
    throw notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const containers = memberOfIndex(ctx.tenant).get(user.id) ?? [];
  const spec = directoryObjectsSpec(ctx, containers, castOf(cast), "directoryObjects");
  spec.relationship = false;
  spec.filters = { id: guid(["eq", "in"]), displayName: str(["eq", "startswith"]) };
  return count !== undefined ? respondCount(ctx, spec) : respondCollection(ctx, spec);
}

function usersSpec(ctx: RequestContext): CollectionSpec<SimUser> {
  return {
    schema: USER,
    context: "users",
    filters: USER_FILTERS,
    maxTop: PAGE_SIZE.users,
    pageSize: DEFAULT_PAGE,
    directory: true,
    orderby: ["displayName", "userPrincipalName"],
    source: (f) => usersSource(ctx.tenant, f),
    toJson: userJson,
  };
}

function appRoleAssignmentsSpec(items: SimAppRoleAssignment[]): CollectionSpec<SimAppRoleAssignment> {
  return {
    schema: APP_ROLE_ASSIGNMENT,
    context: "appRoleAssignments",
    filters: { principalId: guid(["eq"]), resourceId: guid(["eq"]), appRoleId: guid(["eq"]) },
    maxTop: PAGE_SIZE.appRoleAssignedTo,
    pageSize: DEFAULT_PAGE,
    source: generic(items),
    toJson: (a) => ({ ...a }),
  };
}

function postAppRoleAssignment(ctx: RequestContext): RouteResult {
  const sp = spByKey(ctx.tenant, ctx.params.sp ?? "");
  const body = ctx.body as { principalId?: unknown; resourceId?: unknown; appRoleId?: unknown } | null;
  if (
    !body ||
    typeof body.principalId !== "string" ||
    typeof body.resourceId !== "string" ||
    typeof body.appRoleId !== "string"
  ) {
    throw badRequest("Send a JSON body { principalId, resourceId, appRoleId } (all GUID strings).");
  }
  if (body.principalId.toLowerCase() !== sp.id) {
    throw badRequest("The principalId in the body must be the service principal in the URL.");
  }
  const resource = ctx.tenant.servicePrincipals.get(body.resourceId.toLowerCase());
  if (!resource)
    throw notFound(
      `Resource '${body.resourceId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const role = resource.appRoles.find((r) => r.id === body.appRoleId!.toString().toLowerCase());
  if (!role) throw badRequest("Permission being assigned was not found on application");
  if (
    ctx.tenant.appRoleAssignments.some(
      (a) => a.principalId === sp.id && a.resourceId === resource.id && a.appRoleId === role.id,
    )
  ) {
    throw badRequest("Permission being assigned already exists on the object");
  }
  const assignment: SimAppRoleAssignment = {
    id: ctx.tenant.newId(),
    appRoleId: role.id,
    principalId: sp.id,
    principalType: "ServicePrincipal",
    principalDisplayName: sp.displayName,
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
    createdDateTime: new Date().toISOString(),
    deletedDateTime: null,
  };
  ctx.tenant.appRoleAssignments.push(assignment);
  ctx.tenant.version++;
  return {
    status: 201,
    headers: {
      location: `${ctx.origin}/${ctx.version}/servicePrincipals/${sp.id}/appRoleAssignments/${assignment.id}`,
    },
    body: {
      "@odata.context": `${ctx.origin}/${ctx.version}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignments/$entity`,
      ...assignment,
    },
  };
}

// ---- the table --------------------------------------------------------------------------------

/** A service principal's app role assignments, by the side it is on: resource (assignedTo) or client. */
function appRoleAssignmentsRoute(
  relation: "appRoleAssignedTo" | "appRoleAssignments",
  side: "resourceId" | "principalId",
): Route {
  return {
    method: "GET",
    pattern: `/servicePrincipals/{sp}/${relation}`,
    section: "appPermissions",
    permissions: P.apps,
    handle: (ctx) => {
      const sp = spByKey(ctx.tenant, ctx.params.sp ?? "");
      return respondCollection(
        ctx,
        appRoleAssignmentsSpec(ctx.tenant.appRoleAssignments.filter((a) => a[side] === sp.id)),
      );
    },
  };
}

export const ROUTES: Route[] = [
  {
    method: "GET",
    pattern: "/directory/onPremisesSynchronization",
    section: "syncFeatures",
    permissions: P.sync,
    handle: (ctx) =>
      respondCollection<TenantModel["onPremisesSynchronization"]>(ctx, {
        schema: SYNC,
        context: "directory/onPremisesSynchronization",
        pageSize: DEFAULT_PAGE,
        source: generic([ctx.tenant.onPremisesSynchronization]),
        toJson: (s) => ({ ...s }),
      }),
  },
  {
    method: "GET",
    pattern: "/organization",
    section: "organization",
    permissions: P.org,
    handle: (ctx) => {
      const { onPremisesLastPasswordSyncDateTime, ...v1 } = ctx.tenant.organization;
      // onPremisesLastPasswordSyncDateTime is read through beta (GRAPH-NOTES §2); v1.0 returns the documented set.
      const org = ctx.version === "beta" ? { ...v1, onPremisesLastPasswordSyncDateTime } : v1;
      const schema =
        ctx.version === "beta"
          ? ORGANIZATION
          : {
              ...ORGANIZATION,
              properties: ORGANIZATION.properties.filter((p) => p !== "onPremisesLastPasswordSyncDateTime"),
            };
      return respondCollection<Record<string, unknown>>(ctx, {
        schema,
        context: "organization",
        pageSize: DEFAULT_PAGE,
        source: generic([org]),
        toJson: (o) => ({ ...o }),
      });
    },
  },
  {
    method: "GET",
    pattern: "/policies/authorizationPolicy",
    section: "authorizationPolicy",
    permissions: P.policy,
    handle: (ctx) =>
      respondEntity(
        ctx,
        AUTHORIZATION_POLICY,
        { ...ctx.tenant.authorizationPolicy },
        "policies/authorizationPolicy/$entity",
      ),
  },
  {
    method: "GET",
    pattern: "/subscribedSkus",
    section: "licences",
    permissions: P.skus,
    handle: (ctx) =>
      respondCollection<TenantModel["subscribedSkus"][number]>(ctx, {
        schema: SUBSCRIBED_SKU,
        context: "subscribedSkus",
        pageSize: DEFAULT_PAGE,
        source: generic(ctx.tenant.subscribedSkus),
        toJson: (s) => ({ ...s }),
      }),
  },
  {
    method: "GET",
    pattern: "/roleManagement/directory/roleDefinitions",
    section: "roleDefinitions",
    permissions: P.roles,
    handle: (ctx) =>
      respondCollection<TenantModel["roleDefinitions"][number]>(ctx, {
        schema: ROLE_DEFINITION,
        context: "roleManagement/directory/roleDefinitions",
        filters: ROLE_DEF_FILTERS,
        pageSize: PAGE_SIZE.roleManagement,
        source: generic(ctx.tenant.roleDefinitions),
        toJson: (d) => ({ ...d }),
      }),
  },
  {
    method: "GET",
    pattern: "/roleManagement/directory/roleAssignments",
    section: "roleAssignments",
    permissions: P.roles,
    handle: (ctx) =>
      respondCollection<TenantModel["roleAssignments"][number]>(ctx, {
        schema: ROLE_ASSIGNMENT,
        context: "roleManagement/directory/roleAssignments",
        filters: ROLE_ASSIGNMENT_FILTERS,
        pageSize: PAGE_SIZE.roleManagement,
        source: generic(ctx.tenant.roleAssignments),
        toJson: (a) => ({ ...a, resourceScope: a.directoryScopeId }),
        expandPrincipal: (a) => principalOf(ctx.tenant, a.principalId),
      }),
  },
  {
    method: "GET",
    pattern: "/roleManagement/directory/roleEligibilityScheduleInstances",
    section: "roleEligibilities",
    permissions: P.eligibility,
    handle: (ctx) =>
      respondCollection<TenantModel["roleEligibilities"][number]>(ctx, {
        schema: ROLE_ELIGIBILITY,
        context: "roleManagement/directory/roleEligibilityScheduleInstances",
        filters: ROLE_ELIGIBILITY_FILTERS,
        pageSize: PAGE_SIZE.roleManagement,
        source: generic(ctx.tenant.roleEligibilities),
        toJson: (a) => ({ ...a }),
        expandPrincipal: (a) => principalOf(ctx.tenant, a.principalId),
      }),
  },
  {
    method: "GET",
    pattern: "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
    section: "groupMembers",
    permissions: P.groupEligibility,
    handle: (ctx) => {
      // The docs: "This method requires the $filter (eq) query parameter to scope the request to a
      // principalId or a groupId."
      const filter = ctx.rawQuery.get("$filter") ?? "";
      if (!/\b(groupId|principalId)\s+eq\b/i.test(filter))
        throw badRequest("The request requires a $filter on groupId or principalId.");
      return respondCollection<TenantModel["groupEligibilities"][number]>(ctx, {
        schema: GROUP_ELIGIBILITY,
        context: "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
        filters: GROUP_ELIGIBILITY_FILTERS,
        pageSize: PAGE_SIZE.roleManagement,
        source: generic(ctx.tenant.groupEligibilities),
        toJson: (e) => ({ ...e }),
        expandPrincipal: (e) => principalOf(ctx.tenant, e.principalId),
      });
    },
  },
  {
    method: "GET",
    pattern: "/groups",
    section: "groupMembers",
    permissions: P.groups,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: GROUP,
        context: "groups",
        filters: GROUP_FILTERS,
        maxTop: PAGE_SIZE.groups,
        pageSize: DEFAULT_PAGE,
        directory: true,
        orderby: ["displayName"],
        source: generic([...ctx.tenant.groups.values()]),
        toJson: groupJson,
      }),
  },
  {
    method: "GET",
    pattern: "/groups/$count",
    section: "groupMembers",
    permissions: P.groups,
    handle: (ctx) =>
      respondCount(ctx, {
        schema: GROUP,
        context: "groups",
        filters: GROUP_FILTERS,
        pageSize: DEFAULT_PAGE,
        directory: true,
        source: generic([...ctx.tenant.groups.values()]),
        toJson: groupJson,
      }),
  },
  {
    method: "GET",
    pattern: "/groups/{id}",
    section: "groupMembers",
    permissions: P.groups,
    handle: (ctx) => {
      const g = ctx.tenant.groups.get((ctx.params.id ?? "").toLowerCase());
      return respondEntity(ctx, GROUP, g && groupJson(g), "groups/$entity");
    },
  },
  {
    method: "GET",
    pattern: "/groups/{id}/owners",
    section: "groupMembers",
    permissions: P.groups,
    handle: (ctx) => {
      const g = ctx.tenant.groups.get((ctx.params.id ?? "").toLowerCase());
      if (!g)
        throw notFound(
          `Resource '${ctx.params.id ?? ""}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return respondCollection(ctx, directoryObjectsSpec(ctx, g.owners ?? [], undefined, "directoryObjects"));
    },
  },
  ...(["transitiveMembers", "members"] as const).flatMap((rel): Route[] => [
    {
      method: "GET",
      pattern: `/groups/{id}/${rel}`,
      section: "groupMembers",
      permissions: P.groups,
      handle: membersRoute("groups", rel === "transitiveMembers"),
    },
    {
      method: "GET",
      pattern: `/groups/{id}/${rel}/$count`,
      section: "groupMembers",
      permissions: P.groups,
      handle: (ctx) =>
        membersRoute("groups", rel === "transitiveMembers")({ ...ctx, params: { ...ctx.params, count: "" } }),
    },
    {
      method: "GET",
      pattern: `/groups/{id}/${rel}/{cast}`,
      section: "groupMembers",
      permissions: P.groups,
      handle: membersRoute("groups", rel === "transitiveMembers"),
    },
    {
      method: "GET",
      pattern: `/groups/{id}/${rel}/{cast}/$count`,
      section: "groupMembers",
      permissions: P.groups,
      handle: (ctx) =>
        membersRoute("groups", rel === "transitiveMembers")({ ...ctx, params: { ...ctx.params, count: "" } }),
    },
  ]),
  {
    method: "GET",
    pattern: "/directory/administrativeUnits",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: ADMINISTRATIVE_UNIT,
        context: "directory/administrativeUnits",
        filters: AU_FILTERS,
        maxTop: PAGE_SIZE.administrativeUnits,
        pageSize: DEFAULT_PAGE,
        directory: true,
        source: generic([...ctx.tenant.administrativeUnits.values()]),
        toJson: administrativeUnitJson,
      }),
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: (ctx) => {
      const au = ctx.tenant.administrativeUnits.get((ctx.params.id ?? "").toLowerCase());
      return respondEntity(
        ctx,
        ADMINISTRATIVE_UNIT,
        au && administrativeUnitJson(au),
        "directory/administrativeUnits/$entity",
      );
    },
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: membersRoute("aus", false),
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members/$count",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: (ctx) => membersRoute("aus", false)({ ...ctx, params: { ...ctx.params, count: "" } }),
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members/{cast}",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: membersRoute("aus", false),
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members/{cast}/$count",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: (ctx) => membersRoute("aus", false)({ ...ctx, params: { ...ctx.params, count: "" } }),
  },
  {
    method: "GET",
    pattern: "/servicePrincipals",
    section: "appPermissions",
    permissions: P.apps,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: SERVICE_PRINCIPAL,
        context: "servicePrincipals",
        filters: SP_FILTERS,
        maxTop: 999,
        pageSize: DEFAULT_PAGE,
        directory: true,
        source: generic([...ctx.tenant.servicePrincipals.values()]),
        toJson: servicePrincipalJson,
      }),
  },
  {
    method: "GET",
    pattern: "/servicePrincipals/{sp}",
    section: "appPermissions",
    permissions: P.apps,
    handle: (ctx) =>
      respondEntity(
        ctx,
        SERVICE_PRINCIPAL,
        servicePrincipalJson(spByKey(ctx.tenant, ctx.params.sp ?? "")),
        "servicePrincipals/$entity",
      ),
  },
  // Grants TO a resource service principal (e.g. Microsoft Graph), and grants a client holds.
  appRoleAssignmentsRoute("appRoleAssignedTo", "resourceId"),
  appRoleAssignmentsRoute("appRoleAssignments", "principalId"),
  {
    method: "POST",
    pattern: "/servicePrincipals/{sp}/appRoleAssignments",
    section: "appPermissions",
    permissions: P.grant,
    handle: postAppRoleAssignment,
  },
  {
    method: "GET",
    pattern: "/users",
    section: "syncedUsers",
    permissions: P.users,
    handle: (ctx) => respondCollection(ctx, usersSpec(ctx)),
  },
  {
    method: "GET",
    pattern: "/users/$count",
    section: "syncedUsers",
    permissions: P.users,
    handle: (ctx) => respondCount(ctx, usersSpec(ctx)),
  },
  {
    method: "GET",
    pattern: "/users/{id}",
    section: "users",
    permissions: P.users,
    handle: (ctx) => {
      const u = ctx.tenant.users.get(ctx.params.id ?? "");
      return respondEntity(ctx, USER, u && userJson(u), "users/$entity");
    },
  },
  {
    method: "GET",
    pattern: "/users/{id}/memberOf",
    section: "administrativeUnits",
    permissions: P.users,
    handle: memberOfRoute,
  },
  {
    method: "GET",
    pattern: "/users/{id}/memberOf/{cast}",
    section: "administrativeUnits",
    permissions: P.users,
    handle: memberOfRoute,
  },
  {
    method: "GET",
    pattern: "/users/{id}/memberOf/{cast}/$count",
    section: "administrativeUnits",
    permissions: P.users,
    handle: (ctx) => memberOfRoute({ ...ctx, params: { ...ctx.params, count: "" } }),
  },
  {
    method: "GET",
    pattern: "/reports/authenticationMethods/userRegistrationDetails",
    section: "ssprRegistration",
    permissions: P.registration,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: REGISTRATION_DETAILS,
        context: "reports/authenticationMethods/userRegistrationDetails",
        filters: REGISTRATION_FILTERS,
        select: false,
        pageSize: PAGE_SIZE.userRegistrationDetails,
        orderby: ["userPrincipalName", "userDisplayName"],
        source: (f) => registrationSource(ctx.tenant, f),
        toJson: (d) => d,
      }),
  },
  {
    method: "GET",
    pattern: "/auditLogs/directoryAudits",
    section: "auditEvents",
    permissions: P.audit,
    handle: (ctx) =>
      respondCollection<TenantModel["directoryAudits"][number]>(ctx, {
        schema: DIRECTORY_AUDIT,
        context: "auditLogs/directoryAudits",
        filters: AUDIT_FILTERS,
        maxTop: PAGE_SIZE.directoryAudits,
        pageSize: DEFAULT_PAGE,
        orderby: ["activityDateTime"],
        source: generic(ctx.tenant.directoryAudits),
        // Graph returns the newest events first.
        sort: (a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime),
        toJson: (e) => ({ ...e }),
      }),
  },
];

// ---- matching ---------------------------------------------------------------------------------

interface CompiledRoute {
  route: Route;
  segments: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => ({
  route,
  segments: route.pattern.split("/").filter(Boolean),
}));

/** Rewrites Graph's key syntax `servicePrincipals(appId='…')` into a plain segment. */
export function normalisePath(path: string): string {
  return path
    .replace(/servicePrincipals\(appId='([^']*)'\)/i, "servicePrincipals/appId=$1")
    .replace(/servicePrincipals\('([^']*)'\)/i, "servicePrincipals/$1");
}

export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | "method-not-allowed" | undefined {
  const parts = normalisePath(path).split("/").filter(Boolean);
  let methodMismatch = false;
  for (const { route, segments } of COMPILED) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const s = segments[i]!;
      const p = parts[i]!;
      if (s.startsWith("{")) {
        // A literal segment elsewhere ($count) must not be captured as an id.
        if (p === "$count") ok = false;
        else params[s.slice(1, -1)] = p;
      } else if (s.toLowerCase() !== p.toLowerCase()) ok = false;
    }
    if (!ok) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route, params };
  }
  return methodMismatch ? "method-not-allowed" : undefined;
}

export { SimGraphError, unsupportedQuery };
