/**
 * Who App Service Authentication ("Easy Auth") signed in, from the X-MS-CLIENT-PRINCIPAL header it
 * injects: base64 of `{ auth_typ, claims: [{ typ, val }], name_typ, role_typ }`, as documented in
 * "Work with user identities in Azure App Service authentication"
 * (learn.microsoft.com/azure/app-service/configure-authentication-user-identities).
 *
 * That page also says external requests cannot set these headers, so they are present only when App
 * Service set them. That holds only while App Service Authentication runs in front of the app, which
 * the platform signals with WEBSITE_AUTH_ENABLED=True; without it (Core Tools, a misconfigured app)
 * the header is whatever the caller sent, and it is ignored.
 */
import { z } from "zod";

export const CLIENT_PRINCIPAL_HEADER = "x-ms-client-principal";

/** Claim types a role can arrive under: the principal's own role_typ, Entra's short name, or the WS-Fed URI. */
const ROLE_CLAIM_TYPES = ["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
const OBJECT_ID_CLAIM_TYPES = ["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"];
const NAME_CLAIM_TYPES = ["preferred_username", "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];

/** Decoded headers larger than this are refused rather than parsed (a token's claims fit easily). */
const MAX_HEADER_CHARS = 32_768;

const principalSchema = z.object({
  auth_typ: z.string(),
  claims: z.array(z.object({ typ: z.string(), val: z.unknown() })),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
});

export interface ClientPrincipal {
  /** Identity provider, e.g. "aad". */
  authType: string;
  /** Object id of the user or service principal, when the token carried one. */
  objectId?: string;
  /** A readable name (UPN, app name) for logs; never used for decisions. */
  name?: string;
  roles: string[];
}

/** True when the platform says App Service Authentication is on for this app. */
export function easyAuthEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WEBSITE_AUTH_ENABLED?.trim().toLowerCase() === "true";
}

/** The decoded principal, or undefined when the header is absent or not a well-formed principal. */
export function parseClientPrincipal(header: string | null | undefined): ClientPrincipal | undefined {
  if (!header || header.length > MAX_HEADER_CHARS) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = principalSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const values = (types: string[]) =>
    p.claims.filter((c) => types.includes(c.typ) && typeof c.val === "string").map((c) => c.val as string);
  const roleTypes = p.role_typ ? [p.role_typ, ...ROLE_CLAIM_TYPES] : ROLE_CLAIM_TYPES;
  const nameTypes = p.name_typ ? [p.name_typ, ...NAME_CLAIM_TYPES] : NAME_CLAIM_TYPES;
  const objectId = values(OBJECT_ID_CLAIM_TYPES)[0];
  const name = values(nameTypes)[0];
  return {
    authType: p.auth_typ,
    ...(objectId ? { objectId } : {}),
    ...(name ? { name } : {}),
    roles: [...new Set(values(roleTypes))],
  };
}
