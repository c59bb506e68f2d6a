/**
 * OData system query options as Graph reads them: parsed once per request, validated per route.
 */
import { badRequest } from "../errors.js";
import { parseFilter, type FilterExpr } from "./filter.js";

export interface QueryOptions {
  select?: string[];
  filter?: FilterExpr;
  filterText?: string;
  top?: number;
  count: boolean;
  expand?: string[];
  orderby?: { path: string; desc: boolean }[];
  skiptoken?: string;
  search?: string;
}

const KNOWN = new Set([
  "$select",
  "$filter",
  "$top",
  "$count",
  "$expand",
  "$orderby",
  "$skiptoken",
  "$search",
  "$format",
]);

/** Query parameters from a raw query string; '+' stays a plus (Graph clients percent-encode spaces). */
export function parseQueryString(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
    // Graph accepts system query options with or without the $ prefix on v1.0; keep the canonical form.
    const canonical = key.startsWith("$")
      ? key.toLowerCase()
      : KNOWN.has(`$${key.toLowerCase()}`)
        ? `$${key.toLowerCase()}`
        : key;
    if (out.has(canonical))
      throw badRequest(
        `Query option '${canonical}' was specified more than once, but it must be specified at most once.`,
      );
    out.set(canonical, value);
  }
  return out;
}

export function parseQueryOptions(params: Map<string, string>): QueryOptions {
  for (const key of params.keys()) {
    if (key.startsWith("$") && !KNOWN.has(key)) throw badRequest(`Query option '${key}' is not allowed.`);
  }
  const opts: QueryOptions = { count: false };
  const select = params.get("$select");
  if (select !== undefined)
    opts.select = select
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const filter = params.get("$filter");
  if (filter !== undefined) {
    opts.filterText = filter;
    opts.filter = parseFilter(filter);
  }
  const top = params.get("$top");
  if (top !== undefined) {
    if (!/^\d+$/.test(top)) throw badRequest(`Invalid value '${top}' for $top query option found.`);
    opts.top = Number(top);
  }
  const count = params.get("$count");
  if (count !== undefined) {
    if (count !== "true" && count !== "false") throw badRequest(`'${count}' is not a valid count option.`);
    opts.count = count === "true";
  }
  const expand = params.get("$expand");
  if (expand !== undefined)
    opts.expand = expand
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const orderby = params.get("$orderby");
  if (orderby !== undefined) {
    opts.orderby = orderby.split(",").map((clause) => {
      const [path = "", dir = "asc"] = clause.trim().split(/\s+/);
      if (dir !== "asc" && dir !== "desc") throw badRequest(`Invalid $orderby direction '${dir}'.`);
      return { path, desc: dir === "desc" };
    });
  }
  const skiptoken = params.get("$skiptoken");
  if (skiptoken !== undefined) opts.skiptoken = skiptoken;
  const search = params.get("$search");
  if (search !== undefined) opts.search = search;
  return opts;
}

/** The opaque $skiptoken: where the next page starts in the (filtered, ordered) result. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString("base64url");
}

export function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw badRequest(
    "The specified page token value has expired or is invalid. Follow @odata.nextLink verbatim.",
    "Directory_ExpiredPageToken",
  );
}
