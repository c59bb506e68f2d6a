/**
 * `npm start`: the demo. Starts the local stand-ins (Graph tenant simulator with the demo tenant,
 * Azurite, the ACS Email endpoint, Teams Workflows, a signed-webhook receiver, Logs Ingestion), then
 * walks the product's real path twice:
 *   1. a baseline audit: stored, reported, no alert; its findings go to Log Analytics;
 *   2. a mutation in the tenant (a synced user made Helpdesk Administrator, SSPR widened to all);
 *   3. a second audit: diffed against the first, the alert sent through every channel: the email
 *      through ACS (written to disk), the Teams card and the signed webhook payload (printed, and
 *      written beside the email), the findings and changes to Log Analytics.
 * No Azure account needed. Every run starts from fresh in-memory storage, so it can run twice in a row.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AuditRunResult } from "../shared/audit/runAudit.js";
import { runAudit } from "../shared/audit/runAudit.js";
import type { Exposure } from "../shared/exposure/types.js";
import { rankFixes } from "../shared/exposure/fixes.js";
import { renderTextReport } from "../shared/report/textReport.js";
import { startLocalStack, type LocalStack } from "./localStack.js";
import { DEMO } from "../sim/graph/index.js";

export interface DemoOptions {
  out?: (text: string) => void;
  color?: boolean;
  /** Where the alert emails are written. Default `.demo/mail` under the current directory. */
  mailDir?: string;
}

export interface DemoResult {
  exposures: Exposure[];
  runs: AuditRunResult[];
  emailFiles: string[];
  /** The Teams card and the webhook payload as posted, written beside the email. */
  channelFiles: string[];
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const out = options.out ?? ((t: string) => void process.stdout.write(t));
  const color = options.color ?? false;
  const mailDir = path.resolve(options.mailDir ?? path.join(".demo", "mail"));
  // Emails of an earlier run would be mistaken for this run's.
  await rm(mailDir, { recursive: true, force: true });
  await mkdir(mailDir, { recursive: true });

  out("Starting the local stand-ins: Graph tenant simulator (demo tenant), Azurite, ACS Email endpoint…\n");
  const stack: LocalStack = await startLocalStack({
    mailOutDir: mailDir,
    recipients: ["secops@contoso-demo.example"],
    channels: true,
  });
  const result: DemoResult = { exposures: [], runs: [], emailFiles: [], channelFiles: [] };
  try {
    out(
      `  Graph simulator ${stack.graph.baseUrl} · Azurite ${stack.azurite.tableEndpoint} · ACS ${stack.acs.endpoint}\n`,
    );
    const channels = stack.channels!;
    out(
      `  Teams Workflows ${channels.teams.baseUrl} · webhook receiver ${channels.webhook.url} · Logs Ingestion ${channels.logs.endpoint}\n\n`,
    );

    out(rule("1. Baseline audit"));
    const baseline = await runAudit(stack.ctx, { trigger: "demo" });
    result.runs.push(baseline);
    result.exposures.push(baseline.exposure);
    out(renderTextReport(baseline.exposure, { color }));
    out(`\nStored snapshot ${baseline.summary.snapshotId} (${baseline.summary.storedBytes} bytes gzipped). `);
    out("First audit of this tenant: a baseline, so no alert is sent.\n\n");

    out(rule("2. Something changes in the tenant"));
    const { userId } = stack.graph.mutate.escalation(DEMO.syncedGlobalAdminId);
    out(
      `  A Global Administrator makes a synced user (${userId}) Helpdesk Administrator, and SSPR is widened to all users.\n\n`,
    );

    out(rule("3. Next audit: diff and alert"));
    const second = await runAudit(stack.ctx, { trigger: "demo" });
    result.runs.push(second);
    result.exposures.push(second.exposure);
    const fixes = rankFixes(second.snapshot, second.exposure);
    out(renderTextReport(second.exposure, { color, diff: second.diff, fixes }));
    const perChannel = Object.entries(second.alerts.byChannel)
      .map(([channel, c]) => `${channel} ${c.sent} sent${c.failed ? `, ${c.failed} failed` : ""}`)
      .join(" · ");
    out(`\nDelivered: ${perChannel || "nothing"}.\n`);
    for (const message of stack.acs.messages) {
      out(`  Email "${message.subject}" → ${message.to.join(", ")}\n`);
      if (message.files) {
        result.emailFiles.push(message.files.html, message.files.text);
        out(`    open ${message.files.html}\n    or   ${message.files.text}\n`);
      }
    }
    result.channelFiles.push(...(await showChannels(stack, mailDir, out)));
    out("\nDone. Deploy it to a tenant with `azd up` (see README).\n");
    return result;
  } finally {
    await stack.close();
  }
}

/** What the other channels received: the Teams card and the webhook payload in full, the Log Analytics rows counted. */
async function showChannels(stack: LocalStack, dir: string, out: (text: string) => void): Promise<string[]> {
  const { teams, webhook, logs } = stack.channels!;
  const files: string[] = [];
  const card = teams.cards.at(-1);
  if (card) {
    const file = path.join(dir, "teams-card.json");
    await writeFile(file, `${JSON.stringify(card.body, null, 2)}\n`);
    files.push(file);
    out(
      `\n  Teams card posted to the Workflows stand-in (${card.bytes} bytes; paste the card into adaptivecards.io/designer):\n`,
    );
    out(indent(JSON.stringify(card.card, null, 2)));
  }
  const event = webhook.events.at(-1);
  if (event) {
    const file = path.join(dir, "webhook-payload.json");
    await writeFile(file, `${JSON.stringify(event.payload, null, 2)}\n`);
    files.push(file);
    out(`\n  Signed webhook delivered (webhook-id ${event.id}, signature verified by the receiver):\n`);
    out(indent(JSON.stringify(event.payload, null, 2)));
  }
  const counts = Object.entries(logs.rows).map(([stream, rows]) => `${rows.length} rows in ${stream}`);
  out(`\n  Log Analytics (Logs Ingestion stand-in): ${counts.join(", ") || "nothing"}.\n`);
  out(`  Written: ${files.join(", ")}\n`);
  return files;
}

function indent(text: string): string {
  return `${text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}\n`;
}

function rule(title: string): string {
  return `── ${title} ${"─".repeat(Math.max(0, 72 - title.length))}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await runDemo({ color: process.stdout.isTTY === true && !process.env.NO_COLOR });
    process.exitCode = 0;
  } catch (err) {
    process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
