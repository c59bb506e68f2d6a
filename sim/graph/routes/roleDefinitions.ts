/** Directory role definitions, built-in and custom (roleDefinitions collector). */
import { ROLE_DEFINITION } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { PAGE_SIZE } from "../../../shared/graph/pageSizes.js";
import { P } from "./permissions.js";
import { bool, generic, guid, str, type Route } from "./route.js";

const ROLE_DEF_FILTERS: FilterCapabilities = {
  id: guid(["eq", "in"]),
  templateId: guid(["eq", "in"]),
  displayName: str(["eq", "in", "startswith"]),
  isBuiltIn: bool(["eq"]),
};

export const roleDefinitionsRoutes: Route[] = [
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
];
