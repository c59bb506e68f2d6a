/**
 * The application permissions an access token carries. An app-only token for Microsoft Graph lists
 * them in its `roles` claim, and "a token that grants nothing" has no roles claim
 * (learn.microsoft.com/entra/identity-platform/access-token-claims-reference). They only explain a
 * 403; they authorise nothing.
 */
import { claimsOf } from "./tokenClaims.js";

/**
 * The `roles` of an app-only token; an empty set for a JWT without roles and without `scp` (an app
 * token that grants nothing); undefined when the token cannot tell (not a JWT, or a delegated token,
 * whose access also depends on the signed-in user's roles).
 */
export function permissionsInToken(token: string | undefined): ReadonlySet<string> | undefined {
  const claims = claimsOf(token);
  if (!claims) return undefined;
  if (Array.isArray(claims.roles)) return new Set(claims.roles.filter((r): r is string => typeof r === "string"));
  return claims.scp === undefined ? new Set() : undefined;
}
