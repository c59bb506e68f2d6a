/**
 * `writeback-watch accept`, `acceptances` and `revoke`: accepted findings of the watched tenant, read
 * and written in the deployment's `acceptances` table through the same code path as
 * /api/acceptances (shared/audit/acceptances.ts), so a request is checked against the latest stored
 * audit the same way (unknown key → exit 2 naming the closest keys) and a write is one transaction.
 */
import { hostname, userInfo } from "node:os";
import { acceptFinding, listAcceptances, revokeAcceptance } from "../audit/acceptances.js";
import type { AcceptanceEvent } from "../acceptance/types.js";
import { renderAcceptanceEvent, renderAcceptancesText } from "../report/acceptancesText.js";
import type { CliCommand } from "./args.js";
import { openDeployment, type Deployment } from "./deployment.js";
import type { CliIo } from "./io.js";

/** Who records an acceptance from the command line: the local account, on this machine. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  const user = env.USER || env.USERNAME || safeUserName();
  return `cli ${user}@${hostname()}`;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

function contextOf(d: Deployment) {
  return { stores: d.stores, config: d.config, log: () => {}, now: () => new Date() };
}

function printEvent(event: AcceptanceEvent, json: boolean, io: CliIo): number {
  io.stdout(json ? `${JSON.stringify(event, null, 2)}\n` : renderAcceptanceEvent(event));
  return 0;
}

export async function acceptCommand(cmd: Extract<CliCommand, { command: "accept" }>, io: CliIo): Promise<number> {
  const deployment = await openDeployment(cmd.tenant, io);
  if (!deployment) return 1;
  const event = await acceptFinding(
    contextOf(deployment),
    deployment.tenantId,
    { target: cmd.target, until: cmd.until, reason: cmd.reason, ...(cmd.owner ? { owner: cmd.owner } : {}) },
    cliActor(io.env),
  );
  return printEvent(event, cmd.json, io);
}

export async function revokeCommand(cmd: Extract<CliCommand, { command: "revoke" }>, io: CliIo): Promise<number> {
  const deployment = await openDeployment(cmd.tenant, io);
  if (!deployment) return 1;
  const event = await revokeAcceptance(contextOf(deployment), deployment.tenantId, cmd.id, cliActor(io.env));
  return printEvent(event, cmd.json, io);
}

export async function acceptancesCommand(
  cmd: Extract<CliCommand, { command: "acceptances" }>,
  io: CliIo,
): Promise<number> {
  const deployment = await openDeployment(cmd.tenant, io);
  if (!deployment) return 1;
  const listing = await listAcceptances(contextOf(deployment), deployment.tenantId);
  io.stdout(cmd.json ? `${JSON.stringify(listing, null, 2)}\n` : renderAcceptancesText(listing));
  return 0;
}
