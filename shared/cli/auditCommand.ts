/**
 * `writeback-watch audit` and `writeback-watch report`: one audit (run now, or read from a saved
 * audit document) rendered as text, the JSON audit document, findings CSV or an HTML file, and the
 * pipeline gate: exit 3 when a finding at or above --fail-on exists that no acceptance in
 * ACCEPTANCES_FILE covers.
 */
import { writeFile } from "node:fs/promises";
import { auditTimeLimits, timeoutSignal } from "../audit/deadline.js";
import { loadConfig, type Config } from "../config.js";
import { scrubSecrets, UserError } from "../errors.js";
import { blockingFindings } from "../exposure/blockingFindings.js";
import { rankFixes } from "../exposure/fixes.js";
import { SEVERITIES, type Exposure, type Severity } from "../exposure/types.js";
import { renderFindingsCsv } from "../report/findingsCsv.js";
import { renderHtmlReport } from "../report/htmlReport.js";
import { renderTextReport } from "../report/textReport.js";
import type { CliCommand } from "./args.js";
import { readAuditDocument, toAuditDocument, type SavedAudit } from "./auditDocument.js";
import { auditTenant } from "./auditTenant.js";
import type { CliIo } from "./io.js";
import { applyFileAcceptances } from "./fileAcceptances.js";
import { createProgressLine } from "./progressLine.js";

type AuditLike = Extract<CliCommand, { command: "audit" | "report" }>;

/** Exit code of a run whose findings block the pipeline (--fail-on). */
export const EXIT_BLOCKED = 3;

export async function auditCommand(cmd: AuditLike, io: CliIo): Promise<number> {
  const input = cmd.command === "report" ? cmd.input : undefined;
  // A saved audit needs no setting, unless acceptances are to be applied to it.
  const config = input === undefined || io.env.ACCEPTANCES_FILE ? cliConfig(cmd, io) : undefined;
  const saved = input !== undefined ? await readAuditDocument(input) : await auditNow(cmd, config!, io);
  if (typeof saved === "number") return saved;
  const exposure = config ? await applyFileAcceptances(saved.exposure, config, io, new Date()) : saved.exposure;
  const audit = { ...saved, exposure };

  if (cmd.command === "report" && cmd.html !== undefined) {
    const { html } = renderHtmlReport({
      exposure,
      recentChanges: [],
      generatedAt: new Date().toISOString(),
      standalone: true,
      fixes: rankFixes(audit.snapshot, exposure),
    });
    try {
      await writeFile(cmd.html, html, "utf8");
    } catch (error) {
      throw new UserError(`Cannot write ${cmd.html} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    io.stderr(`writeback-watch: wrote the HTML report of snapshot ${exposure.snapshotId} to ${cmd.html}\n`);
  } else if (cmd.format === "json") {
    io.stdout(`${JSON.stringify(toAuditDocument(audit, rankFixes(audit.snapshot, exposure)), null, 2)}\n`);
  } else if (cmd.format === "csv") io.stdout(renderFindingsCsv(exposure));
  else {
    const fixes = rankFixes(audit.snapshot, exposure);
    io.stdout(renderTextReport(exposure, { color: cmd.color ?? (io.isTty && !io.env.NO_COLOR), fixes }));
  }

  return cmd.failOn ? gate(exposure, cmd.failOn, io) : 0;
}

/** The settings, with the flags that override them: validated by the same schema. */
function cliConfig(cmd: AuditLike, io: CliIo): Config {
  return loadConfig({
    ...io.env,
    ...(cmd.graphUrl !== undefined ? { GRAPH_BASE_URL: cmd.graphUrl } : {}),
    ...(cmd.tenant !== undefined ? { TENANT_ID: cmd.tenant } : {}),
  });
}

/** Runs the audit; a number is the exit code of an audit that read nothing. */
async function auditNow(cmd: AuditLike, config: Config, io: CliIo): Promise<SavedAudit | number> {
  const accessToken = accessTokenFrom(io.env);
  // Progress is for a person at a terminal, and only beside a human-readable report.
  const machineOutput = cmd.format !== "text" && !(cmd.command === "report" && cmd.html !== undefined);
  const progress = io.stderrIsTty && !machineOutput ? createProgressLine(io.stderr, io.stderrColumns) : undefined;
  const record = cmd.command === "audit" ? cmd.record : undefined;
  let audit: SavedAudit;
  try {
    // The timer's deadline (deadline.ts): what is not read by then is reported unknown ("timeout").
    audit = await auditTenant(config, {
      ...(accessToken ? { accessToken } : {}),
      abortSignal: timeoutSignal(auditTimeLimits(config.leaseSeconds).collectMs),
      ...(progress ? { onProgress: (e) => progress.update(e) } : {}),
      ...(record !== undefined ? { recordTo: record } : {}),
      ...(io.graphRateLimits ? { rateLimits: io.graphRateLimits } : {}),
    });
  } finally {
    progress?.done();
  }
  if (record !== undefined)
    io.stderr(`writeback-watch: Graph requests and responses saved, pseudonymized, in ${record}\n`);
  if (audit.exposure.coverage.every((c) => c.status === "unknown")) {
    const first = audit.exposure.coverage[0];
    // Every section failed alike (an unreachable host, a rejected token): say it once, without the section name.
    const detail = (first?.detail ?? "").replace(/^\w+: /, "");
    const advice = /\bCheck\b/.test(detail) ? "" : " Check the credential, the tenant and the Graph URL.";
    io.stderr(
      `writeback-watch: could not read any section from ${config.graphBaseUrl} (${first?.reason}: ${scrubSecrets(detail)})${advice}\n`,
    );
    return 1;
  }
  return audit;
}

/** Exit 3 with one line naming what blocks; a warning when unread sections may hide findings. */
function gate(exposure: Exposure, failOn: Severity, io: CliIo): number {
  const unread = exposure.coverage.filter((c) => c.status === "unknown").map((c) => c.section);
  if (unread.length > 0) {
    io.stderr(
      `writeback-watch: ${unread.length} of ${exposure.coverage.length} sections could not be read (${unread.join(", ")}); findings that need them are missing, so --fail-on ${failOn} checked a partial audit.\n`,
    );
  }
  const blocking = blockingFindings(exposure, failOn);
  const atOrAbove = blockingFindings({ findings: exposure.findings.map(({ acceptance: _a, ...f }) => f) }, failOn);
  const accepted = atOrAbove.length - blocking.length;
  const acceptedNote = accepted > 0 ? ` (${accepted} accepted, not counted)` : "";
  if (blocking.length === 0) {
    if (accepted > 0) io.stderr(`writeback-watch: no unaccepted finding at or above ${failOn}${acceptedNote}.\n`);
    return 0;
  }
  const bySeverity = SEVERITIES.map((s) => [s, blocking.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  io.stderr(
    `writeback-watch: ${blocking.length} finding${blocking.length === 1 ? "" : "s"} at or above ${failOn} (--fail-on): ${bySeverity.join(", ")}${acceptedNote}.\n`,
  );
  return EXIT_BLOCKED;
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
