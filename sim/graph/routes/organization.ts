/** The organization record (organization collector): v1.0 properties, plus the beta-only sync time. */
import { ORGANIZATION } from "../entities.js";
import { respondCollection } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import { generic, limitsOf, type Route } from "./route.js";

export const organizationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/organization",
    section: "organization",
    documented: DOCUMENTED.organization,
    handle: (ctx) => {
      const { onPremisesLastPasswordSyncDateTime, ...v1 } = ctx.tenant.organization;
      // onPremisesLastPasswordSyncDateTime is not among the v1.0 properties of resources/organization.md: beta only.
      const org = ctx.version === "beta" ? { ...v1, onPremisesLastPasswordSyncDateTime } : v1;
      const schema =
        ctx.version === "beta"
          ? ORGANIZATION
          : {
              ...ORGANIZATION,
              properties: ORGANIZATION.properties.filter((p) => p !== "onPremisesLastPasswordSyncDateTime"),
            };
      return respondCollection<Record<string, unknown>>(ctx, {
        schema,
        context: "organization",
        ...limitsOf(DOCUMENTED.organization),
        source: generic([org]),
        toJson: (o) => ({ ...o }),
      });
    },
  },
];
