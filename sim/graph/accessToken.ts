/**
 * What the simulator reads from a bearer token. Microsoft identity platform access tokens are JWTs;
 * an app-only token carries its application permissions in the `roles` claim and, when the optional
 * `idtyp` claim is issued, `idtyp: "app"` (learn.microsoft.com/entra/identity-platform/
 * access-token-claims-reference). A delegated token carries `scp` instead. Tests mint unsigned tokens
 * of that shape; signatures are not checked. A token that is not a JWT (e.g. "fake-token"), or one
 * with neither `roles` nor `scp`, says nothing about permissions: the server then uses the ones set
 * through /_sim/permissions.
 */
export interface TokenGrant {
  /** Permissions the token carries (roles, or the space-separated scp). */
  granted: ReadonlySet<string>;
  /** idtyp is "app", or the token carries roles and no scp. */
  appOnly: boolean;
  /** The calling application (`appid`, or `azp` in v2.0 tokens), when the token names it. */
  app?: string;
}

export function grantOf(authorization: string): TokenGrant | undefined {
  const token = /^Bearer\s+(\S+)/i.exec(authorization)?.[1];
  const payload = token?.split(".")[1];
  if (!payload || token!.split(".").length !== 3) return undefined;
  let claims: { roles?: unknown; scp?: unknown; idtyp?: unknown; appid?: unknown; azp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return undefined;
  }
  if (typeof claims !== "object" || claims === null) return undefined;
  if (claims.roles === undefined && claims.scp === undefined) return undefined;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  const scopes = typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
  const appOnly = claims.idtyp === "app" || (claims.idtyp === undefined && claims.scp === undefined);
  const app = typeof claims.appid === "string" ? claims.appid : typeof claims.azp === "string" ? claims.azp : undefined;
  return { granted: new Set([...roles, ...scopes]), appOnly, ...(app ? { app } : {}) };
}

/** An unsigned JWT-shaped token, for tests and the demo: `alg: none`, the given claims. */
export function mintToken(claims: { roles?: readonly string[]; scp?: string; idtyp?: "app" | "user" }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ typ: "JWT", alg: "none" })}.${part({ aud: "https://graph.microsoft.com", ...claims })}.`;
}
