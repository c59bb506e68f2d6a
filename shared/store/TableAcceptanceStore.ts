/**
 * Accepted findings in the `acceptances` table, PartitionKey = tenant id:
 *   current!<id>            the acceptance as it stands (ETag-guarded), with its version number;
 *   history!<id>!<version>  one row per accept, renew and revoke, created once and never updated.
 * A write sends the current row and the new history row as one entity-group transaction (same
 * partition), so either both are written or neither. The current row is created (409 if it
 * exists) or replaced under the ETag read before (412 if it moved); a history row that exists
 * already fails the transaction too, so two writers can never both win.
 */
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Acceptance, AcceptanceEvent } from "../acceptance/types.js";
import { ConcurrentUpdateError, statusOf } from "./errors.js";
import { padIndex, safeId, SEP, SEP_END, tenantKey } from "./keys.js";
import type { AcceptanceStore, OperationOptions, RecordOptions, StoredAcceptance } from "./types.js";

const CURRENT = `current${SEP}`;
const HISTORY = `history${SEP}`;

interface CurrentRow {
  data?: unknown;
  version?: unknown;
}

export class TableAcceptanceStore implements AcceptanceStore {
  constructor(private readonly client: TableClient) {}

  async list(tenantId: string, options: OperationOptions = {}): Promise<StoredAcceptance[]> {
    const out: StoredAcceptance[] = [];
    for await (const row of this.rows(tenantId, CURRENT, options)) {
      out.push({ acceptance: JSON.parse(String(row.data)) as Acceptance, etag: row.etag });
    }
    return out.sort((a, b) => a.acceptance.acceptedAt.localeCompare(b.acceptance.acceptedAt));
  }

  async history(tenantId: string, acceptanceId?: string, options: OperationOptions = {}): Promise<AcceptanceEvent[]> {
    const prefix = acceptanceId ? `${HISTORY}${safeId(acceptanceId, "Acceptance id")}${SEP}` : HISTORY;
    const out: AcceptanceEvent[] = [];
    for await (const row of this.rows(tenantId, prefix, options))
      out.push(JSON.parse(String(row.data)) as AcceptanceEvent);
    // Rows come in key order (by acceptance, then version); the sort is stable, so versions keep their order.
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  async record(event: AcceptanceEvent, tenantId: string, options: RecordOptions = {}): Promise<StoredAcceptance> {
    const partitionKey = tenantKey(tenantId);
    const id = safeId(event.acceptanceId, "Acceptance id");
    const opts = { abortSignal: options.abortSignal };
    let version = 1;
    if (options.etag !== undefined) {
      const row = await this.client.getEntity<CurrentRow>(partitionKey, `${CURRENT}${id}`, opts).catch((e) => {
        if (statusOf(e) === 404) throw new ConcurrentUpdateError(`Acceptance ${id}`, { cause: e });
        throw e;
      });
      if (row.etag !== options.etag) throw new ConcurrentUpdateError(`Acceptance ${id}`);
      version = Number(row.version ?? 0) + 1;
    }
    const current = {
      partitionKey,
      rowKey: `${CURRENT}${id}`,
      data: JSON.stringify(event.acceptance),
      version,
    };
    const history = {
      partitionKey,
      rowKey: `${HISTORY}${id}${SEP}${padIndex(version, 6)}`,
      data: JSON.stringify(event),
    };
    const actions: TransactionAction[] = [
      options.etag === undefined ? ["create", current] : ["update", current, "Replace", { etag: options.etag }],
      ["create", history],
    ];
    let etag: string | undefined;
    try {
      const result = await this.client.submitTransaction(actions, opts);
      etag = result.getResponseForEntity(current.rowKey)?.etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412) throw new ConcurrentUpdateError(`Acceptance ${id}`, { cause: error });
      throw error;
    }
    etag ??= (await this.client.getEntity<CurrentRow>(partitionKey, current.rowKey, opts)).etag;
    return { acceptance: event.acceptance, etag };
  }

  private rows(tenantId: string, prefix: string, options: OperationOptions) {
    const pk = tenantKey(tenantId);
    const end = `${prefix.slice(0, -1)}${SEP_END}`;
    return this.client.listEntities<{ data?: unknown }>({
      queryOptions: { filter: odata`PartitionKey eq ${pk} and RowKey gt ${prefix} and RowKey lt ${end}` },
      abortSignal: options.abortSignal,
    });
  }
}
