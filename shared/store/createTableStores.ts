/**
 * The table stores over one storage account: creates the tables if missing and wires each
 * store to its table. `operations()` counts the HTTP requests actually sent (a pipeline policy),
 * for logs and the benchmark.
 */
import type { TokenCredential } from "@azure/identity";
import type { StorageConnection } from "../config.js";
import { UserError } from "../errors.js";
import { createTableClientFactory, type RequestInfo } from "./tableClientFactory.js";
import { TableAcceptanceStore } from "./TableAcceptanceStore.js";
import { TableChangeStore } from "./TableChangeStore.js";
import { TableLeaseStore } from "./TableLeaseStore.js";
import { TableAlertMemoryStore } from "./TableAlertMemoryStore.js";
import { TableOutboxStore } from "./TableOutboxStore.js";
import { TableSnapshotStore } from "./TableSnapshotStore.js";
import { TableStateStore } from "./TableStateStore.js";
import type {
  AcceptanceStore,
  AlertMemoryStore,
  ChangeStore,
  LeaseStore,
  OperationOptions,
  OutboxStore,
  SnapshotStore,
  StateStore,
} from "./types.js";

export interface TableStores {
  snapshots: SnapshotStore;
  changes: ChangeStore;
  leases: LeaseStore;
  state: StateStore;
  outbox: OutboxStore;
  alertMemory: AlertMemoryStore;
  acceptances: AcceptanceStore;
  /** Table operations (HTTP requests, retries included) sent so far by these stores. */
  operations(): number;
}

export interface CreateTableStoresOptions extends OperationOptions {
  /** Prepended to every table name (letters and digits), so tests and demos can share an account. */
  tablePrefix?: string;
  /** For identity-based connections; default DefaultAzureCredential with the connection's client id. */
  credential?: TokenCredential;
  /** Clock for lease expiry; default the system clock. */
  now?: () => Date;
  /** Sees every request sent (method, URL, body size): for tests and the benchmark. */
  onRequest?: (info: RequestInfo) => void;
}

export const TABLE_NAMES = ["snapshots", "changes", "outbox", "state", "alerted", "acceptances"] as const;

export async function createTableStores(
  storage: StorageConnection,
  options: CreateTableStoresOptions = {},
): Promise<TableStores> {
  const prefix = options.tablePrefix ?? "";
  if (!/^([A-Za-z][A-Za-z0-9]{0,40})?$/.test(prefix)) {
    throw new UserError("tablePrefix must start with a letter and contain only letters and digits (at most 41).");
  }
  const factory = createTableClientFactory(storage, { credential: options.credential, onRequest: options.onRequest });
  const clients = TABLE_NAMES.map((name) => factory.client(`${prefix}${name}`));
  const [snapshots, changes, outbox, state, alerted, acceptances] = clients as [
    ReturnType<typeof factory.client>,
    ReturnType<typeof factory.client>,
    ReturnType<typeof factory.client>,
    ReturnType<typeof factory.client>,
    ReturnType<typeof factory.client>,
    ReturnType<typeof factory.client>,
  ];
  // createTable is a no-op when the table exists (the SDK swallows the 409).
  await Promise.all(clients.map((c) => c.createTable({ abortSignal: options.abortSignal })));
  return {
    snapshots: new TableSnapshotStore(snapshots),
    changes: new TableChangeStore(changes),
    leases: new TableLeaseStore(state, options.now),
    state: new TableStateStore(state),
    outbox: new TableOutboxStore(outbox),
    alertMemory: new TableAlertMemoryStore(alerted),
    acceptances: new TableAcceptanceStore(acceptances),
    operations: factory.operations,
  };
}
