/**
 * `writeback-watch <command>`: audit, report, diff, snapshots, trend, accept, acceptances, revoke
 * (shared/cli/args.ts declares them). Exit codes: 0 done, 1 the command failed, 2 bad arguments or settings (one message on
 * stderr), 3 a finding at or above --fail-on.
 */
import { pathToFileURL } from "node:url";
import { scrubSecrets } from "../errors.js";
import { parseCliArgs, USAGE, verbUsage, type CliCommand } from "./args.js";
import { acceptCommand, acceptancesCommand, revokeCommand } from "./acceptCommands.js";
import { auditCommand } from "./auditCommand.js";
import { diffCommand } from "./diffCommand.js";
import { processIo, type CliIo } from "./io.js";
import { snapshotsCommand } from "./snapshotsCommand.js";
import { trendCommand } from "./trendCommand.js";

export type { CliIo } from "./io.js";

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let verb = "writeback-watch";
  try {
    const cmd = parseCliArgs(argv);
    if (cmd.command === "help") {
      io.stdout(`${cmd.verb ? verbUsage(cmd.verb) : USAGE}\n`);
      return 0;
    }
    verb = cmd.command;
    return await run(cmd, io);
  } catch (err) {
    if (isUserError(err)) {
      io.stderr(`writeback-watch: ${scrubSecrets(err.message)}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`writeback-watch: ${verb} failed: ${scrubSecrets(message)}\n`);
    return 1;
  }
}

function run(cmd: Exclude<CliCommand, { command: "help" }>, io: CliIo): Promise<number> {
  switch (cmd.command) {
    case "audit":
    case "report":
      return auditCommand(cmd, io);
    case "diff":
      return diffCommand(cmd, io);
    case "snapshots":
      return snapshotsCommand(cmd, io);
    case "trend":
      return trendCommand(cmd, io);
    case "accept":
      return acceptCommand(cmd, io);
    case "acceptances":
      return acceptancesCommand(cmd, io);
    case "revoke":
      return revokeCommand(cmd, io);
  }
}

function isUserError(err: unknown): err is Error {
  return err instanceof Error && (err as { isUserError?: unknown }).isUserError === true;
}

// Run when executed directly (tsx shared/cli/main.ts, node dist/shared/cli/main.js), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
