/**
 * How long a service asked us to wait, from the headers Azure services and plain HTTP use:
 * `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds, Azure SDK guidelines) or `Retry-After`,
 * either delta-seconds or an HTTP-date (RFC 9110 section 10.2.3). Shared by every channel's sender.
 */

/** Milliseconds to wait, or undefined when no header says. `get` reads one header by lower-case name. */
export function retryAfterFromHeaders(
  get: (name: string) => string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const raw = get(name);
    if (raw === null || raw === undefined || raw.trim() === "") continue;
    const v = Number(raw);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const ra = get("retry-after");
  if (ra === null || ra === undefined || ra.trim() === "") return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
