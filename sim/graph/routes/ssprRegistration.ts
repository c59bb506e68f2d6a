/** Per-user authentication-method registration details (ssprRegistration collector). */
import { REGISTRATION_DETAILS } from "../entities.js";
import { registrationSource } from "../directoryQueries.js";
import type { FilterCapabilities } from "../odata/filter.js";
import { respondCollection } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import { bool, limitsOf, str, type Route } from "./route.js";

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
    documented: DOCUMENTED.userRegistrationDetails,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: REGISTRATION_DETAILS,
        context: "reports/authenticationMethods/userRegistrationDetails",
        filters: REGISTRATION_FILTERS,
        select: false,
        ...limitsOf(DOCUMENTED.userRegistrationDetails),
        orderby: ["userPrincipalName", "userDisplayName"],
        source: (f) => registrationSource(ctx.tenant, f),
        toJson: (d) => d,
      }),
  },
];
