/** Active directory role assignments at every scope, with their principal (roleAssignments collector). */
import { ROLE_ASSIGNMENT } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { principalOf } from "./directoryObjects.js";
import { DOCUMENTED } from "./documented.js";
import { generic, guid, limitsOf, str, type Route } from "./route.js";

const ROLE_ASSIGNMENT_FILTERS: FilterCapabilities = {
  id: str(["eq", "in"]),
  principalId: guid(["eq", "in"]),
  roleDefinitionId: guid(["eq", "in"]),
  directoryScopeId: str(["eq", "in"]),
};

export const roleAssignmentsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/roleManagement/directory/roleAssignments",
    section: "roleAssignments",
    documented: DOCUMENTED.roleAssignments,
    handle: (ctx) =>
      respondCollection<TenantModel["roleAssignments"][number]>(ctx, {
        schema: ROLE_ASSIGNMENT,
        context: "roleManagement/directory/roleAssignments",
        filters: ROLE_ASSIGNMENT_FILTERS,
        ...limitsOf(DOCUMENTED.roleAssignments),
        source: generic(ctx.tenant.roleAssignments),
        toJson: (a) => ({ ...a, resourceScope: a.directoryScopeId }),
        expandPrincipal: (a) => principalOf(ctx.tenant, a.principalId),
      }),
  },
];
