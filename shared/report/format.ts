/** Numbers and instants as the HTML report writes them: the same on every server, whatever its locale or time zone. */

/** "12,345", or "unknown" for a figure a missing section left unknown. */
export function count(n: number | null): string {
  return n === null ? "unknown" : n.toLocaleString("en-US");
}

/** "2026-11-23 22:30 UTC". */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2026-11-23". */
export function formatUtcDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}
