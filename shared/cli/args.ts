/**
 * Command-line arguments of `writeback-watch`: one table of verbs (usage, options, positionals and
 * help), each parsed strictly with node:util parseArgs. Every argument of every verb is declared here,
 * so `--help` of a verb is generated from what the verb really accepts, and an option that belongs to
 * another verb is refused with one message (exit code 2) instead of being ignored.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../errors.js";
import { SEVERITIES, type Severity } from "../exposure/types.js";

export type OutputFormat = "text" | "json" | "csv";

interface AuditSource {
  color: boolean | undefined;
  graphUrl?: string;
  tenant?: string;
}

export type CliCommand =
  | { command: "help"; verb?: Verb }
  | ({
      command: "audit";
      format: OutputFormat;
      failOn?: Severity;
      /** Save every Graph request and response, pseudonymized, in this directory. */
      record?: string;
    } & AuditSource)
  | ({
      command: "report";
      /** A saved `audit --json` output; absent: audit the tenant now. */
      input?: string;
      html?: string;
      format: OutputFormat;
      failOn?: Severity;
    } & AuditSource)
  | { command: "diff"; before: string; after: string; json: boolean }
  | { command: "snapshots"; json: boolean; limit?: number; tenant?: string }
  | { command: "trend"; json: boolean; days?: number; tenant?: string }
  | {
      command: "accept";
      /** A finding key or principal:<id>:role:<templateId>. */
      target: string;
      until?: string;
      reason?: string;
      owner?: string;
      json: boolean;
      tenant?: string;
    }
  | { command: "acceptances"; json: boolean; tenant?: string }
  | { command: "revoke"; id: string; json: boolean; tenant?: string };

export type Verb = Exclude<CliCommand["command"], "help">;

type Values = Record<string, string | boolean | undefined>;

interface OptionHelp {
  type: "string" | "boolean";
  /** Shown after the option name in help, e.g. "URL". */
  arg?: string;
  help: string;
}

interface VerbSpec {
  args: string;
  summary: string;
  /** Paragraph shown under the usage line of `<verb> --help` (wrapped there). */
  description: string;
  exitCodes: string;
  options: Record<string, OptionHelp>;
  positionals: { min: number; max: number; names: string };
  build(values: Values, positionals: string[]): CliCommand;
}

const OPTION = {
  json: { type: "boolean", help: "print JSON instead of text" },
  format: {
    type: "string",
    arg: "FORMAT",
    help: "text (default), json (the audit document: exposure and snapshot), or csv (one row per finding)",
  },
  failOn: {
    type: "string",
    arg: "SEVERITY",
    help: `exit 3 when a finding of this severity or higher exists (${SEVERITIES.join(" | ")})`,
  },
  graphUrl: {
    type: "string",
    arg: "URL",
    help: "Microsoft Graph root, e.g. https://graph.microsoft.us (national clouds, the simulator)",
  },
  tenant: { type: "string", arg: "ID", help: "tenant id (GUID); default: the credential's tenant" },
  storedTenant: { type: "string", arg: "ID", help: "tenant id (GUID); default: the one the deployment last audited" },
  noColor: { type: "boolean", help: "plain text even on a terminal (NO_COLOR is honoured too)" },
} satisfies Record<string, OptionHelp>;

const CREDENTIALS = `Credentials: GRAPH_ACCESS_TOKEN when set (e.g. az account get-access-token --resource-type ms-graph), otherwise DefaultAzureCredential. Other settings come from the environment (WRITEBACK_DECLARED, ...).`;
const STORAGE = `Reads the deployment's tables: AUDIT_STORAGE (a connection string), or AUDIT_STORAGE__tableServiceUri with your Azure sign-in (Storage Table Data Reader on the account).`;
const AUDIT_EXIT =
  "0 done, 1 no section could be read, 2 bad arguments or settings, 3 a finding at or above --fail-on.";
const STORED_EXIT = "0 done, 1 nothing is stored yet, 2 bad arguments or settings.";
const WRITE_STORAGE = `Writes the deployment's acceptances table: AUDIT_STORAGE (a connection string), or AUDIT_STORAGE__tableServiceUri with your Azure sign-in (Storage Table Data Contributor on the account). The history records you as "cli <user>@<host>".`;
const WRITE_EXIT =
  "0 recorded, 1 nothing is stored yet or the write failed, 2 bad arguments or settings, or a request the latest audit refuses (an unknown key, named with the closest ones; an expiry in the past or beyond ACCEPTANCE_MAX_DAYS; no reason).";

const VERBS: Record<Verb, VerbSpec> = {
  audit: {
    args: "[--format text|json|csv] [--json] [--fail-on SEVERITY] [--graph-url URL] [--tenant ID] [--no-color] [--record DIR]",
    summary: "audit a tenant for password-writeback exposure now (read-only)",
    description: `Audits the tenant through Microsoft Graph, read-only, and prints the exposure. On a terminal, progress goes to stderr (not with --json or --format csv). ${CREDENTIALS}`,
    exitCodes: AUDIT_EXIT,
    options: {
      format: OPTION.format,
      json: { type: "boolean", help: "the same as --format json" },
      "fail-on": OPTION.failOn,
      "graph-url": OPTION.graphUrl,
      tenant: OPTION.tenant,
      "no-color": OPTION.noColor,
      record: {
        type: "string",
        arg: "DIR",
        help: "also save every Graph request and response in DIR, names, sign-in names and mail pseudonymized (npm run sim -- --replay DIR serves it back)",
      },
    },
    positionals: { min: 0, max: 0, names: "" },
    build: (v) => {
      const record = nonEmpty(v, "record");
      return {
        command: "audit",
        ...formatOf(v, "audit"),
        ...failOnOf(v, "audit"),
        ...sourceOf(v),
        ...(record !== undefined ? { record } : {}),
      };
    },
  },
  report: {
    args: "[<audit.json>] [--html FILE] [--format text|json|csv] [--fail-on SEVERITY] [--graph-url URL] [--tenant ID]",
    summary: "render a saved audit (or a new one) as text, JSON, CSV or an HTML file",
    description: `Renders the audit saved by \`writeback-watch audit --json > audit.json\`, recomputed by this release's exposure model; without a file it audits the tenant first, as \`audit\` does. --html writes the HTML report (the page the API serves, without the stored history) to FILE. ${CREDENTIALS}`,
    exitCodes: AUDIT_EXIT,
    options: {
      html: { type: "string", arg: "FILE", help: "write the HTML report to FILE" },
      format: OPTION.format,
      "fail-on": OPTION.failOn,
      "graph-url": OPTION.graphUrl,
      tenant: OPTION.tenant,
      "no-color": OPTION.noColor,
    },
    positionals: { min: 0, max: 1, names: "<audit.json>" },
    build: (v, [input]) => {
      if (input !== undefined && (v["graph-url"] !== undefined || v.tenant !== undefined))
        throw usage("report", "--graph-url and --tenant apply when no saved audit is given.");
      const html = nonEmpty(v, "html");
      if (html !== undefined && v.format !== undefined)
        throw usage("report", "--html writes a file; --format prints to stdout: give one of them.");
      return {
        command: "report",
        ...(input !== undefined ? { input } : {}),
        ...(html !== undefined ? { html } : {}),
        ...formatOf(v, "report"),
        ...failOnOf(v, "report"),
        ...sourceOf(v),
      };
    },
  },
  diff: {
    args: "<before.json> <after.json> [--json]",
    summary: "compare two saved audits with the rules the timer alerts by",
    description: `Compares two outputs of \`writeback-watch audit --json\` as the timer compares consecutive audits: under common coverage (a section either audit could not read is compared as unread in both), each change with its direction and severity. --json prints the change objects the timer stores.`,
    exitCodes: "0 done, 2 bad arguments or a file that is not a saved audit.",
    options: { json: OPTION.json },
    positionals: { min: 2, max: 2, names: "<before.json> <after.json>" },
    build: (v, [before, after]) => ({ command: "diff", before: before!, after: after!, json: v.json === true }),
  },
  snapshots: {
    args: "[--json] [--limit N] [--tenant ID]",
    summary: "list the snapshots a deployment stored, newest first",
    description: `Lists the stored snapshots (what GET /api/snapshots returns), newest first. ${STORAGE}`,
    exitCodes: STORED_EXIT,
    options: storedOptions("limit", "only the newest N snapshots (default: every retained one)"),
    positionals: { min: 0, max: 0, names: "" },
    build: (v) => ({ command: "snapshots", ...storedArgs(v, "limit", "snapshots") }),
  },
  trend: {
    args: "[--json] [--days N] [--tenant ID]",
    summary: "print the headline over the stored snapshots, with alerts sent and coverage lost",
    description: `Prints the headline over the snapshots a deployment stored (what GET /api/trend returns), with the alerts sent and the coverage lost. ${STORAGE}`,
    exitCodes: STORED_EXIT,
    options: storedOptions("days", "only the last N days (default: every retained snapshot)"),
    positionals: { min: 0, max: 0, names: "" },
    build: (v) => ({ command: "trend", ...storedArgs(v, "days", "trend") }),
  },
  accept: {
    args: "<key | principal:<id>:role:<templateId>> --until DATE --reason TEXT [--owner WHO] [--json] [--tenant ID]",
    summary: "accept a finding until a date: still shown, marked accepted, no alert while it stays as it is",
    description: `Accepts a finding of the latest stored audit, by its key (from the report or \`audit --json\`) or as principal:<principalId>:role:<roleTemplateId> (that role at any scope). While accepted it is still shown, marked accepted with owner, reason and expiry, and never alerts; it alerts once when the acceptance expires or the finding grows past what it was (more synced users reached, a higher severity, an eligible assignment turned active). Accepting the same target again renews it. ${WRITE_STORAGE}`,
    exitCodes: WRITE_EXIT,
    options: {
      until: {
        type: "string",
        arg: "DATE",
        help: "when it ends: 2027-03-01 (00:00 UTC) or an ISO 8601 instant; at most ACCEPTANCE_MAX_DAYS (default 180) away",
      },
      reason: { type: "string", arg: "TEXT", help: "why the risk is kept (required, at most 1000 characters)" },
      owner: { type: "string", arg: "WHO", help: "who answers for it (default: you, as recorded)" },
      json: { type: "boolean", help: "print the recorded history event as JSON" },
      tenant: OPTION.storedTenant,
    },
    positionals: { min: 1, max: 1, names: "<key | principal:<id>:role:<templateId>>" },
    build: (v, [target]) => ({
      command: "accept",
      target: target!,
      ...optionalStrings(v, ["until", "reason", "owner"]),
      json: v.json === true,
      ...tenantOf(v),
    }),
  },
  acceptances: {
    args: "[--json] [--tenant ID]",
    summary: "list the acceptances, soonest expiry first, with the findings each covers",
    description: `Lists the acceptances (the table's and the acceptances file's, ACCEPTANCES_FILE), soonest expiry first, each with the findings of the latest audit it matches and where each stands (accepted, exceeded, expired, revoked), then the acceptances file's problems: what GET /api/acceptances returns. ${STORAGE}`,
    exitCodes: STORED_EXIT,
    options: { json: OPTION.json, tenant: OPTION.storedTenant },
    positionals: { min: 0, max: 0, names: "" },
    build: (v) => ({ command: "acceptances", json: v.json === true, ...tenantOf(v) }),
  },
  revoke: {
    args: "<id> [--json] [--tenant ID]",
    summary: "revoke an acceptance by its id: its findings alert again when they grow",
    description: `Revokes an acceptance of the table by its id (from \`writeback-watch acceptances\`); the history keeps it, with who revoked it and when. An acceptance from the acceptances file (file:<id>) is changed in the file. ${WRITE_STORAGE}`,
    exitCodes:
      "0 revoked, 1 nothing is stored yet or the write failed, 2 bad arguments, an unknown id, or one already revoked.",
    options: {
      json: { type: "boolean", help: "print the recorded history event as JSON" },
      tenant: OPTION.storedTenant,
    },
    positionals: { min: 1, max: 1, names: "<id>" },
    build: (v, [id]) => ({ command: "revoke", id: id!, json: v.json === true, ...tenantOf(v) }),
  },
};

const EXIT_CODES = `Exit codes: 0 done, 1 the command failed (no section could be read, nothing stored yet),
2 bad arguments or settings, 3 a finding at or above --fail-on (audit, report).`;

export const USAGE = `Usage: writeback-watch <command> [options]

${Object.entries(VERBS)
  .map(([verb, spec]) => `  ${verb.padEnd(12)} ${spec.summary}`)
  .join("\n")}

Run \`writeback-watch <command> --help\` for a command's options.
${EXIT_CODES}`;

/** The help of one verb: usage line, what it does, its options. */
export function verbUsage(verb: Verb): string {
  const spec = VERBS[verb];
  const help: OptionHelp = { type: "boolean", help: "show this help" };
  const rows = [...Object.entries(spec.options), ["help", help] as const]
    .map(([name, o]: readonly [string, OptionHelp]) => {
      const flag = `${name === "help" ? "-h, " : ""}--${name}${o.arg ? ` ${o.arg}` : ""}`;
      return `  ${flag.padEnd(22)} ${o.help}`;
    })
    .join("\n");
  return `Usage: writeback-watch ${verb} ${spec.args}

${wrap(spec.description)}

${rows}

${wrap(`Exit codes: ${spec.exitCodes}`)}`;
}

/** Words reflowed to lines of at most `width` characters. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}

const isVerb = (word: string | undefined): word is Verb => word !== undefined && Object.hasOwn(VERBS, word);

/** Throws UserError (exit code 2) naming the problem. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UserError(`Missing command.\n${hint()}`);
  if (first === "-h" || first === "--help") return { command: "help" };
  if (first === "help") {
    if (rest.length === 0) return { command: "help" };
    if (isVerb(rest[0]) && rest.length === 1) return { command: "help", verb: rest[0] };
    throw new UserError(`Unknown command "${rest[0]}".\n${hint()}`);
  }
  if (first.startsWith("-")) throw new UserError(`Missing command before "${first}".\n${hint()}`);
  if (!isVerb(first)) throw new UserError(`Unknown command "${first}".\n${hint()}`);

  const spec = VERBS[first];
  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options });
  } catch (err) {
    // parseArgs adds advice about "--" for an unknown option; the first sentence says what is wrong.
    throw usage(first, `${(err as Error).message.split(". ")[0]!.replace(/\.$/, "")}.`);
  }
  const values = parsed.values as Values;
  if (values.help === true) return { command: "help", verb: first };
  const { positionals } = parsed;
  if (positionals.length > spec.positionals.max)
    throw usage(first, `Unexpected argument "${positionals[spec.positionals.max]}".`);
  if (positionals.length < spec.positionals.min) throw usage(first, `${first} needs ${spec.positionals.names}.`);
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" && value.trim() === "") throw usage(first, `--${name} needs a value.`);
  }
  return spec.build(values, positionals);
}

function hint(verb?: Verb): string {
  return `Run \`writeback-watch ${verb ? `${verb} ` : ""}--help\` for usage.`;
}

function usage(verb: Verb, problem: string): UserError {
  return new UserError(`${problem}\n${hint(verb)}`);
}

function nonEmpty(v: Values, name: string): string | undefined {
  const value = v[name];
  return typeof value === "string" ? value : undefined;
}

function formatOf(v: Values, verb: Verb): { format: OutputFormat } {
  const format = nonEmpty(v, "format");
  if (v.json === true && format !== undefined && format !== "json")
    throw usage(verb, `--json and --format ${format} disagree: give one of them.`);
  if (format === undefined) return { format: v.json === true ? "json" : "text" };
  if (format !== "text" && format !== "json" && format !== "csv")
    throw usage(verb, `--format must be text, json or csv (got "${format}").`);
  return { format };
}

function failOnOf(v: Values, verb: Verb): { failOn?: Severity } {
  const value = nonEmpty(v, "fail-on")?.toLowerCase();
  if (value === undefined) return {};
  if (!(SEVERITIES as readonly string[]).includes(value))
    throw usage(verb, `--fail-on must be one of ${SEVERITIES.join(", ")} (got "${v["fail-on"]}").`);
  return { failOn: value as Severity };
}

function sourceOf(v: Values): AuditSource {
  const graphUrl = nonEmpty(v, "graph-url");
  return {
    color: v["no-color"] === true ? false : undefined,
    ...(graphUrl !== undefined ? { graphUrl } : {}),
    ...tenantOf(v),
  };
}

/** The string options among `names` that were given. */
function optionalStrings(v: Values, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (typeof v[n] === "string" ? [[n, v[n]]] : [])));
}

function tenantOf(v: Values): { tenant?: string } {
  const tenant = nonEmpty(v, "tenant");
  return tenant !== undefined ? { tenant } : {};
}

/** Options of a verb that reads the deployment's tables: --json, one count option, --tenant. */
function storedOptions(count: string, help: string): Record<string, OptionHelp> {
  return { json: OPTION.json, [count]: { type: "string", arg: "N", help }, tenant: OPTION.storedTenant };
}

function storedArgs<K extends "limit" | "days">(
  v: Values,
  count: K,
  verb: Verb,
): { json: boolean; tenant?: string } & Partial<Record<K, number>> {
  const n = wholeNumber(v, count, verb);
  return { json: v.json === true, ...(n !== undefined ? { [count]: n } : {}), ...tenantOf(v) } as {
    json: boolean;
    tenant?: string;
  } & Partial<Record<K, number>>;
}

function wholeNumber(v: Values, name: string, verb: Verb): number | undefined {
  const value = nonEmpty(v, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1)
    throw usage(verb, `--${name} must be a whole number from 1 to 9999.`);
  return Number(value);
}
