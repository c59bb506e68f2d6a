/**
 * directoryObject collections (members, transitiveMembers, owners, memberOf), optionally cast to
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
import { PAGE_SIZE } from "../../../shared/graph/pageSizes.js";
import { bool, DEFAULT_PAGE, guid, resourceNotFoundMessage, str } from "./route.js";

const MEMBER_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  onPremisesSyncEnabled: bool(["eq", "ne", "not", "in"]),
  accountEnabled: bool(["eq", "ne", "not", "in"]),
  userType: str(["eq", "ne", "not", "in"]),
  displayName: str(["eq", "ne", "not", "in", "startswith"]),
};

export function principalOf(tenant: TenantModel, id: string): Record<string, unknown> | null {
  const obj = directoryObject(tenant, id);
  // Expanded principals carry @odata.type and the full property set.
  return obj ? { "@odata.type": `#${obj.schema.type}`, ...obj.json } : null;
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

/** A directoryObject collection (members, transitiveMembers, memberOf), optionally cast. */
export function directoryObjectsSpec(
  ctx: RequestContext,
  ids: string[],
  cast: Cast | undefined,
  context: string,
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
    maxTop: PAGE_SIZE.transitiveMembers,
    pageSize: DEFAULT_PAGE,
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

/** The members (or transitive members) of a group or an administrative unit, as a page or a count. */
export function membersRoute(kind: "groups" | "aus", transitive: boolean) {
  return (ctx: RequestContext): RouteResult => {
    const { id = "", cast, count } = ctx.params;
    const t = ctx.tenant;
    let ids: string[];
    if (kind === "groups") {
      const g = t.groups.get(id.toLowerCase());
      if (!g) throw notFound(resourceNotFoundMessage(id));
      ids = transitive ? transitiveMemberIds(t, g.id) : g.members;
    } else {
      const au = t.administrativeUnits.get(id.toLowerCase());
      if (!au) throw notFound(resourceNotFoundMessage(id));
      ids = au.members;
    }
    const spec = directoryObjectsSpec(ctx, ids, castOf(cast), "directoryObjects");
    return count !== undefined ? respondCount(ctx, spec) : respondCollection(ctx, spec);
  };
}
