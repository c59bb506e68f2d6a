/**
 * The CLI's view of a deployment: its tables (AUDIT_STORAGE, or AUDIT_STORAGE__tableServiceUri with
 * the signed-in Azure identity, which needs Storage Table Data Reader on the account) and the tenant
 * it watches (--tenant / TENANT_ID, else the one it last audited). Used by `trend`, `snapshots` and the
 * acceptance verbs (which also read ACCEPTANCE_MAX_DAYS and ACCEPTANCES_FILE from the settings).
 */
import { loadConfig, type Config } from "../config.js";
import { tenantIdOf } from "../audit/readers.js";
import { createTableStores, type TableStores } from "../store/createTableStores.js";
import type { CliIo } from "./io.js";

export interface Deployment {
  config: Config;
  stores: TableStores;
  tenantId: string;
}

/** Undefined (after one message on stderr) when nothing has been audited yet: the command exits 1. */
export async function openDeployment(tenant: string | undefined, io: CliIo): Promise<Deployment | undefined> {
  const config = loadConfig(
    { ...io.env, ...(tenant !== undefined ? { TENANT_ID: tenant } : {}) },
    { requireStorage: true },
  );
  const stores = await createTableStores(config.storage);
  const tenantId = tenantIdOf(config, await stores.state.getLastRun());
  if (!tenantId) {
    io.stderr("writeback-watch: no audit is stored yet (and TENANT_ID / --tenant is not set): nothing to show.\n");
    return undefined;
  }
  return { config, stores, tenantId };
}
