/**
 * Service principals and their app role assignments on either side (appPermissions collector),
 * plus the one write the deployment hooks make: granting an app role to the function's identity.
 */
import { APP_ROLE_ASSIGNMENT, SERVICE_PRINCIPAL, servicePrincipalJson } from "../entities.js";
import { badRequest, notFound } from "../errors.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { SimAppRoleAssignment, SimServicePrincipal, TenantModel } from "../model.js";
import {
  respondCollection,
  respondEntity,
  type CollectionSpec,
  type RequestContext,
  type RouteResult,
} from "../respond.js";
import { DOCUMENTED, type DocumentedRoute } from "./documented.js";
import { generic, guid, limitsOf, resourceNotFoundMessage, str, type Route } from "./route.js";

const SP_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  appId: guid(["eq", "ne", "in"]),
  displayName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
  servicePrincipalType: str(["eq", "ne", "not", "in"]),
};

function spByKey(tenant: TenantModel, key: string): SimServicePrincipal {
  if (key.startsWith("appId=")) {
    const appId = key.slice("appId=".length).toLowerCase();
    for (const sp of tenant.servicePrincipals.values()) if (sp.appId.toLowerCase() === appId) return sp;
  } else {
    const sp = tenant.servicePrincipals.get(key.toLowerCase());
    if (sp) return sp;
  }
  throw notFound(resourceNotFoundMessage(key));
}

function appRoleAssignmentsSpec(
  items: SimAppRoleAssignment[],
  row: DocumentedRoute,
): CollectionSpec<SimAppRoleAssignment> {
  return {
    schema: APP_ROLE_ASSIGNMENT,
    context: "appRoleAssignments",
    filters: { principalId: guid(["eq"]), resourceId: guid(["eq"]), appRoleId: guid(["eq"]) },
    ...limitsOf(row),
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
  if (!resource) throw notFound(resourceNotFoundMessage(body.resourceId));
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

/** A service principal's app role assignments, by the side it is on: resource (assignedTo) or client. */
function appRoleAssignmentsRoute(
  relation: "appRoleAssignedTo" | "appRoleAssignments",
  side: "resourceId" | "principalId",
): Route {
  return {
    method: "GET",
    pattern: `/servicePrincipals/{sp}/${relation}`,
    section: "appPermissions",
    documented: DOCUMENTED[relation],
    handle: (ctx) => {
      const sp = spByKey(ctx.tenant, ctx.params.sp ?? "");
      return respondCollection(
        ctx,
        appRoleAssignmentsSpec(
          ctx.tenant.appRoleAssignments.filter((a) => a[side] === sp.id),
          DOCUMENTED[relation],
        ),
      );
    },
  };
}

export const appPermissionsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/servicePrincipals",
    section: "appPermissions",
    documented: DOCUMENTED.servicePrincipals,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: SERVICE_PRINCIPAL,
        context: "servicePrincipals",
        filters: SP_FILTERS,
        ...limitsOf(DOCUMENTED.servicePrincipals),
        directory: true,
        source: generic([...ctx.tenant.servicePrincipals.values()]),
        toJson: servicePrincipalJson,
      }),
  },
  {
    method: "GET",
    pattern: "/servicePrincipals/{sp}",
    section: "appPermissions",
    documented: DOCUMENTED.servicePrincipal,
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
    documented: DOCUMENTED.grantAppRole,
    handle: postAppRoleAssignment,
  },
];
