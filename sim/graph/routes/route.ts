/**
 * What every section's route file shares: the route shape the server matches, the default page
 * size, the filter-capability builders and the plain list source. One file per section of
 * shared/graph/collectors/ builds its routes from these; index.ts joins them into one table.
 */
import { arrayView, type ItemView } from "../model.js";
import type { RequestContext, RouteResult } from "../respond.js";

export interface Route {
  method: "GET" | "POST";
  /** Segments; `{name}` captures one segment. Matched case-insensitively. */
  pattern: string;
  section: string;
  /** Any one of these grants access. */
  permissions: readonly string[];
  handle(ctx: RequestContext): RouteResult;
}

export const DEFAULT_PAGE = 100;

export const bool = (ops: ("eq" | "ne" | "not" | "in")[]) => ({ type: "boolean" as const, ops });
export const str = (ops: ("eq" | "ne" | "not" | "in" | "startswith" | "ge" | "le")[]) => ({
  type: "string" as const,
  ops,
});
export const guid = (ops: ("eq" | "ne" | "in")[]) => ({ type: "guid" as const, ops });

export function generic<T>(items: readonly T[]): (f: unknown) => { view: ItemView<T>; filtered: boolean } {
  return () => ({ view: arrayView(items), filtered: false });
}

/** Graph's 404 text for an id that names nothing. */
export function resourceNotFoundMessage(id: string): string {
  return `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
}

/** The same handler for the `/$count` form of a route: the server's params gain `count`. */
export function asCount(handle: Route["handle"]): Route["handle"] {
  return (ctx) => handle({ ...ctx, params: { ...ctx.params, count: "" } });
}
