/**
 * `npm start`: the demo. Starts the Graph tenant simulator with the demo tenant, audits it through
 * the CLI's code path (settings → runAudit → report) with a fake token, prints the report, stops the
 * simulator. No Azure account needed.
 *
 * Each step is a small function over a shared DemoContext so later steps (Azurite, a second audit
 * after a mutation, the diff, the email) slot in between without reshaping the rest.
 */
import { pathToFileURL } from "node:url";
import { loadConfig, type Config } from "../config.js";
import type { Exposure } from "../exposure/types.js";
import { renderTextReport } from "../report/textReport.js";
import { startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { runAudit } from "./runAudit.js";

/** Not a secret: the simulator accepts any bearer token. */
export const DEMO_ACCESS_TOKEN = "fake-demo-token";

export interface DemoContext {
  sim: GraphSimulator;
  config: Config;
  out: (text: string) => void;
  color: boolean;
  exposures: Exposure[];
}

export interface DemoOptions {
  out?: (text: string) => void;
  color?: boolean;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoContext> {
  const out = options.out ?? ((t: string) => void process.stdout.write(t));
  const sim = await startGraphSimulator({ profile: "demo" });
  try {
    // The same settings parsing as the CLI; only the Graph URL points at the simulator.
    const config = loadConfig({ GRAPH_BASE_URL: sim.baseUrl });
    const ctx: DemoContext = { sim, config, out, color: options.color ?? false, exposures: [] };
    out(`Graph simulator (demo tenant) listening on ${sim.baseUrl}\n\n`);
    await auditAndReport(ctx);
    return ctx;
  } finally {
    await sim.close();
  }
}

async function auditAndReport(ctx: DemoContext): Promise<Exposure> {
  const { exposure } = await runAudit(ctx.config, { accessToken: DEMO_ACCESS_TOKEN });
  ctx.exposures.push(exposure);
  ctx.out(renderTextReport(exposure, { color: ctx.color }));
  return exposure;
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
