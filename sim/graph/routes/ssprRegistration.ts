/** Per-user authentication-method registration details (ssprRegistration collector). */
import { REGISTRATION_DETAILS } from "../entities.js";
import { registrationSource } from "../directoryQueries.js";
import type { FilterCapabilities } from "../odata/filter.js";
import { respondCollection } from "../respond.js";
import { PAGE_SIZE } from "../../../shared/graph/pageSizes.js";
import { P } from "./permissions.js";
import { bool, str, type Route } from "./route.js";

/** userRegistrationDetails: eq on the booleans; eq/startswith on names. */
const REGISTRATION_FILTERS: FilterCapabilities = {
  isSsprEnabled: bool(["eq"]),
  isSsprRegistered: bool(["eq"]),
  isSsprCapable: bool(["eq"]),
  isMfaCapable: bool(["eq"]),
  isMfaRegistered: bool(["eq"]),
  isPasswordlessCapable: bool(["eq"]),
  isSystemPreferredAuthenticationMethodEnabled: bool(["eq"]),
  userPrincipalName: str(["eq", "startswith"]),
  userDisplayName: str(["eq", "startswith"]),
};

export const ssprRegistrationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/reports/authenticationMethods/userRegistrationDetails",
    section: "ssprRegistration",
    permissions: P.registration,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: REGISTRATION_DETAILS,
        context: "reports/authenticationMethods/userRegistrationDetails",
        filters: REGISTRATION_FILTERS,
        select: false,
        pageSize: PAGE_SIZE.userRegistrationDetails,
        orderby: ["userPrincipalName", "userDisplayName"],
        source: (f) => registrationSource(ctx.tenant, f),
        toJson: (d) => d,
      }),
  },
];
