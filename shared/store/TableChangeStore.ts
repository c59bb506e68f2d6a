/**
 * Changes in the `changes` table, one row each: PartitionKey = tenant id, RowKey =
 * <detected ms>!<to snapshot id>!<index>, so a time range is a key range (oldest first) and saving
 * the same diff again rewrites the same rows.
 */
import { odata, type TableClient, type TableEntityResult, type TransactionAction } from "@azure/data-tables";
import type { Change, Diff } from "../diff/types.js";
import type { Finding } from "../exposure/types.js";
import { padIndex, safeId, SEP, sortableTime, tenantKey } from "./keys.js";
import { submitInTransactions } from "./transactions.js";
import type { ChangeStore, OperationOptions, StoredChange } from "./types.js";

/** A string property holds 64 KiB of UTF-16, i.e. 32,768 code units; keep a margin. */
export const MAX_CHANGE_JSON_CHARS = 32_000;

function trimFinding(f: Finding | undefined, level: 1 | 2): Finding | undefined {
  if (!f) return undefined;
  const reach = { syncedUsers: f.reach.syncedUsers };
  if (level === 1) {
    const { detail: _detail, ...rest } = f;
    return { ...rest, reach: { ...reach, sample: f.reach.sample?.slice(0, 5) } };
  }
  return {
    key: f.key,
    kind: f.kind,
    severity: f.severity,
    title: f.title.slice(0, 500),
    scope: f.scope.slice(0, 500),
    assignment: f.assignment,
    reach,
  };
}

/** A folded change's items (one per finding it moved): their lines only, then as many as fit. */
function trimItems(change: Change, keep: number): Pick<Change, "items" | "omittedItems"> {
  if (!change.items) return {};
  const lines = change.items.map(({ key, type, direction, severity, summary, rule }) => ({
    key,
    type,
    direction,
    severity,
    summary: summary.slice(0, 500),
    ...(rule ? { rule } : {}),
  }));
  const omitted = Math.max(0, lines.length - keep) + (change.omittedItems ?? 0);
  return { items: lines.slice(0, keep), ...(omitted ? { omittedItems: omitted } : {}) };
}

/** The change as stored: whole when it fits a property, else with before/after details and items trimmed. */
export function fitChange(change: Change): string {
  let text = JSON.stringify(change);
  if (text.length <= MAX_CHANGE_JSON_CHARS) return text;
  for (const level of [1, 2] as const) {
    text = JSON.stringify({
      ...change,
      before: trimFinding(change.before, level),
      after: trimFinding(change.after, level),
      ...trimItems(change, level === 1 ? Infinity : 50),
    });
    if (text.length <= MAX_CHANGE_JSON_CHARS) return text;
  }
  text = JSON.stringify({
    ...change,
    before: trimFinding(change.before, 2),
    after: trimFinding(change.after, 2),
    ...trimItems(change, 10),
    summary: change.summary.slice(0, 2000),
    remediation: change.remediation?.slice(0, 2000),
  });
  if (text.length <= MAX_CHANGE_JSON_CHARS) return text;
  throw new Error(`Change ${change.key.slice(0, 80)} cannot be stored even trimmed (${text.length} characters).`);
}

export class TableChangeStore implements ChangeStore {
  constructor(private readonly client: TableClient) {}

  async saveChanges(diff: Diff, options: OperationOptions = {}): Promise<number> {
    if (diff.changes.length === 0) return 0;
    const pk = tenantKey(diff.tenantId);
    const toSnapshotId = safeId(diff.toSnapshotId, "Snapshot id");
    const fromSnapshotId = diff.fromSnapshotId === null ? null : safeId(diff.fromSnapshotId, "Snapshot id");
    const prefix = `${sortableTime(diff.toTakenAt, "Diff toTakenAt")}${SEP}${toSnapshotId}${SEP}`;
    const actions: TransactionAction[] = diff.changes.map((change, i) => [
      "upsert",
      {
        partitionKey: pk,
        rowKey: `${prefix}${padIndex(i)}`,
        toSnapshotId,
        ...(fromSnapshotId === null ? {} : { fromSnapshotId }),
        detectedAt: diff.toTakenAt,
        change: fitChange(change),
      },
      "Replace",
    ]);
    await submitInTransactions(this.client, actions, options);
    return actions.length;
  }

  async listChanges(
    tenantId: string,
    since: Date,
    until?: Date,
    options: OperationOptions = {},
  ): Promise<StoredChange[]> {
    const pk = tenantKey(tenantId);
    const from = sortableTime(since, "since");
    // "~" sorts after every digit: no upper bound.
    const to = until ? sortableTime(until, "until") : "~";
    const result: StoredChange[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey lt ${to}` },
      abortSignal: options.abortSignal,
    })) {
      result.push(toStoredChange(pk, row));
    }
    return result;
  }
}

function toStoredChange(pk: string, row: TableEntityResult<Record<string, unknown>>): StoredChange {
  const change = JSON.parse(String(row.change)) as Change;
  return {
    ...change,
    tenantId: pk,
    fromSnapshotId: typeof row.fromSnapshotId === "string" ? row.fromSnapshotId : null,
    toSnapshotId: String(row.toSnapshotId),
    detectedAt: String(row.detectedAt),
  };
}
