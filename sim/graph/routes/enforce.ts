/**
 * The server-side checks of a route's documented row, before its handler runs: the caller's
 * permissions (one documented entry fully held), app-only tokens on routes whose Application row
 * says "Not supported", system query options the page does not name, and the advanced-query rule
 * (ConsistencyLevel: eventual plus $count=true) for OData casts or for every query option.
 */
import { forbidden, queryOptionNotAllowed, unsupportedQuery } from "../errors.js";
import type { TokenGrant } from "../accessToken.js";
import { permitted, type DocumentedRoute, type QueryOption } from "./documented.js";

export interface CallerOf {
  /** What the bearer token carries, when it is a JWT. */
  token: TokenGrant | undefined;
  /** The simulator's grant for tokens without claims. */
  fallback: ReadonlySet<string>;
}

/** The permissions a request runs with. */
export function grantedFor(caller: CallerOf): ReadonlySet<string> {
  return caller.token?.granted ?? caller.fallback;
}

export function enforceDocumented(
  row: DocumentedRoute,
  caller: CallerOf,
  request: { pattern: string; rawQuery: Map<string, string>; headers: Record<string, string>; cast: boolean },
): void {
  if (row.appOnlyNotSupported && caller.token?.appOnly) throw forbidden();
  if (!permitted(row, grantedFor(caller))) throw forbidden();

  const options = [...request.rawQuery.keys()].filter((k) => k.startsWith("$") && k !== "$skiptoken");
  for (const option of options) {
    if (!row.query.includes(option as QueryOption)) throw queryOptionNotAllowed(option);
  }

  const advanced =
    (row.advancedQuery === "cast" && request.cast) || (row.advancedQuery === "any-query" && options.length > 0);
  if (!advanced) return;
  const eventual = (request.headers["consistencylevel"] ?? "").toLowerCase() === "eventual";
  const countSegment = request.pattern.endsWith("/$count");
  if (!eventual || (!countSegment && request.rawQuery.get("$count") !== "true")) {
    throw unsupportedQuery(
      "This query is supported only as an advanced query: send the ConsistencyLevel: eventual header and $count=true.",
    );
  }
}
