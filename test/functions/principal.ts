/**
 * X-MS-CLIENT-PRINCIPAL values as App Service Authentication writes them (base64 of
 * { auth_typ, claims: [{ typ, val }], name_typ, role_typ }), for the sign-in tests.
 */
export const ROLE_CLAIM_URI = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

export interface PrincipalOptions {
  roles?: string[];
  objectId?: string;
  name?: string;
  /** Claim type the roles are written under; Entra's short name by default. */
  roleClaimType?: string;
}

export function principalHeader(options: PrincipalOptions = {}): string {
  const claims = [
    {
      typ: "http://schemas.microsoft.com/identity/claims/objectidentifier",
      val: options.objectId ?? "5c0b6a8e-0000-4000-8000-00000000a11c",
    },
    { typ: "preferred_username", val: options.name ?? "alice@contoso.example" },
    { typ: "aud", val: "00000000-0000-0000-0000-00000000a99a" },
    ...(options.roles ?? []).map((val) => ({ typ: options.roleClaimType ?? "roles", val })),
  ];
  const principal = {
    auth_typ: "aad",
    claims,
    name_typ: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    role_typ: ROLE_CLAIM_URI,
  };
  return Buffer.from(JSON.stringify(principal), "utf8").toString("base64");
}
