/** The tenant's subscribed SKUs (licences collector). */
import { SUBSCRIBED_SKU } from "../entities.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import { generic, limitsOf, type Route } from "./route.js";

export const licencesRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/subscribedSkus",
    section: "licences",
    documented: DOCUMENTED.subscribedSkus,
    handle: (ctx) =>
      respondCollection<TenantModel["subscribedSkus"][number]>(ctx, {
        schema: SUBSCRIBED_SKU,
        context: "subscribedSkus",
        ...limitsOf(DOCUMENTED.subscribedSkus),
        source: generic(ctx.tenant.subscribedSkus),
        toJson: (s) => ({ ...s }),
      }),
  },
];
