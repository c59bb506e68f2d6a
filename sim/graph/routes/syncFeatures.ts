/** The tenant's directory synchronization features (syncFeatures collector). */
import { SYNC } from "../entities.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { P } from "./permissions.js";
import { DEFAULT_PAGE, generic, type Route } from "./route.js";

export const syncFeaturesRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/directory/onPremisesSynchronization",
    section: "syncFeatures",
    permissions: P.sync,
    handle: (ctx) =>
      respondCollection<TenantModel["onPremisesSynchronization"]>(ctx, {
        schema: SYNC,
        context: "directory/onPremisesSynchronization",
        pageSize: DEFAULT_PAGE,
        source: generic([ctx.tenant.onPremisesSynchronization]),
        toJson: (s) => ({ ...s }),
      }),
  },
];
