/** The tenant's subscribed SKUs (licences collector). */
import { SUBSCRIBED_SKU } from "../entities.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { P } from "./permissions.js";
import { DEFAULT_PAGE, generic, type Route } from "./route.js";

export const licencesRoutes: Route[] = [
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
];
