/**
 * The tenant an access token was issued for: the `tid` claim of a Microsoft identity platform token
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Read, not
 * verified: it is our own token, used only to name the tenant when /organization is unreadable.
 */
import { isGuid } from "../guid.js";
import { claimsOf } from "./tokenClaims.js";

export function tenantIdOfToken(token: string): string | undefined {
  const tid = claimsOf(token)?.tid;
  return isGuid(tid) ? (tid as string).toLowerCase() : undefined;
}
