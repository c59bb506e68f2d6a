/** The tenant's directory synchronization features (syncFeatures collector). */
import { SYNC } from "../entities.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import { generic, limitsOf, type Route } from "./route.js";

export const syncFeaturesRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/directory/onPremisesSynchronization",
    section: "syncFeatures",
    documented: DOCUMENTED.syncFeatures,
    handle: (ctx) =>
      respondCollection<TenantModel["onPremisesSynchronization"]>(ctx, {
        schema: SYNC,
        context: "directory/onPremisesSynchronization",
        ...limitsOf(DOCUMENTED.syncFeatures),
        source: generic([ctx.tenant.onPremisesSynchronization]),
        toJson: (s) => ({ ...s }),
      }),
  },
];
