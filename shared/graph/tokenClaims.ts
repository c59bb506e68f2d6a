/**
 * The claims of a Microsoft identity platform access token: a JWT whose middle part is base64url
 * JSON (learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Read, not
 * verified: these are our own tokens, used to describe themselves (tenant, granted permissions),
 * never to authorise anything.
 */
export function claimsOf(token: string | undefined): Record<string, unknown> | undefined {
  const parts = token?.split(".");
  if (!parts || parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
