/**
 * Suite plumbing for the table-store tests that need Azurite: one in-memory Azurite per suite file,
 * the product's stores on it, and raw table access for asserting what was actually written.
 */
import { afterAll, beforeAll } from "vitest";
import { TableClient } from "@azure/data-tables";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import {
  createTableStores,
  type CreateTableStoresOptions,
  type TableStores,
} from "../../shared/store/createTableStores.js";

export interface AzuriteStores {
  /** The stores exist once beforeAll has run: call this inside a test or hook. */
  stores(): TableStores;
  /** A raw client for one of the prefixed tables (`name` without the prefix). */
  rawTable(name: string): TableClient;
}

export function azuriteStoresForSuite(tablePrefix: string, options: CreateTableStoresOptions = {}): AzuriteStores {
  let azurite: RunningAzurite | undefined;
  let stores: TableStores | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
    stores = await createTableStores({ connectionString: azurite.connectionString }, { ...options, tablePrefix });
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  const started = (): { azurite: RunningAzurite; stores: TableStores } => {
    if (!azurite || !stores) throw new Error("Azurite starts in beforeAll: use the stores inside a test or hook.");
    return { azurite, stores };
  };
  return {
    stores: () => started().stores,
    rawTable: (name) =>
      TableClient.fromConnectionString(started().azurite.connectionString, `${tablePrefix}${name}`, {
        allowInsecureConnection: true,
      }),
  };
}
