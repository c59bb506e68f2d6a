/** Directory role definitions, built-in and custom (roleDefinitions collector). */
import { ROLE_DEFINITION } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import { bool, generic, guid, limitsOf, str, type Route } from "./route.js";

/** rbacapplication-list-roledefinitions: "$filter (eq and in operators) ... on id, displayName, and isBuiltIn". */
const ROLE_DEF_FILTERS: FilterCapabilities = {
  id: guid(["eq", "in"]),
  displayName: str(["eq", "in"]),
  isBuiltIn: bool(["eq", "in"]),
};

export const roleDefinitionsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/roleManagement/directory/roleDefinitions",
    section: "roleDefinitions",
    documented: DOCUMENTED.roleDefinitions,
    handle: (ctx) =>
      respondCollection<TenantModel["roleDefinitions"][number]>(ctx, {
        schema: ROLE_DEFINITION,
        context: "roleManagement/directory/roleDefinitions",
        filters: ROLE_DEF_FILTERS,
        ...limitsOf(DOCUMENTED.roleDefinitions),
        source: generic(ctx.tenant.roleDefinitions),
        toJson: (d) => ({ ...d }),
      }),
  },
];
