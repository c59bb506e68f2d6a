/**
 * `writeback-watch snapshots [--json] [--limit N] [--tenant ID]`: the snapshot summaries a deployment
 * stored, newest first (GET /api/snapshots, every page). The text is one line per snapshot, the ids a
 * user passes on to GET /api/snapshots/{id} and /api/diff. Exit 1 when nothing is stored yet.
 */
import type { SnapshotSummary } from "../store/types.js";
import { terminalSafe } from "../report/textReport.js";
import type { CliCommand } from "./args.js";
import { openDeployment } from "./deployment.js";
import type { CliIo } from "./io.js";

const PAGE_SIZE = 100;

export async function snapshotsCommand(cmd: Extract<CliCommand, { command: "snapshots" }>, io: CliIo): Promise<number> {
  const deployment = await openDeployment(cmd.tenant, io);
  if (!deployment) return 1;
  const { stores, tenantId } = deployment;
  const items: SnapshotSummary[] = [];
  let continuationToken: string | undefined;
  do {
    const pageSize = Math.min(PAGE_SIZE, (cmd.limit ?? Infinity) - items.length);
    const page = await stores.snapshots.listSummaries(tenantId, { pageSize, continuationToken });
    items.push(...page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken && items.length < (cmd.limit ?? Infinity));
  if (items.length === 0) {
    io.stderr(`writeback-watch: no snapshot of tenant ${tenantId} is stored.\n`);
    return 1;
  }
  io.stdout(cmd.json ? `${JSON.stringify({ tenantId, items }, null, 2)}\n` : renderSnapshotsText(tenantId, items));
  return 0;
}

export function renderSnapshotsText(tenantId: string, items: readonly SnapshotSummary[]): string {
  const figure = (n: number | null | undefined) => (n === null || n === undefined ? "?" : String(n));
  const lines = [`Snapshots of tenant ${terminalSafe(tenantId)}, newest first (${items.length}):`];
  for (const s of items) {
    const h = s.headline;
    const gaps = s.coverageGaps.length > 0 ? `  coverage gaps: ${s.coverageGaps.map(terminalSafe).join(", ")}` : "";
    lines.push(
      `${terminalSafe(s.takenAt)}  ${terminalSafe(s.snapshotId)}  writeback ${s.writebackState}  ` +
        `${h.potential ? "potential " : ""}paths ${figure(h.resetPaths)}  resetters ${figure(h.resetters)}  ` +
        `critical ${s.findingsBySeverity.critical ?? 0}${gaps}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
