/**
 * Splitting the long page chain of synced users into parallel ones by the first character of
 * userPrincipalName, with a filter the users endpoint documents: `startsWith` on userPrincipalName
 * ("Supports $filter (eq, ne, not, ge, le, in, startsWith, endsWith)", api-reference/v1.0/resources/user.md).
 * (The SSPR report is not split: it is limited to five requests per 10 seconds, see
 * schedule/rateLimits.ts, so more chains would only wait on the same window.)
 *
 * The user resource allows only "A - Z, a - z, 0 - 9, ' . - _ ! # ^ ~" in a UPN (user.md), so the
 * plan deals those characters (case-folded) into groups, one chain per group. Every user still falls
 * in exactly one partition whatever its UPN holds: the last partition is the complement of the
 * others, `not(startsWith(..) or ..)` (an advanced query), so a UPN starting with anything else
 * (upper case under a case-sensitive reading, non-ASCII, a character outside the alphabet) lands
 * there and nowhere else.
 *
 * Tenant data never enters a filter: the literals are the alphabet's characters, quoted by odataString.
 */
import { odataString } from "./odata.js";

/** The characters user.md allows in a userPrincipalName, letters in lower case (directory string comparisons ignore case). */
export const UPN_ALPHABET: readonly string[] = [
  ..."abcdefghijklmnopqrstuvwxyz0123456789",
  "'",
  ".",
  "-",
  "_",
  "!",
  "#",
  "^",
  "~",
];

/** Partitions at most: enough to cut a million-user chain to tens of pages, few enough to stay within +10% requests. */
export const MAX_PARTITIONS = 16;
/** Users per partition the plan aims at (about 20 pages of 999). */
export const USERS_PER_PARTITION = 20_000;

/** How many chains a collection of about `users` items is read in: 1 (no partitioning) for small tenants. */
export function partitionCount(users: number | null, usersPerPartition: number = USERS_PER_PARTITION): number {
  if (users === null || !Number.isFinite(users) || users <= 0) return 1;
  return Math.max(1, Math.min(MAX_PARTITIONS, Math.ceil(users / usersPerPartition)));
}

/**
 * Deals the alphabet into `count` groups of about equal weight, the weight of a character being how
 * many sampled UPNs start with it (plus a little, so characters the sample missed are spread too).
 * Deterministic for a given sample; every alphabet character is in exactly one group.
 */
export function planGroups(sample: readonly (string | null | undefined)[], count: number): string[][] {
  const n = Math.max(1, Math.min(count, UPN_ALPHABET.length));
  const weight = new Map<string, number>(UPN_ALPHABET.map((c) => [c, 0.01]));
  for (const upn of sample) {
    const c = upn?.charAt(0).toLowerCase();
    if (c && weight.has(c)) weight.set(c, weight.get(c)! + 1);
  }
  const chars = [...UPN_ALPHABET].sort((a, b) => weight.get(b)! - weight.get(a)! || (a < b ? -1 : 1));
  const groups: { chars: string[]; weight: number }[] = Array.from({ length: n }, () => ({ chars: [], weight: 0 }));
  for (const c of chars) {
    let lightest = groups[0]!;
    for (const g of groups) if (g.weight < lightest.weight) lightest = g;
    lightest.chars.push(c);
    lightest.weight += weight.get(c)!;
  }
  return groups.map((g) => g.chars.sort());
}

const startsWithAny = (chars: readonly string[]): string =>
  chars.map((c) => `startsWith(userPrincipalName,${odataString(c)})`).join(" or ");

/** `(startsWith(userPrincipalName,'a') or ...)`: the users of one group. */
export function groupFilter(chars: readonly string[]): string {
  return `(${startsWithAny(chars)})`;
}

/** `not(startsWith(userPrincipalName,'a') or ...)`: every user outside these groups, whatever its UPN starts with. */
export function complementFilter(groups: readonly (readonly string[])[]): string {
  return `not(${startsWithAny(groups.flat())})`;
}

/**
 * The users partitions: each group but the last as itself, the last as the complement of the others,
 * so together they hold every user exactly once. One partition (no filter) when `groups` has one.
 */
export function userPartitionFilters(groups: readonly (readonly string[])[]): (string | undefined)[] {
  if (groups.length <= 1) return [undefined];
  const explicit = groups.slice(0, -1);
  return [...explicit.map(groupFilter), complementFilter(explicit)];
}

/** A `$filter` value in a URL: percent-encoded, since `#`, `'` and `^` may appear in the literals. */
export function encodeFilter(filter: string): string {
  return encodeURIComponent(filter).replace(/%20/g, " ");
}
