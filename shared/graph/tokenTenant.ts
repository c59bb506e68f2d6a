/**
 * The tenant an access token was issued for: the `tid` claim of a Microsoft identity platform token
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Read, not
 * verified: it is our own token, used only to name the tenant when /organization is unreadable.
 */
import { isGuid } from "../guid.js";

export function tenantIdOfToken(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: unknown };
    return isGuid(claims.tid) ? (claims.tid as string).toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
