/**
 * A TokenCredential for the local stand-ins: it mints unsigned JWTs whose audience is the resource
 * of the requested scope, as Entra ID does for a "<resource>/.default" scope (v1 access tokens carry
 * the resource URI as `aud`). Not a secret and accepted by nothing but the stand-ins.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";

export function fakeEntraCredential(now: () => number = Date.now): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[]): Promise<AccessToken> {
      const first = Array.isArray(scope) ? scope[0]! : scope;
      scopes.push(first);
      const aud = first.replace(/\/\.default$/, "");
      const expiresOnTimestamp = now() + 3_600_000;
      const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      return {
        token: `${part({ alg: "none", typ: "JWT" })}.${part({ aud, exp: Math.floor(expiresOnTimestamp / 1000) })}.`,
        expiresOnTimestamp,
      };
    },
  };
}
