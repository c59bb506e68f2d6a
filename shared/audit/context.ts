/**
 * The audit context: the configured edges (Graph, Table Storage, email) the orchestrator works with.
 * Built once per process by the functions and once per run by the CLI/demo; tests and the demo
 * pass overrides pointing at the simulators.
 */
import { randomUUID } from "node:crypto";
import type { Config } from "../config.js";
import type { GraphClient } from "../graph/GraphClient.js";
import { graphClientForConfig } from "../graph/credential.js";
import { createTableStores, type TableStores } from "../store/createTableStores.js";
import type { EmailSender } from "../notify/types.js";
import { createEmailSender } from "../notify/acsEmailSender.js";
import { createChannelNotifiers } from "../notify/channels/createChannelNotifiers.js";
import type { AnyNotifier } from "../notify/notifier.js";
import { createEmailNotifier } from "../notify/emailNotifier.js";
import { scrubSecrets } from "../errors.js";
import { auditTimeLimits, type AuditTimeLimits } from "./deadline.js";

export interface AuditContext {
  config: Config;
  graph: GraphClient;
  stores: TableStores;
  /** Undefined when no recipients are configured: alerts and digests are logged only. */
  sender?: EmailSender;
  /** The channels beside email that are configured (Teams, webhook, Log Analytics); empty when none. */
  channels: AnyNotifier[];
  now: () => Date;
  /** One line per call; structured JSON where it matters. Never given secrets. */
  log: (line: string) => void;
  /** Who holds the audit lease while this context runs one. */
  holderId: string;
  /** When a run's collection and the run itself must end (from LEASE_SECONDS and the function timeout). */
  timeLimits: AuditTimeLimits;
}

export type AuditContextOverrides = Partial<
  Pick<AuditContext, "graph" | "stores" | "sender" | "channels" | "now" | "log" | "timeLimits">
>;

export async function createAuditContext(config: Config, overrides: AuditContextOverrides = {}): Promise<AuditContext> {
  const graph = overrides.graph ?? graphClientForConfig(config);
  const stores = overrides.stores ?? (await createTableStores(config.storage));
  const sender = overrides.sender ?? (config.mail ? createEmailSender(config.mail) : undefined);
  return {
    config,
    graph,
    stores,
    sender,
    channels: overrides.channels ?? createChannelNotifiers(config.channels),
    now: overrides.now ?? (() => new Date()),
    log: overrides.log ?? ((line) => console.log(scrubSecrets(line))),
    timeLimits: overrides.timeLimits ?? auditTimeLimits(config.leaseSeconds),
    holderId: `${process.env.WEBSITE_INSTANCE_ID?.slice(0, 12) ?? "local"}-${process.pid}-${randomUUID().slice(0, 8)}`,
  };
}

/**
 * Every configured channel's Notifier: email (when recipients and a sender are configured, its
 * recipients resolved from the settings and the group through this context's Graph client), then
 * the others (Teams, webhook, Log Analytics).
 */
export function notifiersOf(ctx: Pick<AuditContext, "config" | "sender" | "graph" | "channels">): AnyNotifier[] {
  const email =
    ctx.config.mail && ctx.sender
      ? [createEmailNotifier({ sender: ctx.sender, recipients: ctx.config.mail, graph: ctx.graph })]
      : [];
  return [...email, ...ctx.channels];
}
