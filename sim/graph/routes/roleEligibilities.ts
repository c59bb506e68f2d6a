/** PIM eligible directory role assignments, with their principal (roleEligibilities collector). */
import { ROLE_ELIGIBILITY } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { PAGE_SIZE } from "../../../shared/graph/pageSizes.js";
import { principalOf } from "./directoryObjects.js";
import { P } from "./permissions.js";
import { generic, guid, str, type Route } from "./route.js";

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
];
