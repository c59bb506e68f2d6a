/**
 * What every section's route file shares: the route shape the server matches, the filter-capability
 * builders and the plain list source. One file per section of shared/graph/collectors/ builds its
 * routes from these; index.ts joins them into one table. Each route carries its row of
 * documented.ts: the permissions and query rules Microsoft documents for it.
 */
import { arrayView, type ItemView } from "../model.js";
import type { RequestContext, RouteResult } from "../respond.js";
import type { DocumentedRoute } from "./documented.js";

export interface Route {
  method: "GET" | "POST";
  /** Segments; `{name}` captures one segment. Matched case-insensitively. */
  pattern: string;
  section: string;
  /** Microsoft's documented permissions and query rules for this request. */
  documented: DocumentedRoute;
  handle(ctx: RequestContext): RouteResult;
}

export const bool = (ops: ("eq" | "ne" | "not" | "in")[]) => ({ type: "boolean" as const, ops });
export const str = (ops: ("eq" | "ne" | "not" | "in" | "startswith" | "ge" | "le")[]) => ({
  type: "string" as const,
  ops,
});
export const guid = (ops: ("eq" | "ne" | "in")[]) => ({ type: "guid" as const, ops });

export function generic<T>(items: readonly T[]): (f: unknown) => { view: ItemView<T>; filtered: boolean } {
  return () => ({ view: arrayView(items), filtered: false });
}

/** A collection's paging limits from its documented row. */
export function limitsOf(row: DocumentedRoute): { maxTop?: number; pageSize: number } {
  return { ...(row.maxTop !== undefined ? { maxTop: row.maxTop } : {}), pageSize: row.pageSize };
}

/** Graph's 404 text for an id that names nothing. */
export function resourceNotFoundMessage(id: string): string {
  return `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
}

/** The same handler for the `/$count` form of a route: the server's params gain `count`. */
export function asCount(handle: Route["handle"]): Route["handle"] {
  return (ctx) => handle({ ...ctx, params: { ...ctx.params, count: "" } });
}
