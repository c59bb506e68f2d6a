/** transactions: batches stay within the Table service's 100-action and body-size limits. */
import { describe, expect, it } from "vitest";
import type { TransactionAction } from "@azure/data-tables";
import {
  estimateActionBytes,
  MAX_ACTIONS_PER_TRANSACTION,
  planTransactions,
  TRANSACTION_BODY_BUDGET,
} from "../../shared/store/transactions.js";
import { MAX_PROPERTY_BYTES, PROPERTIES_PER_ROW } from "../../shared/store/snapshotPayload.js";

describe("transaction planning", () => {
  const entity = (i: number, bytes: number): TransactionAction => [
    "upsert",
    { partitionKey: "p", rowKey: String(i), d00: new Uint8Array(bytes) },
  ];

  it("keeps each transaction within 100 actions and the body budget, in order", () => {
    const small = Array.from({ length: 250 }, (_, i) => entity(i, 10));
    const groups = planTransactions(small);
    expect(groups.map((g) => g.length)).toEqual([100, 100, 50]);
    expect(groups.flat()).toEqual(small);

    const big = Array.from({ length: 9 }, (_, i) => entity(i, MAX_PROPERTY_BYTES * PROPERTIES_PER_ROW));
    const bigGroups = planTransactions(big);
    expect(bigGroups.length).toBeGreaterThan(1);
    for (const g of bigGroups) {
      expect(g.length).toBeLessThanOrEqual(MAX_ACTIONS_PER_TRANSACTION);
      expect(g.reduce((n, a) => n + estimateActionBytes(a), 0)).toBeLessThanOrEqual(TRANSACTION_BODY_BUDGET);
    }
    expect(bigGroups.flat()).toEqual(big);
  });

  it("counts binary values at their base64 size", () => {
    expect(estimateActionBytes(entity(0, 3000))).toBeGreaterThanOrEqual(4000);
    expect(() => planTransactions([entity(0, 4 * 1024 * 1024)])).toThrow(/budget/);
  });
});
