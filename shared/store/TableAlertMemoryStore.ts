/**
 * What each address was told (the `alerted` table, alertMemory.ts): PartitionKey = tenant id,
 * RowKey = base64url of the address (channel + recipient, never raw in a key), one row per address.
 * The entries are gzipped JSON in binary properties, like snapshot chunks: one row holds about
 * 11 × 64 KiB of them, some tens of thousands of change keys. Past that the oldest entries are
 * dropped first: at worst an old increase is told once more after damage to the snapshot chain.
 */
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { odata, type TableClient } from "@azure/data-tables";
import { SEVERITIES, type Severity } from "../exposure/types.js";
import { ConcurrentUpdateError, statusOf } from "./errors.js";
import { base64urlKey, tenantKey } from "./keys.js";
import { dataPropertyName, MAX_PROPERTY_BYTES, PROPERTIES_PER_ROW } from "./snapshotPayload.js";
import type { AlertMemory, AlertMemoryStore, OperationOptions, ToldEntry } from "./types.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const ROW_BYTES = MAX_PROPERTY_BYTES * PROPERTIES_PER_ROW;
/** Stored compactly: key → [severity, reach, mark, told at (epoch seconds)]. */
type StoredEntry = [severity: Severity, reach: number | null, mark: string | null, at: number];

function toStored(entries: Map<string, ToldEntry>): Record<string, StoredEntry> {
  const out: Record<string, StoredEntry> = {};
  for (const [key, e] of entries) out[key] = [e.severity, e.reach, e.mark, Math.floor(Date.parse(e.at) / 1000)];
  return out;
}

function fromStored(stored: Record<string, StoredEntry>): Map<string, ToldEntry> {
  const entries = new Map<string, ToldEntry>();
  for (const [key, [severity, reach, mark, at]] of Object.entries(stored)) {
    if (!SEVERITIES.includes(severity) || !Number.isFinite(at)) continue;
    entries.set(key, { severity, reach, mark, at: new Date(at * 1000).toISOString() });
  }
  return entries;
}

/** The gzipped entries, the oldest dropped until they fit one row. */
async function encode(entries: Map<string, ToldEntry>): Promise<Buffer> {
  let kept = [...entries].sort(([, a], [, b]) => b.at.localeCompare(a.at));
  for (;;) {
    const gz = await gzipAsync(Buffer.from(JSON.stringify(toStored(new Map(kept))), "utf8"));
    if (gz.length <= ROW_BYTES || kept.length === 0) return gz;
    kept = kept.slice(0, Math.floor(kept.length * 0.9));
  }
}

export class TableAlertMemoryStore implements AlertMemoryStore {
  constructor(private readonly client: TableClient) {}

  async list(tenantId: string, options: OperationOptions = {}): Promise<AlertMemory[]> {
    const pk = tenantKey(tenantId);
    const out: AlertMemory[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${pk}` },
      abortSignal: options.abortSignal,
    })) {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < Number(row.parts ?? 0); i++) {
        const part = row[dataPropertyName(i)];
        if (part instanceof Uint8Array) parts.push(part);
      }
      let entries = new Map<string, ToldEntry>();
      try {
        entries = fromStored(JSON.parse((await gunzipAsync(Buffer.concat(parts))).toString("utf8")));
      } catch {
        // A damaged memory is an empty one: at worst an increase is told again, never lost.
      }
      out.push({ address: String(row.address ?? ""), entries, etag: row.etag });
    }
    return out;
  }

  async save(tenantId: string, memory: AlertMemory, options: OperationOptions = {}): Promise<void> {
    const partitionKey = tenantKey(tenantId);
    const rowKey = base64urlKey(memory.address, "Alert address");
    const opts = { abortSignal: options.abortSignal };
    try {
      if (memory.entries.size === 0) {
        if (memory.etag) await this.client.deleteEntity(partitionKey, rowKey, { ...opts, etag: memory.etag });
        memory.etag = undefined;
        return;
      }
      const gz = await encode(memory.entries);
      const entity: { partitionKey: string; rowKey: string } & Record<string, unknown> = {
        partitionKey,
        rowKey,
        address: memory.address,
        entries: memory.entries.size,
        parts: Math.ceil(gz.length / MAX_PROPERTY_BYTES),
      };
      for (let i = 0; i * MAX_PROPERTY_BYTES < gz.length; i++)
        entity[dataPropertyName(i)] = gz.subarray(i * MAX_PROPERTY_BYTES, (i + 1) * MAX_PROPERTY_BYTES);
      const result = memory.etag
        ? await this.client.updateEntity(entity, "Replace", { ...opts, etag: memory.etag })
        : await this.client.createEntity(entity, opts);
      memory.etag = result.etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 && memory.entries.size === 0) return;
      if (status === 409 || status === 412 || status === 404) {
        throw new ConcurrentUpdateError(`The alert memory of ${memory.address}`, { cause: error });
      }
      throw error;
    }
  }
}
