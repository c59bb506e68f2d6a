/**
 * Turning a route's data into Graph responses: collections with paging, $select, $count and
 * $filter validation; single entities; /$count text. Every route goes through these, so the OData
 * rules live in one place.
 */
import { badRequest, queryOptionNotAllowed, SimGraphError, unsupportedQuery } from "./errors.js";
import type { EntitySchema } from "./entities.js";
import { checkFilter, evaluate, type FilterCapabilities, type FilterExpr } from "./odata/filter.js";
import { decodeSkipToken, encodeSkipToken, parseQueryOptions, type QueryOptions } from "./odata/query.js";
import { arrayView, type ItemView, type TenantModel } from "./model.js";

export interface RequestContext {
  version: "v1.0" | "beta";
  method: string;
  /** Path after the version prefix, as sent (percent-decoded). */
  path: string;
  params: Record<string, string>;
  rawQuery: Map<string, string>;
  options: QueryOptions;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** http://127.0.0.1:PORT — nextLinks are absolute, like Graph's. */
  origin: string;
  tenant: TenantModel;
  /** The permissions the caller holds (token claims, or the simulator's grant for claimless tokens). */
  granted: ReadonlySet<string>;
  /** Set by a truncate fault: serve at most this many items on this page. */
  truncateTo?: number | "half";
}

export interface RouteResult {
  status: number;
  headers?: Record<string, string>;
  /** JSON body, or a string for text/plain. */
  body?: unknown;
}

export function contextFor(raw: Map<string, string>): QueryOptions {
  return parseQueryOptions(raw);
}

export function eventual(ctx: RequestContext): boolean {
  return (ctx.headers["consistencylevel"] ?? "").toLowerCase() === "eventual";
}

function metadataUrl(ctx: RequestContext, fragment: string): string {
  return `${ctx.origin}/${ctx.version}/$metadata#${fragment}`;
}

/** $select: canonical names (Graph matches case-insensitively), 400 on an unknown property. */
export function resolveSelect(schema: EntitySchema, select: string[] | undefined): string[] | undefined {
  if (!select) return undefined;
  return select.map((name) => {
    const canonical = schema.properties.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!canonical) throw badRequest(`Could not find a property named '${name}' on type '${schema.type}'.`);
    return canonical;
  });
}

export function project(
  schema: EntitySchema,
  json: Record<string, unknown>,
  select: string[] | undefined,
  withType: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (withType) out["@odata.type"] = `#${schema.type}`;
  const props = select ? ["id", ...select] : (schema.defaults ?? schema.properties);
  for (const p of props) {
    if (p in out) continue;
    if (p in json) out[p] = json[p];
    else if (p === "id") continue;
    else out[p] = null;
  }
  return out;
}

export interface CollectionSpec<T> {
  /** Schema of the items; for polymorphic collections the per-item schema comes from `itemSchema`. */
  schema: EntitySchema;
  itemSchema?: (item: T) => EntitySchema;
  /** Items carry @odata.type (directoryObject collections, casts, expanded principals). */
  typed?: boolean;
  /** `$metadata#...` fragment. */
  context: string;
  filters?: FilterCapabilities;
  /** $top maximum; undefined = $top not supported on this route. */
  maxTop?: number;
  /** Page size without $top (or the fixed server page size when $top is unsupported). */
  pageSize: number;
  /** $select supported (userRegistrationDetails: no). */
  select?: boolean;
  /** Directory objects: $count needs ConsistencyLevel, ne/not need advanced query. */
  directory?: boolean;
  /** A relationship (members, transitiveMembers): $filter needs ConsistencyLevel. */
  relationship?: boolean;
  orderby?: string[];
  /** Items for the filter; may answer common filters without scanning. Generic filtering follows when it returns filtered=false. */
  source: (filter: FilterExpr | undefined) => { view: ItemView<T>; filtered: boolean };
  toJson: (item: T) => Record<string, unknown>;
  /** $expand=principal support. */
  expandPrincipal?: (item: T) => Record<string, unknown> | null;
  /** Default order for generic sources (e.g. audits newest first). */
  sort?: (a: T, b: T) => number;
}

function validateCommon<T>(ctx: RequestContext, spec: CollectionSpec<T>): void {
  const o = ctx.options;
  if (o.select && spec.select === false) throw queryOptionNotAllowed("$select");
  if (o.top !== undefined) {
    if (spec.maxTop === undefined) throw queryOptionNotAllowed("$top");
    if (o.top < 1 || o.top > spec.maxTop) {
      throw badRequest(`Invalid page size specified: '${o.top}'. Must be between 1 and ${spec.maxTop} inclusive.`);
    }
  }
  if (o.search !== undefined) throw unsupportedQuery("$search is not supported on this resource.");
  if (o.expand) {
    for (const e of o.expand) {
      if (e.toLowerCase() !== "principal" || !spec.expandPrincipal) {
        throw badRequest(`Could not find a property named '${e}' on type '${spec.schema.type}'.`);
      }
    }
  }
  if (o.filter) {
    const use = checkFilter(o.filter, spec.filters ?? {});
    if (use.negation && spec.directory && !(eventual(ctx) && o.count)) throw unsupportedQuery();
    if (spec.relationship && !eventual(ctx)) throw unsupportedQuery();
  }
  if (o.orderby) {
    for (const ob of o.orderby)
      if (!spec.orderby?.includes(ob.path)) throw unsupportedQuery(`Sorting by '${ob.path}' is not supported.`);
    if (spec.directory && o.filter && !(eventual(ctx) && o.count)) throw unsupportedQuery();
  }
  if (o.count && spec.directory && !eventual(ctx)) throw badRequest("$count is not currently supported.");
}

function materialise<T>(ctx: RequestContext, spec: CollectionSpec<T>): ItemView<T> {
  const { view, filtered } = spec.source(ctx.options.filter);
  const filter = ctx.options.filter;
  const needsFilter = filter && !filtered;
  const order = ctx.options.orderby;
  if (!needsFilter && !order && !spec.sort) return view;
  let items = view.slice(0, view.count);
  if (needsFilter) items = items.filter((it) => evaluate(filter, spec.toJson(it)));
  if (spec.sort) items.sort(spec.sort);
  if (order) {
    items.sort((a, b) => {
      for (const ob of order) {
        const av = spec.toJson(a)[ob.path];
        const bv = spec.toJson(b)[ob.path];
        const c = String(av ?? "").localeCompare(String(bv ?? ""));
        if (c !== 0) return ob.desc ? -c : c;
      }
      return 0;
    });
  }
  return arrayView(items);
}

export function respondCollection<T>(ctx: RequestContext, spec: CollectionSpec<T>): RouteResult {
  validateCommon(ctx, spec);
  const select = resolveSelect(spec.schema, ctx.options.select);
  const view = materialise(ctx, spec);
  const offset = ctx.options.skiptoken ? decodeSkipToken(ctx.options.skiptoken) : 0;
  let size = ctx.options.top ?? spec.pageSize;
  if (ctx.truncateTo !== undefined) {
    size = ctx.truncateTo === "half" ? Math.max(1, Math.floor(size / 2)) : Math.max(1, Math.min(size, ctx.truncateTo));
  }
  const end = Math.min(view.count, offset + size);
  const page = view.slice(offset, end);
  const expand = !!ctx.options.expand?.length;
  const value = page.map((item) => {
    const schema = spec.itemSchema?.(item) ?? spec.schema;
    const out = project(schema, spec.toJson(item), select, !!spec.typed);
    if (expand && spec.expandPrincipal) out.principal = spec.expandPrincipal(item);
    return out;
  });
  const body: Record<string, unknown> = {
    "@odata.context": metadataUrl(ctx, spec.context + (expand ? "(principal())" : "")),
  };
  if (ctx.options.count) body["@odata.count"] = view.count;
  if (end < view.count) body["@odata.nextLink"] = nextLink(ctx, end);
  body.value = value;
  return { status: 200, body };
}

export function nextLink(ctx: RequestContext, offset: number): string {
  const parts: string[] = [];
  for (const [k, v] of ctx.rawQuery) {
    if (k === "$skiptoken") continue;
    parts.push(
      `${encodeURIComponent(k).replace(/%24/g, "$")}=${encodeURIComponent(v).replace(/%2C/gi, ",").replace(/%27/g, "'")}`,
    );
  }
  parts.push(`$skiptoken=${encodeSkipToken(offset)}`);
  const path = ctx.path
    .split("/")
    .map((s) =>
      encodeURIComponent(s)
        .replace(/%24/g, "$")
        .replace(/%3D/gi, "=")
        .replace(/%27/g, "'")
        .replace(/%28/g, "(")
        .replace(/%29/g, ")"),
    )
    .join("/");
  return `${ctx.origin}/${ctx.version}${path}?${parts.join("&")}`;
}

/** `/$count`: text/plain integer; directory objects need ConsistencyLevel: eventual. */
export function respondCount<T>(ctx: RequestContext, spec: CollectionSpec<T>): RouteResult {
  if (spec.directory && !eventual(ctx)) throw badRequest("$count is not currently supported.");
  if (ctx.options.select || ctx.options.top !== undefined || ctx.options.expand) throw unsupportedQuery();
  validateCommon(ctx, { ...spec, relationship: false });
  const view = materialise(ctx, spec);
  return { status: 200, headers: { "content-type": "text/plain" }, body: String(view.count) };
}

export function respondEntity(
  ctx: RequestContext,
  schema: EntitySchema,
  json: Record<string, unknown> | undefined,
  context: string,
  typed = false,
): RouteResult {
  if (!json)
    throw new SimGraphError(
      404,
      "Request_ResourceNotFound",
      `Resource '${ctx.path.split("/").pop()}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (ctx.options.filter || ctx.options.top !== undefined || ctx.options.skiptoken) throw unsupportedQuery();
  const select = resolveSelect(schema, ctx.options.select);
  const body = { "@odata.context": metadataUrl(ctx, context), ...project(schema, json, select, typed) };
  return { status: 200, body };
}
