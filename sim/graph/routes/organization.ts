/** The organization record (organization collector): v1.0 properties, plus the beta-only sync time. */
import { ORGANIZATION } from "../entities.js";
import { respondCollection } from "../respond.js";
import { P } from "./permissions.js";
import { DEFAULT_PAGE, generic, type Route } from "./route.js";

export const organizationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/organization",
    section: "organization",
    permissions: P.org,
    handle: (ctx) => {
      const { onPremisesLastPasswordSyncDateTime, ...v1 } = ctx.tenant.organization;
      // onPremisesLastPasswordSyncDateTime: beta only (resources/organization.md documents it in neither version); v1.0 returns the documented set.
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
        pageSize: DEFAULT_PAGE,
        source: generic([org]),
        toJson: (o) => ({ ...o }),
      });
    },
  },
];
