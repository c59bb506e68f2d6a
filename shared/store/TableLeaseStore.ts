/**
 * A lease is one row in the `state` table (PartitionKey "lease", RowKey = name). Winning it is a
 * conditional write: create (409 = someone else has it) or, once expired, replace with the ETag we
 * read (412 = someone else replaced it first). Either way only one caller's write succeeds.
 */
import type { TableClient } from "@azure/data-tables";
import { LeaseHeldError, UserError } from "../errors.js";
import { statusOf } from "./errors.js";
import { safeId } from "./keys.js";
import type { Lease, LeaseStore, OperationOptions } from "./types.js";

const LEASE_PARTITION = "lease";
const MAX_RACES = 3;

interface LeaseRow {
  holder?: unknown;
  expiresAt?: unknown;
}

export class TableLeaseStore implements LeaseStore {
  constructor(
    private readonly client: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async acquire(name: string, holder: string, seconds: number, options: OperationOptions = {}): Promise<Lease> {
    const rowKey = safeId(name, "Lease name");
    if (typeof holder !== "string" || holder.length === 0 || holder.length > 256) {
      throw new UserError("Lease holder must be a non-empty string of at most 256 characters.");
    }
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UserError(`Lease seconds must be positive (got ${seconds}).`);
    const opts = { abortSignal: options.abortSignal };

    for (let race = 0; race < MAX_RACES; race++) {
      const expiresAt = new Date(this.now().getTime() + seconds * 1000).toISOString();
      const entity = { partitionKey: LEASE_PARTITION, rowKey, holder, expiresAt };
      try {
        const created = await this.client.createEntity(entity, opts);
        return { name: rowKey, holder, expiresAt, etag: created.etag ?? "" };
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }

      let current;
      try {
        current = await this.client.getEntity<LeaseRow>(LEASE_PARTITION, rowKey, opts);
      } catch (error) {
        if (statusOf(error) === 404) continue; // released between our create and read: race again
        throw error;
      }
      const currentHolder = String(current.holder ?? "");
      const currentExpiry = String(current.expiresAt ?? "");
      const expired = !(Date.parse(currentExpiry) > this.now().getTime());
      // The same holder may renew its own lease; anyone else waits for it to expire.
      if (!expired && currentHolder !== holder) throw new LeaseHeldError(currentHolder, currentExpiry);

      try {
        const replaced = await this.client.updateEntity(entity, "Replace", { ...opts, etag: current.etag });
        return { name: rowKey, holder, expiresAt, etag: replaced.etag ?? "" };
      } catch (error) {
        const status = statusOf(error);
        if (status !== 412 && status !== 404) throw error; // 412/404: another caller moved first; look again
      }
    }
    const winner = await this.client.getEntity<LeaseRow>(LEASE_PARTITION, rowKey, opts).catch(() => undefined);
    throw new LeaseHeldError(String(winner?.holder ?? "another run"), String(winner?.expiresAt ?? "unknown"));
  }

  async release(lease: Lease, options: OperationOptions = {}): Promise<void> {
    const rowKey = safeId(lease.name, "Lease name");
    try {
      await this.client.deleteEntity(LEASE_PARTITION, rowKey, { etag: lease.etag, abortSignal: options.abortSignal });
    } catch (error) {
      const status = statusOf(error);
      // 412: the lease expired and someone else holds it now; 404: already gone. Neither is ours to delete.
      if (status !== 412 && status !== 404) throw error;
    }
  }
}
