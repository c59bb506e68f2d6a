/** Users: the synced-user listing and counts (syncedUsers collector) and single-user reads. */
import { USER, userJson } from "../entities.js";
import { usersSource } from "../directoryQueries.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { SimUser } from "../model.js";
import {
  respondCollection,
  respondCount,
  respondEntity,
  type CollectionSpec,
  type RequestContext,
} from "../respond.js";
import { DOCUMENTED, type DocumentedRoute } from "./documented.js";
import { bool, guid, limitsOf, str, type Route } from "./route.js";

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

function usersSpec(ctx: RequestContext, row: DocumentedRoute): CollectionSpec<SimUser> {
  return {
    schema: USER,
    context: "users",
    filters: USER_FILTERS,
    ...limitsOf(row),
    directory: true,
    orderby: ["displayName", "userPrincipalName"],
    source: (f) => usersSource(ctx.tenant, f),
    toJson: userJson,
  };
}

export const syncedUsersRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/users",
    section: "syncedUsers",
    documented: DOCUMENTED.users,
    handle: (ctx) => respondCollection(ctx, usersSpec(ctx, DOCUMENTED.users)),
  },
  {
    method: "GET",
    pattern: "/users/$count",
    section: "syncedUsers",
    documented: DOCUMENTED.usersCount,
    handle: (ctx) => respondCount(ctx, usersSpec(ctx, DOCUMENTED.usersCount)),
  },
  {
    method: "GET",
    pattern: "/users/{id}",
    section: "users",
    documented: DOCUMENTED.user,
    handle: (ctx) => {
      const u = ctx.tenant.users.get(ctx.params.id ?? "");
      return respondEntity(ctx, USER, u && userJson(u), "users/$entity");
    },
  },
];
