/**
 * `writeback-watch trend [--json] [--days N] [--tenant ID]`: the headline over the snapshots a
 * deployment stored, read from its tables (AUDIT_STORAGE, or AUDIT_STORAGE__tableServiceUri with the
 * signed-in Azure identity, which needs Storage Table Data Reader on the account). Exit 1 when nothing
 * is stored yet for the tenant.
 */
import { loadConfig } from "../config.js";
import { tenantIdOf } from "../audit/readers.js";
import { loadTrend } from "../audit/loadTrend.js";
import { createTableStores } from "../store/createTableStores.js";
import { renderTrendText } from "../report/trendText.js";
import type { CliCommand } from "./args.js";
import type { CliIo } from "./main.js";

export async function trendCommand(cmd: Extract<CliCommand, { command: "trend" }>, io: CliIo): Promise<number> {
  const config = loadConfig(
    { ...io.env, ...(cmd.tenant !== undefined ? { TENANT_ID: cmd.tenant } : {}) },
    { requireStorage: true },
  );
  const stores = await createTableStores(config.storage);
  const tenantId = tenantIdOf(config, await stores.state.getLastRun());
  if (!tenantId) {
    io.stderr("writeback-watch: no audit is stored yet (and TENANT_ID / --tenant is not set): nothing to show.\n");
    return 1;
  }
  const since = cmd.days === undefined ? undefined : new Date(Date.now() - cmd.days * 86_400_000);
  const trend = await loadTrend(stores, tenantId, { since });
  if (trend.points.length === 0) {
    io.stderr(
      `writeback-watch: no snapshot of tenant ${tenantId} is stored${cmd.days ? ` from the last ${cmd.days} days` : ""}.\n`,
    );
    return 1;
  }
  io.stdout(cmd.json ? `${JSON.stringify(trend, null, 2)}\n` : renderTrendText(trend));
  return 0;
}
