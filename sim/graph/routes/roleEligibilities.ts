/** PIM eligible directory role assignments, with their principal (roleEligibilities collector). */
import { ROLE_ELIGIBILITY } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { principalOf } from "./directoryObjects.js";
import { DOCUMENTED } from "./documented.js";
import { generic, guid, limitsOf, str, type Route } from "./route.js";

const ROLE_ELIGIBILITY_FILTERS: FilterCapabilities = {
  principalId: guid(["eq", "ne"]),
  roleDefinitionId: guid(["eq", "ne"]),
  directoryScopeId: str(["eq", "ne"]),
  memberType: str(["eq", "ne"]),
};

export const roleEligibilitiesRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/roleManagement/directory/roleEligibilityScheduleInstances",
    section: "roleEligibilities",
    documented: DOCUMENTED.roleEligibilities,
    handle: (ctx) =>
      respondCollection<TenantModel["roleEligibilities"][number]>(ctx, {
        schema: ROLE_ELIGIBILITY,
        context: "roleManagement/directory/roleEligibilityScheduleInstances",
        filters: ROLE_ELIGIBILITY_FILTERS,
        ...limitsOf(DOCUMENTED.roleEligibilities),
        source: generic(ctx.tenant.roleEligibilities),
        toJson: (a) => ({ ...a }),
        expandPrincipal: (a) => principalOf(ctx.tenant, a.principalId),
      }),
  },
];
