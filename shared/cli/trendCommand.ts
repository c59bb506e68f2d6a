/**
 * `writeback-watch trend [--json] [--days N] [--tenant ID]`: the headline over the snapshots a
 * deployment stored, read from its tables. Exit 1 when nothing is stored yet for the tenant.
 */
import { loadTrend } from "../audit/loadTrend.js";
import { renderTrendText } from "../report/trendText.js";
import type { CliCommand } from "./args.js";
import { openDeployment } from "./deployment.js";
import type { CliIo } from "./io.js";

export async function trendCommand(cmd: Extract<CliCommand, { command: "trend" }>, io: CliIo): Promise<number> {
  const deployment = await openDeployment(cmd.tenant, io);
  if (!deployment) return 1;
  const { stores, tenantId } = deployment;
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
