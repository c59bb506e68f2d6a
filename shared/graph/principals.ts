import type { Principal, PrincipalType } from "../snapshot/types.js";

/** A directory object as Graph returns it (from $expand=principal or a members list). */
export interface GraphDirectoryObject {
  "@odata.type"?: string;
  id?: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  isAssignableToRole?: boolean | null;
  appId?: string | null;
  accountEnabled?: boolean | null;
}

export function principalTypeOf(odataType: string | undefined): PrincipalType {
  switch (odataType) {
    case "#microsoft.graph.user":
      return "user";
    case "#microsoft.graph.group":
      return "group";
    case "#microsoft.graph.servicePrincipal":
      return "servicePrincipal";
    default:
      return "unknown";
  }
}

/**
 * The plain Principal of a directory object. Strings are copied as they are (untrusted; escaped
 * where rendered). Properties Graph did not return stay absent, so callers can tell "not asked"
 * from null.
 */
export function toPrincipal(object: GraphDirectoryObject, fallbackId = ""): Principal {
  const type = principalTypeOf(object["@odata.type"]);
  const principal: Principal = { id: object.id ?? fallbackId, type, displayName: object.displayName ?? null };
  if (type === "user") {
    if (object.userPrincipalName !== undefined) principal.userPrincipalName = object.userPrincipalName;
    if (object.onPremisesSyncEnabled !== undefined) principal.onPremisesSyncEnabled = object.onPremisesSyncEnabled;
  }
  if (type === "group" && object.isAssignableToRole !== undefined)
    principal.isAssignableToRole = object.isAssignableToRole;
  if (type === "servicePrincipal" && object.appId !== undefined) principal.appId = object.appId;
  if (object.accountEnabled !== undefined) principal.accountEnabled = object.accountEnabled;
  return principal;
}
