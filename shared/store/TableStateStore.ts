/**
 * Small named values in the `state` table: the last run (PartitionKey "app") and cursors per
 * tenant (PartitionKey = tenant id, RowKey "cursor!<name>").
 */
import type { TableClient } from "@azure/data-tables";
import { statusOf } from "./errors.js";
import { safeId, SEP, tenantKey } from "./keys.js";
import type { LastRun, OperationOptions, StateStore } from "./types.js";

const APP_PARTITION = "app";
const LAST_RUN = "lastRun";

export class TableStateStore implements StateStore {
  constructor(private readonly client: TableClient) {}

  async getLastRun(options: OperationOptions = {}): Promise<LastRun | undefined> {
    const value = await this.read(APP_PARTITION, LAST_RUN, options);
    return value === undefined ? undefined : (JSON.parse(value) as LastRun);
  }

  async setLastRun(run: LastRun, options: OperationOptions = {}): Promise<void> {
    // A string property holds 32K UTF-16 units; an error message never needs that much.
    const stored = run.error && run.error.length > 4000 ? { ...run, error: `${run.error.slice(0, 4000)}…` } : run;
    await this.write(APP_PARTITION, LAST_RUN, JSON.stringify(stored), options);
  }

  async getCursor(tenantId: string, name: string, options: OperationOptions = {}): Promise<string | undefined> {
    return this.read(tenantKey(tenantId), cursorKey(name), options);
  }

  async setCursor(tenantId: string, name: string, value: string, options: OperationOptions = {}): Promise<void> {
    await this.write(tenantKey(tenantId), cursorKey(name), value, options);
  }

  private async read(partitionKey: string, rowKey: string, options: OperationOptions): Promise<string | undefined> {
    try {
      const row = await this.client.getEntity<{ value?: unknown }>(partitionKey, rowKey, {
        abortSignal: options.abortSignal,
      });
      return typeof row.value === "string" ? row.value : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async write(partitionKey: string, rowKey: string, value: string, options: OperationOptions): Promise<void> {
    await this.client.upsertEntity({ partitionKey, rowKey, value }, "Replace", { abortSignal: options.abortSignal });
  }
}

function cursorKey(name: string): string {
  return `cursor${SEP}${safeId(name, "Cursor name")}`;
}
