/** The tenant's authorization policy (authorizationPolicy collector): a single entity. */
import { AUTHORIZATION_POLICY } from "../entities.js";
import { respondEntity } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import type { Route } from "./route.js";

export const authorizationPolicyRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/policies/authorizationPolicy",
    section: "authorizationPolicy",
    documented: DOCUMENTED.authorizationPolicy,
    handle: (ctx) =>
      respondEntity(
        ctx,
        AUTHORIZATION_POLICY,
        { ...ctx.tenant.authorizationPolicy },
        "policies/authorizationPolicy/$entity",
      ),
  },
];
