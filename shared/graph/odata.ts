/**
 * Building Graph URLs safely. Tenant data never goes into a $filter: literals are our own constants,
 * quoted with single quotes doubled; ids in paths are percent-encoded path segments.
 */

/** An OData string literal: 'it''s'. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A DateTimeOffset literal from an instant we parsed ourselves (never a raw string from outside). */
export function odataDateTime(instant: string | Date): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  return date.toISOString();
}

/** A directory object id as one path segment. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/** `path?k=v&...` with values percent-encoded (commas kept for readability); keys are our literals. */
export function withQuery(path: string, params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value)).replace(/%2C/g, ",")}`);
  return parts.length > 0 ? `${path}?${parts.join("&")}` : path;
}

/** Header for advanced queries ($count, $filter on some properties, OData casts). */
export const EVENTUAL: Readonly<Record<string, string>> = { ConsistencyLevel: "eventual" };
