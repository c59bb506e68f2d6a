/**
 * Damage done to stored snapshots the way storage faults do it, through a raw table client: the
 * tests of what the product does when its snapshot chain is broken share these.
 */
import type { TableClient } from "@azure/data-tables";

/** The row keys (summary, index, chunks) of the snapshot's rows. */
export async function rowKeys(table: TableClient, snapshotId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of table.listEntities({ queryOptions: { select: ["RowKey"] } })) {
    if (row.rowKey?.includes(snapshotId)) keys.push(row.rowKey);
  }
  return keys;
}

/** Flips a byte in the middle of the snapshot's first chunk: its SHA-256 no longer matches the summary. */
export async function corruptChunk(table: TableClient, partition: string, snapshotId: string): Promise<void> {
  const chunkKey = (await rowKeys(table, snapshotId)).find((k) => k.startsWith("c!"))!;
  const chunk = await table.getEntity<{ d00: Uint8Array }>(partition, chunkKey);
  const damaged = Buffer.from(chunk.d00);
  damaged[damaged.length >> 1]! ^= 0xff;
  await table.updateEntity({ partitionKey: partition, rowKey: chunkKey, d00: damaged }, "Merge");
}
