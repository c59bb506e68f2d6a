/** Command-line arguments of `writeback-watch`, parsed with node:util parseArgs. */
import { parseArgs } from "node:util";
import { UserError } from "../errors.js";

export const USAGE = `Usage: writeback-watch audit [--json] [--graph-url URL] [--tenant ID] [--no-color] [--record DIR]
       writeback-watch trend [--json] [--days N] [--tenant ID]

audit: audits a Microsoft Entra ID tenant for password-writeback exposure (read-only).
trend: prints the headline over the snapshots the deployment stored (AUDIT_STORAGE, or
       AUDIT_STORAGE__tableServiceUri with your Azure sign-in), with the alerts sent and coverage lost.

  --json            print the exposure as JSON (the output contract) instead of the text report
  --graph-url URL   Microsoft Graph root, e.g. https://graph.microsoft.us (national clouds, the simulator)
  --tenant ID       tenant id (GUID) to audit; default: the credential's tenant
  --no-color        plain text even on a terminal (NO_COLOR is honoured too)
  --record DIR      audit: also save every Graph request and response in DIR, names, sign-in names and
                    mail pseudonymized (npm run sim -- --replay DIR serves it back)
  --days N          trend: only the last N days (default: every retained snapshot)
  -h, --help        show this help

Credentials: GRAPH_ACCESS_TOKEN when set (e.g. az account get-access-token --resource-type ms-graph),
otherwise DefaultAzureCredential. Other settings come from the environment (WRITEBACK_DECLARED, ...).
Exit codes: 0 done, 1 the audit failed (trend: nothing stored yet), 2 bad arguments or settings.`;

const HELP_HINT = "\nRun `writeback-watch --help` for usage.";

export type CliCommand =
  | { command: "help" }
  | {
      command: "audit";
      json: boolean;
      color: boolean | undefined;
      graphUrl?: string;
      tenant?: string;
      record?: string;
    }
  | { command: "trend"; json: boolean; days?: number; tenant?: string };

/** Throws UserError (exit code 2) naming the problem. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean", default: false },
        "graph-url": { type: "string" },
        tenant: { type: "string" },
        "no-color": { type: "boolean", default: false },
        days: { type: "string" },
        record: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new UserError(`${(err as Error).message}${HELP_HINT}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { command: "help" };
  if (positionals.length === 0) throw new UserError(`Missing command.${HELP_HINT}`);
  if (positionals[0] !== "audit" && positionals[0] !== "trend")
    throw new UserError(`Unknown command "${positionals[0]}".${HELP_HINT}`);
  if (positionals.length > 1) throw new UserError(`Unexpected argument "${positionals[1]}".${HELP_HINT}`);
  for (const name of ["graph-url", "tenant", "days", "record"] as const) {
    if (values[name] !== undefined && values[name]!.trim() === "")
      throw new UserError(`--${name} needs a value.${HELP_HINT}`);
  }
  if (positionals[0] === "trend") {
    if (values["graph-url"] !== undefined || values.record !== undefined)
      throw new UserError(
        `trend reads stored snapshots: --${values.record !== undefined ? "record" : "graph-url"} does not apply.${HELP_HINT}`,
      );
    const days = values.days;
    if (days !== undefined && (!/^\d{1,4}$/.test(days) || Number(days) < 1))
      throw new UserError(`--days must be a whole number of days from 1 to 9999.${HELP_HINT}`);
    return {
      command: "trend",
      json: values.json,
      ...(days !== undefined ? { days: Number(days) } : {}),
      ...(values.tenant !== undefined ? { tenant: values.tenant } : {}),
    };
  }
  if (values.days !== undefined) throw new UserError(`--days applies to trend only.${HELP_HINT}`);
  return {
    command: "audit",
    json: values.json,
    color: values["no-color"] ? false : undefined,
    ...(values["graph-url"] !== undefined ? { graphUrl: values["graph-url"] } : {}),
    ...(values.tenant !== undefined ? { tenant: values.tenant } : {}),
    ...(values.record !== undefined ? { record: values.record } : {}),
  };
}
