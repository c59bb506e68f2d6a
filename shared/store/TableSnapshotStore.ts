/**
 * Snapshots in the `snapshots` table. Per tenant partition:
 *   c!<inverted time>!<snapshot id>!<index>  chunk rows: gzipped JSON in binary properties, written first
 *   s!<inverted time>!<snapshot id>          summary row (newest first)     } written LAST, together,
 *   i!<snapshot id>                          the same summary, found by id } in one transaction
 * Readers trust only summary rows, so a save that crashes midway leaves chunk rows nobody reads,
 * which retention removes once they are older than the cutoff.
 */
import { odata, type TableClient, type TableEntityResult, type TransactionAction } from "@azure/data-tables";
import type { Exposure, Severity } from "../exposure/types.js";
import { HEADLINE_SCHEMA_VERSION, SEVERITIES } from "../exposure/types.js";
import { migrateHeadline } from "../exposure/migrateHeadline.js";
import { SECTION_NAMES, type Snapshot } from "../snapshot/types.js";
import { statusOf, StoredSnapshotCorruptError } from "./errors.js";
import { invertedTime, padIndex, safeId, SEP, SEP_END, tenantKey } from "./keys.js";
import { dataPropertyName, decodePayload, encodePayload } from "./snapshotPayload.js";
import { migrateSnapshot } from "../snapshot/migrateSnapshot.js";
import {
  fitsInTransaction,
  MAX_ACTIONS_PER_TRANSACTION,
  planTransactions,
  submitInTransactions,
} from "./transactions.js";
import type {
  ListOptions,
  LoadSnapshotOptions,
  OperationOptions,
  Page,
  SnapshotStore,
  SnapshotSummary,
} from "./types.js";

type Row = TableEntityResult<Record<string, unknown>>;

const SUMMARY = "s";
const BY_ID = "i";
const CHUNK = "c";

function summaryRowKey(inverted: string, snapshotId: string): string {
  return `${SUMMARY}${SEP}${inverted}${SEP}${snapshotId}`;
}
/** The chunk rows of a snapshot share this prefix; derived from the summary row key so the two never drift. */
function byIdRowKey(snapshotId: string): string {
  return `${BY_ID}${SEP}${snapshotId}`;
}
function chunkPrefixOf(summaryKey: string): string {
  return `${CHUNK}${summaryKey.slice(SUMMARY.length)}${SEP}`;
}
function rangeFilter(pk: string, from: string, toExclusive: string): string {
  return odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey lt ${toExclusive}`;
}
const SUMMARY_FROM = `${SUMMARY}${SEP}`;
const SUMMARY_TO = `${SUMMARY}${SEP_END}`;
const CHUNK_TO = `${CHUNK}${SEP_END}`;

function str(row: Row, name: string): string {
  const v = row[name];
  return typeof v === "string" ? v : "";
}
function num(row: Row, name: string): number {
  const v = row[name];
  return typeof v === "number" ? v : Number(v ?? NaN);
}
function json<T>(row: Row, name: string, fallback: T): T {
  const v = row[name];
  if (typeof v !== "string") return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

function toSummary(row: Row): SnapshotSummary {
  return {
    tenantId: row.partitionKey ?? "",
    snapshotId: str(row, "snapshotId"),
    takenAt: str(row, "takenAt"),
    schemaVersion: num(row, "schemaVersion"),
    writebackState: str(row, "writebackState") as SnapshotSummary["writebackState"],
    headlineVersion: headlineVersionOf(row),
    headline: migrateHeadline(
      json(row, "headline", {
        resetters: null,
        syncedUsers: null,
        syncedUsersReached: null,
        resetPaths: null,
        potential: true,
      }),
      headlineVersionOf(row),
    ),
    findingsBySeverity: json(row, "findingsBySeverity", emptyCounts()),
    coverageGaps: json(row, "coverageGaps", []),
    storedBytes: num(row, "storedBytes"),
    rawBytes: num(row, "rawBytes"),
    chunkRows: num(row, "chunkRows"),
    ...(typeof row["sha256"] === "string" ? { sha256: row["sha256"] } : {}),
  };
}

/** Rows written before the headline was versioned have no headlineVersion: version 1. */
function headlineVersionOf(row: Row): number {
  return row["headlineVersion"] === undefined ? 1 : num(row, "headlineVersion");
}

function emptyCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

export class TableSnapshotStore implements SnapshotStore {
  constructor(private readonly client: TableClient) {}

  async saveSnapshot(snapshot: Snapshot, exposure: Exposure, options: OperationOptions = {}): Promise<SnapshotSummary> {
    const pk = tenantKey(snapshot.tenantId);
    const snapshotId = safeId(snapshot.id, "Snapshot id");
    if (exposure.snapshotId !== snapshot.id) {
      throw new Error(
        `Exposure of snapshot ${exposure.snapshotId} passed with snapshot ${snapshot.id}; compute the exposure from this snapshot.`,
      );
    }
    const summaryKey = summaryRowKey(invertedTime(snapshot.takenAt, "Snapshot takenAt"), snapshotId);
    const chunkPrefix = chunkPrefixOf(summaryKey);
    const payload = await encodePayload(snapshot);

    // Upserts, so saving the same snapshot again after a crash rewrites the same rows.
    const chunkActions: TransactionAction[] = payload.rows.map((parts, index) => {
      const entity: Record<string, unknown> = {
        partitionKey: pk,
        rowKey: `${chunkPrefix}${padIndex(index)}`,
        snapshotId,
        takenAt: snapshot.takenAt,
        index,
        parts: parts.length,
      };
      parts.forEach((part, i) => (entity[dataPropertyName(i)] = part));
      return ["upsert", entity as { partitionKey: string; rowKey: string }, "Replace"];
    });

    const findingsBySeverity = emptyCounts();
    for (const f of exposure.findings) findingsBySeverity[f.severity] += 1;
    const summary: SnapshotSummary = {
      tenantId: pk,
      snapshotId,
      takenAt: snapshot.takenAt,
      schemaVersion: snapshot.schemaVersion,
      writebackState: exposure.writeback.state,
      headlineVersion: HEADLINE_SCHEMA_VERSION,
      headline: exposure.headline,
      findingsBySeverity,
      coverageGaps: SECTION_NAMES.filter((name) => snapshot.sections[name]?.status !== "ok"),
      storedBytes: payload.gzipped.length,
      rawBytes: payload.rawBytes,
      chunkRows: payload.rows.length,
      sha256: payload.sha256,
    };
    const summaryRow = {
      partitionKey: pk,
      rowKey: summaryKey,
      summaryKey,
      snapshotId,
      takenAt: summary.takenAt,
      schemaVersion: summary.schemaVersion,
      writebackState: summary.writebackState,
      headlineVersion: summary.headlineVersion,
      headline: JSON.stringify(summary.headline),
      findingsBySeverity: JSON.stringify(summary.findingsBySeverity),
      coverageGaps: JSON.stringify(summary.coverageGaps),
      storedBytes: summary.storedBytes,
      rawBytes: summary.rawBytes,
      chunkRows: summary.chunkRows,
      sha256: payload.sha256,
    };
    // Both summary rows in one transaction: a snapshot is visible by time and by id, or not at all.
    // They ride in the last chunk transaction when it has room (the usual case): still written no
    // earlier than any chunk, and a small snapshot is then one atomic operation.
    const summaryActions: TransactionAction[] = [
      ["upsert", summaryRow, "Replace"],
      ["upsert", { ...summaryRow, rowKey: byIdRowKey(snapshotId) }, "Replace"],
    ];
    const groups = planTransactions(chunkActions);
    const last = groups.at(-1);
    if (last && fitsInTransaction([...last, ...summaryActions])) last.push(...summaryActions);
    else groups.push(summaryActions);
    for (const group of groups) await this.client.submitTransaction(group, { abortSignal: options.abortSignal });
    return summary;
  }

  async getLatestSummary(tenantId: string, options: OperationOptions = {}): Promise<SnapshotSummary | undefined> {
    const pk = tenantKey(tenantId);
    const pages = this.client
      .listEntities<Record<string, unknown>>({
        queryOptions: { filter: rangeFilter(pk, SUMMARY_FROM, SUMMARY_TO) },
        abortSignal: options.abortSignal,
      })
      .byPage({ maxPageSize: 1 });
    // The service may return an empty page with a continuation token; keep going until a row or the end.
    for await (const page of pages) {
      const row = page[0];
      if (row) return toSummary(row);
    }
    return undefined;
  }

  async getSummary(
    tenantId: string,
    snapshotId: string,
    options: OperationOptions = {},
  ): Promise<SnapshotSummary | undefined> {
    const row = await this.findSummaryRow(tenantKey(tenantId), safeId(snapshotId, "Snapshot id"), options);
    return row ? toSummary(row) : undefined;
  }

  async loadSnapshot(
    tenantId: string,
    snapshotId: string,
    options: LoadSnapshotOptions = {},
  ): Promise<Snapshot | undefined> {
    const pk = tenantKey(tenantId);
    const id = safeId(snapshotId, "Snapshot id");
    const pointer = await this.chunkPointer(pk, id, options);
    if (!pointer) return undefined;
    const expectedRows = pointer.chunkRows;
    const prefix = chunkPrefixOf(pointer.summaryKey);
    const rows: Row[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: rangeFilter(pk, prefix, `${prefix.slice(0, -SEP.length)}${SEP_END}`) },
      abortSignal: options.abortSignal,
    })) {
      rows.push(row);
    }
    if (rows.length !== expectedRows) {
      throw new StoredSnapshotCorruptError(pk, id, `expected ${expectedRows} chunk rows, found ${rows.length}`);
    }
    const parts: Uint8Array[] = [];
    rows.forEach((row, i) => {
      if (num(row, "index") !== i || str(row, "snapshotId") !== id) {
        throw new StoredSnapshotCorruptError(pk, id, `chunk row ${i} is out of place`);
      }
      const count = num(row, "parts");
      for (let p = 0; p < count; p++) {
        const value = row[dataPropertyName(p)];
        if (!(value instanceof Uint8Array))
          throw new StoredSnapshotCorruptError(pk, id, `chunk row ${i} lacks part ${p}`);
        parts.push(value);
      }
    });
    let snapshot: Snapshot;
    try {
      // Written by this release or an earlier one: read in the current schema.
      snapshot = migrateSnapshot(await decodePayload(parts, pointer.sha256));
    } catch (error) {
      throw new StoredSnapshotCorruptError(pk, id, error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
    if (snapshot?.id !== id || snapshot.tenantId?.toLowerCase() !== pk) {
      throw new StoredSnapshotCorruptError(pk, id, "the payload belongs to another snapshot");
    }
    return snapshot;
  }

  async listSummaries(tenantId: string, options: ListOptions = {}): Promise<Page<SnapshotSummary>> {
    const pk = tenantKey(tenantId);
    const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? 20), 1), 100);
    const pages = this.client
      .listEntities<Record<string, unknown>>({
        queryOptions: { filter: rangeFilter(pk, SUMMARY_FROM, SUMMARY_TO) },
        abortSignal: options.abortSignal,
      })
      .byPage({ maxPageSize: pageSize, continuationToken: options.continuationToken });
    for await (const page of pages) {
      return { items: page.map(toSummary), continuationToken: page.continuationToken || undefined };
    }
    return { items: [] };
  }

  async purgeOlderThan(
    tenantId: string,
    cutoff: Date,
    options: OperationOptions = {},
  ): Promise<{ deletedSnapshots: number }> {
    const pk = tenantKey(tenantId);
    const cutoffMs = cutoff.getTime();
    if (!Number.isFinite(cutoffMs)) throw new Error("purgeOlderThan: cutoff is not a valid date.");

    const summaries: Row[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: rangeFilter(pk, SUMMARY_FROM, SUMMARY_TO), select: ["RowKey", "snapshotId", "takenAt"] },
      abortSignal: options.abortSignal,
    })) {
      summaries.push(row);
    }
    // Newest first by key: the first row is the latest snapshot, kept whatever its age.
    const keep = new Set<string>();
    const doomed: Row[] = [];
    summaries.forEach((row, i) => {
      if (i === 0 || Date.parse(str(row, "takenAt")) >= cutoffMs) keep.add(str(row, "snapshotId"));
      else doomed.push(row);
    });

    // Summaries go first: a crash after this step leaves only orphaned chunks, never a summary
    // pointing at missing chunks. A snapshot's two summary rows go in the same transaction.
    for (let i = 0; i < doomed.length; i += MAX_ACTIONS_PER_TRANSACTION / 2) {
      const actions = doomed.slice(i, i + MAX_ACTIONS_PER_TRANSACTION / 2).flatMap((row): TransactionAction[] => [
        ["delete", { partitionKey: pk, rowKey: row.rowKey ?? "" }],
        ["delete", { partitionKey: pk, rowKey: byIdRowKey(str(row, "snapshotId")) }],
      ]);
      await this.client.submitTransaction(actions, { abortSignal: options.abortSignal });
    }

    // Chunk keys start with the inverted time, so "older than the cutoff" is a key range.
    const olderFrom = `${CHUNK}${SEP}${invertedTime(new Date(cutoffMs - 1))}`;
    const chunkDeletes: TransactionAction[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: rangeFilter(pk, olderFrom, CHUNK_TO), select: ["RowKey", "snapshotId"] },
      abortSignal: options.abortSignal,
    })) {
      if (!keep.has(str(row, "snapshotId")))
        chunkDeletes.push(["delete", { partitionKey: pk, rowKey: row.rowKey ?? "" }]);
    }
    await submitInTransactions(this.client, chunkDeletes, options);
    return { deletedSnapshots: doomed.length };
  }

  /** Where a snapshot's chunks are and what they must hash to: from the summary the caller holds, or read. */
  private async chunkPointer(
    pk: string,
    id: string,
    options: LoadSnapshotOptions,
  ): Promise<{ chunkRows: number; summaryKey: string; sha256: string } | undefined> {
    const known = options.summary;
    if (known?.sha256 && known.snapshotId === id && known.tenantId === pk) {
      return {
        chunkRows: known.chunkRows,
        summaryKey: summaryRowKey(invertedTime(known.takenAt, "Snapshot takenAt"), id),
        sha256: known.sha256,
      };
    }
    const row = await this.findSummaryRow(pk, id, options);
    return row
      ? { chunkRows: num(row, "chunkRows"), summaryKey: str(row, "summaryKey"), sha256: str(row, "sha256") }
      : undefined;
  }

  private async findSummaryRow(pk: string, snapshotId: string, options: OperationOptions): Promise<Row | undefined> {
    try {
      return await this.client.getEntity<Record<string, unknown>>(pk, byIdRowKey(snapshotId), {
        abortSignal: options.abortSignal,
      });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}
