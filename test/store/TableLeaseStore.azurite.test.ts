/** TableLeaseStore on Azurite: one winner among concurrent callers, expiry takeover, safe release. */
import { describe, expect, it } from "vitest";
import { LeaseHeldError, UserError } from "../../shared/errors.js";
import { azuriteStoresForSuite } from "./azuriteStores.js";

let clock = Date.parse("2030-01-01T00:00:00Z");
const { stores } = azuriteStoresForSuite("lease", { now: () => new Date(clock) });

describe("lease store", () => {
  it("lets exactly one of 10 concurrent callers win", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => stores().leases.acquire("race", `holder-${i}`, 60)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const r of lost) expect(r.reason).toBeInstanceOf(LeaseHeldError);
    const winner = (won[0] as PromiseFulfilledResult<{ holder: string }>).value.holder;
    for (const r of lost) expect((r.reason as LeaseHeldError).holder).toBe(winner);
  });

  it("lets one of many take over an expired lease, and a stale release does not free it", async () => {
    const first = await stores().leases.acquire("audit", "crashed-run", 60);
    await expect(stores().leases.acquire("audit", "other", 60)).rejects.toBeInstanceOf(LeaseHeldError);

    clock += 61_000; // the crashed holder's lease has now expired
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => stores().leases.acquire("audit", `taker-${i}`, 60)),
    );
    const won = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ holder: string }>[];
    expect(won).toHaveLength(1);
    const newHolder = won[0]!.value.holder;

    await stores().leases.release(first); // stale: must not delete the new holder's row
    const err = await stores()
      .leases.acquire("audit", "late", 60)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaseHeldError);
    expect((err as LeaseHeldError).holder).toBe(newHolder);
  });

  it("releases a lease so the next caller gets it, and rejects unsafe names", async () => {
    const lease = await stores().leases.acquire("digest", "a", 60);
    await stores().leases.release(lease);
    await stores().leases.release(lease); // already gone: not an error
    const next = await stores().leases.acquire("digest", "b", 60);
    expect(next.holder).toBe("b");
    await expect(stores().leases.acquire("a/b", "x", 60)).rejects.toBeInstanceOf(UserError);
    await expect(stores().leases.acquire("a#b", "x", 60)).rejects.toBeInstanceOf(UserError);
  });
});
