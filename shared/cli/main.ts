/**
 * `writeback-watch audit [--json] [--graph-url URL] [--tenant ID] [--record DIR]` and `writeback-watch trend`.
 * Exit codes: 0 done, 1 the audit failed, 2 bad arguments or settings (one message on stderr).
 */
import { pathToFileURL } from "node:url";
import { auditTimeLimits, timeoutSignal } from "../audit/deadline.js";
import { loadConfig } from "../config.js";
import { scrubSecrets, UserError } from "../errors.js";
import { renderTextReport } from "../report/textReport.js";
import { parseCliArgs, USAGE } from "./args.js";
import { auditTenant } from "./auditTenant.js";
import { trendCommand } from "./trendCommand.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour by default). */
  isTty: boolean;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTty: process.stdout.isTTY === true,
};

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let verb = "audit";
  try {
    const cmd = parseCliArgs(argv);
    if (cmd.command === "help") {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    verb = cmd.command;
    if (cmd.command === "trend") return await trendCommand(cmd, io);
    // Flags override the matching settings, so they are validated by the same schema.
    const env = {
      ...io.env,
      ...(cmd.graphUrl !== undefined ? { GRAPH_BASE_URL: cmd.graphUrl } : {}),
      ...(cmd.tenant !== undefined ? { TENANT_ID: cmd.tenant } : {}),
    };
    const config = loadConfig(env);
    const accessToken = accessTokenFrom(io.env);
    // The timer's deadline (deadline.ts): what is not read by then is reported unknown ("timeout").
    const { exposure } = await auditTenant(config, {
      ...(accessToken ? { accessToken } : {}),
      abortSignal: timeoutSignal(auditTimeLimits(config.leaseSeconds).collectMs),
      ...(cmd.record !== undefined ? { recordTo: cmd.record } : {}),
    });
    if (cmd.record !== undefined)
      io.stderr(`writeback-watch: Graph requests and responses saved, pseudonymized, in ${cmd.record}\n`);

    if (exposure.coverage.every((c) => c.status === "unknown")) {
      const first = exposure.coverage[0];
      // Every section failed alike (an unreachable host, a rejected token): say it once, without the section name.
      const detail = (first?.detail ?? "").replace(/^\w+: /, "");
      const advice = /\bCheck\b/.test(detail) ? "" : " Check the credential, the tenant and the Graph URL.";
      io.stderr(
        `writeback-watch: could not read any section from ${config.graphBaseUrl} (${first?.reason}: ${scrubSecrets(detail)})${advice}\n`,
      );
      return 1;
    }
    if (cmd.json) io.stdout(`${JSON.stringify(exposure, null, 2)}\n`);
    else io.stdout(renderTextReport(exposure, { color: cmd.color ?? (io.isTty && !io.env.NO_COLOR) }));
    return 0;
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

/**
 * GRAPH_ACCESS_TOKEN as given, without the line break a copy-paste leaves at its end. A token with a
 * space or line break inside is refused without being repeated: it would end up split in an HTTP
 * header error, past the point a pattern-based redaction stops.
 */
function accessTokenFrom(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.GRAPH_ACCESS_TOKEN?.trim();
  if (!token) return undefined;
  if (/\s/.test(token)) {
    throw new UserError(
      "GRAPH_ACCESS_TOKEN has a space or line break inside; set it to the token alone (az account get-access-token --resource-type ms-graph --query accessToken -o tsv).",
    );
  }
  return token;
}

function isUserError(err: unknown): err is Error {
  return err instanceof Error && (err as { isUserError?: unknown }).isUserError === true;
}

// Run when executed directly (tsx shared/cli/main.ts, node dist/shared/cli/main.js), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
