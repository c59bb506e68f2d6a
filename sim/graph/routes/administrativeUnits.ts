/**
 * Administrative units, their members, and the AUs a user belongs to (administrativeUnits
 * collector): the scopes AU-scoped role assignments reach.
 */
import { ADMINISTRATIVE_UNIT, administrativeUnitJson } from "../entities.js";
import { notFound } from "../errors.js";
import { memberOfIndex } from "../directoryQueries.js";
import type { FilterCapabilities } from "../odata/filter.js";
import { respondCollection, respondCount, respondEntity, type RequestContext, type RouteResult } from "../respond.js";
import { PAGE_SIZE } from "../../../shared/graph/pageSizes.js";
import { castOf, directoryObjectsSpec, membersRoute } from "./directoryObjects.js";
import { P } from "./permissions.js";
import { asCount, bool, DEFAULT_PAGE, generic, guid, resourceNotFoundMessage, str, type Route } from "./route.js";

const AU_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  displayName: str(["eq", "ne", "not", "in", "startswith"]),
  // UNCERTAIN whether Graph filters on this property; the collectors do not send it.
  isMemberManagementRestricted: bool(["eq"]),
};

function memberOfRoute(ctx: RequestContext): RouteResult {
  const { id = "", cast, count } = ctx.params;
  const user = ctx.tenant.users.get(id);
  if (!user) throw notFound(resourceNotFoundMessage(id));
  const containers = memberOfIndex(ctx.tenant).get(user.id) ?? [];
  const spec = directoryObjectsSpec(ctx, containers, castOf(cast), "directoryObjects");
  spec.relationship = false;
  spec.filters = { id: guid(["eq", "in"]), displayName: str(["eq", "startswith"]) };
  return count !== undefined ? respondCount(ctx, spec) : respondCollection(ctx, spec);
}

const auMembers = membersRoute("aus", false);

export const administrativeUnitsRoutes: Route[] = [
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
    handle: auMembers,
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members/$count",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: asCount(auMembers),
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members/{cast}",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: auMembers,
  },
  {
    method: "GET",
    pattern: "/directory/administrativeUnits/{id}/members/{cast}/$count",
    section: "administrativeUnits",
    permissions: P.aus,
    handle: asCount(auMembers),
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
    handle: asCount(memberOfRoute),
  },
];
