/**
 * Entity-group transactions within Table Storage's limits: at most 100 actions and 4 MiB of request
 * body each. Binary properties travel base64-encoded in the body, so sizes are estimated on the
 * encoded form, not on the raw bytes.
 */
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { OperationOptions } from "./types.js";

export const MAX_ACTIONS_PER_TRANSACTION = 100;
/** 4 MiB minus room for the multipart envelope the SDK wraps around the parts. */
export const TRANSACTION_BODY_BUDGET = 4 * 1024 * 1024 - 64 * 1024;
/** Per-part MIME headers and request line (URL, content type, content id). */
const PART_OVERHEAD = 1024;

function propertyBytes(name: string, value: unknown): number {
  // "name":value, plus an "name@odata.type":"Edm.X" annotation where one is sent.
  const base = Buffer.byteLength(name, "utf8") + 48;
  if (value instanceof Uint8Array) return base + Math.ceil(value.byteLength / 3) * 4;
  if (typeof value === "string") return base + Buffer.byteLength(JSON.stringify(value), "utf8");
  return base + 32;
}

/** Upper estimate of what one action adds to a transaction body. */
export function estimateActionBytes(action: TransactionAction): number {
  const [kind, entity] = action;
  if (kind === "delete") return PART_OVERHEAD;
  let bytes = PART_OVERHEAD;
  for (const [name, value] of Object.entries(entity)) bytes += propertyBytes(name, value);
  return bytes;
}

/** Groups actions into transactions, in order, each within the action and body limits. */
export function planTransactions(
  actions: TransactionAction[],
  budget = TRANSACTION_BODY_BUDGET,
): TransactionAction[][] {
  const groups: TransactionAction[][] = [];
  let current: TransactionAction[] = [];
  let bytes = 0;
  for (const action of actions) {
    const size = estimateActionBytes(action);
    if (size > budget)
      throw new Error(`One table action is ${size} bytes encoded, over the ${budget}-byte transaction budget.`);
    if (current.length === MAX_ACTIONS_PER_TRANSACTION || (current.length > 0 && bytes + size > budget)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(action);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Whether these actions can go as one transaction (count and encoded size). */
export function fitsInTransaction(actions: TransactionAction[], budget = TRANSACTION_BODY_BUDGET): boolean {
  if (actions.length > MAX_ACTIONS_PER_TRANSACTION) return false;
  return actions.reduce((sum, a) => sum + estimateActionBytes(a), 0) <= budget;
}

/** Submits the actions (one partition) as few transactions as the limits allow, sequentially, in order. */
export async function submitInTransactions(
  client: TableClient,
  actions: TransactionAction[],
  options: OperationOptions = {},
): Promise<number> {
  const groups = planTransactions(actions);
  for (const group of groups) {
    await client.submitTransaction(group, { abortSignal: options.abortSignal });
  }
  return groups.length;
}
