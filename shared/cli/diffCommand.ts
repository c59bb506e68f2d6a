/**
 * `writeback-watch diff <before.json> <after.json> [--json]`: two saved audit documents compared by
 * the diff the timer runs between consecutive audits (diffSnapshots: common coverage, the same rules
 * and causes), so an offline comparison says exactly what the deployed watch would have alerted on.
 * `--json` prints that Diff: its `changes` are the objects the timer stores.
 */
import { UserError } from "../errors.js";
import { diffSnapshots } from "../diff/diffSnapshots.js";
import { renderDiffText } from "../report/textReport.js";
import type { CliCommand } from "./args.js";
import { readAuditDocument } from "./auditDocument.js";
import type { CliIo } from "./io.js";

export async function diffCommand(cmd: Extract<CliCommand, { command: "diff" }>, io: CliIo): Promise<number> {
  const [before, after] = await Promise.all([readAuditDocument(cmd.before), readAuditDocument(cmd.after)]);
  if (before.snapshot.tenantId !== after.snapshot.tenantId) {
    throw new UserError(
      `${cmd.before} audited tenant ${before.snapshot.tenantId} and ${cmd.after} tenant ${after.snapshot.tenantId}: only audits of one tenant compare.`,
    );
  }
  if (before.snapshot.takenAt > after.snapshot.takenAt) {
    throw new UserError(
      `${cmd.before} (taken ${before.snapshot.takenAt}) is newer than ${cmd.after} (taken ${after.snapshot.takenAt}): give the older audit first.`,
    );
  }
  const diff = diffSnapshots(before, after);
  io.stdout(
    cmd.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff, { color: io.isTty && !io.env.NO_COLOR }),
  );
  return 0;
}
