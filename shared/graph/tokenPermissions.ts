/**
 * The application permissions an access token carries. Microsoft identity platform access tokens
 * for Microsoft Graph are JWTs whose `roles` claim lists the application permissions granted to an
 * app-only caller; "a token that grants nothing" has no roles claim
 * (learn.microsoft.com/entra/identity-platform/access-token-claims-reference). The payload is read,
 * not verified: the token was issued to this process and only explains a 403, it authorises nothing.
 */

/**
 * The `roles` of an app-only token; an empty set for a JWT without roles and without `scp` (an app
 * token that grants nothing); undefined when the token cannot tell (not a JWT, or a delegated token,
 * whose access also depends on the signed-in user's roles).
 */
export function permissionsInToken(token: string | undefined): ReadonlySet<string> | undefined {
  const parts = token?.split(".");
  if (!parts || parts.length !== 3) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof claims !== "object" || claims === null) return undefined;
  const { roles, scp } = claims as { roles?: unknown; scp?: unknown };
  if (Array.isArray(roles)) return new Set(roles.filter((r): r is string => typeof r === "string"));
  return scp === undefined ? new Set() : undefined;
}
