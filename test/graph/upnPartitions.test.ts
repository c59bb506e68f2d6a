/**
 * The UPN partition plan covers every user exactly once, whatever the UPNs hold: property tests over
 * generated tenants with upper case, digits, guests' #EXT#, non-ASCII and characters outside the
 * partition alphabet. The filters are evaluated by the simulator's OData evaluator (case-insensitive,
 * as directory string comparisons are) and, for the plan itself, under a case-sensitive reading too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  complementFilter,
  encodeFilter,
  groupFilter,
  partitionCount,
  planGroups,
  UPN_ALPHABET,
  userPartitionFilters,
} from "../../shared/graph/upnPartitions.js";
import { evaluate, parseFilter } from "../../sim/graph/odata/filter.js";

interface User {
  id: number;
  upn: string;
  synced: boolean;
  ssprEnabled: boolean;
}

const oddCharacter = fc.constantFrom(
  "é",
  "Ø",
  "ß",
  "ü",
  "漢",
  "😀",
  "@",
  " ",
  "+",
  "%",
  "&",
  "*",
  "$",
  "(",
  "\u0000",
  "İ",
);
const alphabetCharacter = fc.constantFrom(...UPN_ALPHABET, ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const localPart = fc
  .array(fc.oneof({ weight: 8, arbitrary: alphabetCharacter }, { weight: 1, arbitrary: oddCharacter }), {
    minLength: 0,
    maxLength: 8,
  })
  .map((chars) => chars.join(""));
const upn = fc.oneof(
  localPart.map((l) => `${l}@contoso.com`),
  // Guests: alias_home.example#EXT#@tenant
  localPart.map((l) => `${l}_fabrikam.com#EXT#@contoso.onmicrosoft.com`),
  oddCharacter.chain((c) => localPart.map((l) => `${c}${l}@contoso.com`)),
);
const tenant = fc
  .array(fc.record({ upn, synced: fc.boolean(), ssprEnabled: fc.boolean() }), { minLength: 0, maxLength: 60 })
  .map((users) => users.map((u, id): User => ({ id, ...u })));

const matches = (filter: string | undefined, u: User): boolean =>
  filter === undefined || evaluate(parseFilter(filter), { userPrincipalName: u.upn });

/** How many partitions each user is read in. */
function readCounts(users: readonly User[], filters: (string | undefined)[], keep: (u: User) => boolean): number[] {
  return users.filter(keep).map((u) => filters.filter((f) => matches(f, u)).length);
}

describe("UPN partitions", () => {
  it("deal every alphabet character into exactly one group, for any sample and count", () => {
    fc.assert(
      fc.property(fc.array(upn, { maxLength: 50 }), fc.integer({ min: 1, max: 60 }), (sample, count) => {
        const groups = planGroups(sample, count);
        expect(groups.length).toBe(Math.min(count, UPN_ALPHABET.length));
        expect(groups.flat().sort()).toEqual([...UPN_ALPHABET].sort());
      }),
    );
  });

  it("read every synced user exactly once, partitioned as unpartitioned", () => {
    fc.assert(
      fc.property(tenant, fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 60 }), (users, count, take) => {
        const groups = planGroups(
          users.slice(0, take).map((u) => u.upn),
          count,
        );
        const filters = userPartitionFilters(groups);
        expect(filters).toHaveLength(groups.length);
        expect(readCounts(users, filters, (u) => u.synced).every((n) => n === 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("stay exact under a case-sensitive reading of startsWith too", () => {
    const caseSensitive = (chars: readonly string[], u: User) => chars.some((c) => u.upn.startsWith(c));
    fc.assert(
      fc.property(tenant, fc.integer({ min: 2, max: 16 }), (users, count) => {
        const groups = planGroups([], count);
        const explicit = groups.slice(0, -1);
        for (const u of users) {
          const inExplicit = explicit.filter((g) => caseSensitive(g, u)).length;
          const inComplement = explicit.some((g) => caseSensitive(g, u)) ? 0 : 1;
          expect(inExplicit + inComplement).toBe(1);
        }
      }),
    );
  });

  it("split only tenants large enough to gain from it, up to 16 chains", () => {
    expect([null, 0, 1_000, 10_000, 20_000].map((n) => partitionCount(n))).toEqual([1, 1, 1, 1, 1]);
    expect(partitionCount(30_000)).toBe(2);
    expect(partitionCount(100_000)).toBe(5);
    expect(partitionCount(1_000_000)).toBe(16);
  });

  it("quote the literals and encode what a URL would misread", () => {
    expect(groupFilter(["'", "#"])).toBe("(startsWith(userPrincipalName,'''') or startsWith(userPrincipalName,'#'))");
    expect(encodeFilter(groupFilter(["#", "^"]))).not.toMatch(/[#^]/);
    expect(decodeURIComponent(encodeFilter(complementFilter([["a"], ["b"]])))).toBe(
      "not(startsWith(userPrincipalName,'a') or startsWith(userPrincipalName,'b'))",
    );
  });
});
