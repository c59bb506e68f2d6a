/**
 * directoryObject collections (members, transitiveMembers, owners), optionally cast to
 * one type, and the expanded principal of role and eligibility records. Groups and
 * administrative units page their members the same way, so both section files build on this.
 */
import {
  ADMINISTRATIVE_UNIT,
  directoryObject,
  GROUP,
  SERVICE_PRINCIPAL,
  USER,
  type DirectoryObject,
  type EntitySchema,
} from "../entities.js";
import { badRequest, notFound } from "../errors.js";
import { transitiveMemberIds } from "../directoryQueries.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { ItemView, TenantModel } from "../model.js";
import {
  respondCollection,
  respondCount,
  type CollectionSpec,
  type RequestContext,
  type RouteResult,
} from "../respond.js";
import type { DocumentedRoute } from "./documented.js";
import { bool, guid, limitsOf, resourceNotFoundMessage, str } from "./route.js";

const MEMBER_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  onPremisesSyncEnabled: bool(["eq", "ne", "not", "in"]),
  accountEnabled: bool(["eq", "ne", "not", "in"]),
  userType: str(["eq", "ne", "not", "in"]),
  displayName: str(["eq", "ne", "not", "in", "startswith"]),
};

/**
 * The properties an expanded principal carries. rbacapplication-list-roleassignments shows a user
 * principal with only accountEnabled, displayName, imAddresses, mail, mailNickname and userType (no
 * userPrincipalName, no onPremisesSyncEnabled), and another with @odata.type and id alone; no other
 * type is shown, so other types get id alone (the stricter reading).
 */
const EXPANDED_DEFAULTS: Record<string, readonly string[]> = {
  "microsoft.graph.user": ["id", "accountEnabled", "displayName", "mail", "userType"],
};

export function principalOf(tenant: TenantModel, id: string): Record<string, unknown> | null {
  const obj = directoryObject(tenant, id);
  if (!obj) return null;
  const out: Record<string, unknown> = { "@odata.type": `#${obj.schema.type}` };
  for (const p of EXPANDED_DEFAULTS[obj.schema.type] ?? ["id"]) out[p] = obj.json[p] ?? null;
  return out;
}

type Cast =
  | "microsoft.graph.user"
  | "microsoft.graph.group"
  | "microsoft.graph.servicePrincipal"
  | "microsoft.graph.administrativeUnit";
const CAST_SCHEMAS: Record<Cast, EntitySchema> = {
  "microsoft.graph.user": USER,
  "microsoft.graph.group": GROUP,
  "microsoft.graph.servicePrincipal": SERVICE_PRINCIPAL,
  "microsoft.graph.administrativeUnit": ADMINISTRATIVE_UNIT,
};

export function castOf(segment: string | undefined): Cast | undefined {
  if (segment === undefined) return undefined;
  const cast = Object.keys(CAST_SCHEMAS).find((c) => c.toLowerCase() === segment.toLowerCase()) as Cast | undefined;
  if (!cast) throw badRequest(`Resource not found for the segment '${segment}'.`);
  return cast;
}

/** A directoryObject collection (members, transitiveMembers, owners), optionally cast. */
export function directoryObjectsSpec(
  ctx: RequestContext,
  ids: string[],
  cast: Cast | undefined,
  context: string,
  row: DocumentedRoute,
): CollectionSpec<DirectoryObject> {
  // Cast by type without building objects, then build only the page asked for: a 20,000-member group pages cheaply.
  const typed = cast
    ? ids.filter((id) => typeOf(ctx.tenant, id) === cast)
    : ids.filter((id) => typeOf(ctx.tenant, id) !== undefined);
  const objects: ItemView<DirectoryObject> = {
    count: typed.length,
    slice: (s, e) => typed.slice(s, e).map((id) => directoryObject(ctx.tenant, id)!),
  };
  return {
    schema: cast ? CAST_SCHEMAS[cast] : { type: "microsoft.graph.directoryObject", properties: unionProps() },
    itemSchema: (o) => o.schema,
    typed: true,
    context: cast ? `${context}/${cast}` : context,
    filters: MEMBER_FILTERS,
    ...limitsOf(row),
    directory: true,
    relationship: true,
    source: () => ({ view: objects, filtered: false }),
    toJson: (o) => o.json,
  };
}

function typeOf(tenant: TenantModel, id: string): Cast | undefined {
  if (tenant.users.has(id)) return "microsoft.graph.user";
  if (tenant.groups.has(id)) return "microsoft.graph.group";
  if (tenant.servicePrincipals.has(id)) return "microsoft.graph.servicePrincipal";
  if (tenant.administrativeUnits.has(id)) return "microsoft.graph.administrativeUnit";
  return undefined;
}

let UNION: string[] | undefined;
function unionProps(): string[] {
  UNION ??= [...new Set([USER, GROUP, SERVICE_PRINCIPAL, ADMINISTRATIVE_UNIT].flatMap((s) => s.properties))];
  return UNION;
}

/**
 * The transitive members of a group or the members of an administrative unit, as a page or a count.
 * Members of a HiddenMembership unit are hidden from a caller without the row's hidden-membership
 * permission.
 */
export function membersRoute(kind: "groups" | "aus", row: DocumentedRoute) {
  return (ctx: RequestContext): RouteResult => {
    const { id = "", cast, count } = ctx.params;
    const t = ctx.tenant;
    let ids: string[];
    if (kind === "groups") {
      const g = t.groups.get(id.toLowerCase());
      if (!g) throw notFound(resourceNotFoundMessage(id));
      ids = transitiveMemberIds(t, g.id);
    } else {
      const au = t.administrativeUnits.get(id.toLowerCase());
      if (!au) throw notFound(resourceNotFoundMessage(id));
      const hidden =
        au.visibility === "HiddenMembership" && !!row.hiddenMembership && !ctx.granted.has(row.hiddenMembership);
      ids = hidden ? [] : au.members;
    }
    const spec = directoryObjectsSpec(ctx, ids, castOf(cast), "directoryObjects", row);
    return count !== undefined ? respondCount(ctx, spec) : respondCollection(ctx, spec);
  };
}
