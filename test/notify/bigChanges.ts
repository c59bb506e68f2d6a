/**
 * The largest changes a tenant can hand an alert, as plain diffs: many admins with long names
 * that do not compress, and one group handing a role to tens of thousands of members.
 */
import { createHash } from "node:crypto";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { exposure, next, resetPath } from "../diff/fixtures.js";

/** Characters that do not compress: a hostile tenant's names need not be repetitive. */
export function noise(seed: string, length: number): string {
  const bytes = Math.ceil((length * 3) / 4);
  return createHash("shake256", { outputLength: bytes }).update(seed).digest("base64url").slice(0, length);
}

/** `count` new reset paths, one per admin, with names of `nameLength` characters. */
export function bigIncrease(count: number, nameLength: number) {
  const prev = exposure();
  const name = (i: number) => `Admin${i}-${noise(String(i), nameLength)}`.slice(0, nameLength);
  const cur = next(prev, {
    findings: Array.from({ length: count }, (_, i) =>
      resetPath({ principalId: `u-${i}`, name: name(i), upn: `${name(i)}@contoso.com`, reach: 20_000 }),
    ),
  });
  return { diff: diffExposures(prev, cur), exposure: cur };
}

/** One change that moved `members` findings: a group handed a role to all its members. */
export function groupOf(members: number) {
  const prev = exposure();
  const group = { id: "g-all", name: "All staff" };
  const cur = next(prev, {
    findings: Array.from({ length: members }, (_, i) =>
      resetPath({ principalId: `m-${i}`, name: `Member ${i}`, viaGroup: group, reach: members }),
    ),
  });
  return { diff: diffExposures(prev, cur), exposure: cur };
}
