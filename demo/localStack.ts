/**
 * The whole local stand-in stack in one call: Graph simulator, Azurite (tables), the ACS Email
 * endpoint and, when asked, the other channels' stand-ins (Teams Workflows, webhook receiver, Logs
 * Ingestion), with an audit context wired to them through the same settings the product reads in Azure. Used by the demo, the end-to-end tests and the benchmark; never by production code.
 */
import { loadConfig, type Config } from "../shared/config.js";
import { createAuditContext, type AuditContext } from "../shared/audit/context.js";
import { graphClientForConfig } from "../shared/graph/credential.js";
import { createEmailSender } from "../shared/notify/acsEmailSender.js";
import { createTableStores } from "../shared/store/createTableStores.js";
import { startAcsEmailSimulator, type RunningAcsEmailSimulator } from "../sim/acs/startAcsEmailSimulator.js";
import { startAzurite, type RunningAzurite } from "../sim/azurite.js";
import { createChannelNotifiers } from "../shared/notify/channels/createChannelNotifiers.js";
import { fakeEntraCredential } from "../sim/channels/fakeEntraCredential.js";
import {
  startLogsIngestionSimulator,
  type RunningLogsIngestionSimulator,
} from "../sim/channels/startLogsIngestionSimulator.js";
import {
  startTeamsWorkflowSimulator,
  type RunningTeamsWorkflowSimulator,
} from "../sim/channels/startTeamsWorkflowSimulator.js";
import { startWebhookReceiver, type RunningWebhookReceiver } from "../sim/channels/startWebhookReceiver.js";
import {
  defaultThrottlingMode,
  startGraphSimulator,
  type GraphSimulator,
  type GraphSimulatorOptions,
} from "../sim/graph/index.js";

/** Not a credential: the simulator accepts any bearer token. */
export const SIMULATOR_TOKEN = "simulator-token-not-a-secret";

export interface LocalStackOptions {
  profile?: GraphSimulatorOptions["profile"];
  /** A tenant built by the caller (wins over `profile`). */
  tenant?: GraphSimulatorOptions["tenant"];
  /** Alert recipients; default one obviously fake address. Empty array = no mail configured. */
  recipients?: string[];
  /** Where the ACS endpoint writes each email (.html/.txt/.eml). */
  mailOutDir?: string;
  /** Extra settings (same names as the Function App settings). */
  settings?: Record<string, string>;
  /** Isolates tables when several stacks share one Azurite. */
  tablePrefix?: string;
  /** Reuse a running Azurite instead of starting one. */
  azurite?: RunningAzurite;
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * Also start the stand-ins of the other alert channels (Teams Workflows, a Standard Webhooks
   * receiver, Logs Ingestion) and configure the app for them. Default false.
   */
  channels?: boolean;
}

/** The channel stand-ins, when `channels` was asked for. */
export interface ChannelStandIns {
  teams: RunningTeamsWorkflowSimulator;
  webhook: RunningWebhookReceiver;
  logs: RunningLogsIngestionSimulator;
}

/** Obviously fake: only the local receiver knows it. */
const FAKE_WEBHOOK_SECRET = `whsec_${Buffer.from("writeback-watch local webhook secret, not a secret").toString("base64")}`;

export interface LocalStack {
  graph: GraphSimulator;
  azurite: RunningAzurite;
  acs: RunningAcsEmailSimulator;
  channels?: ChannelStandIns;
  config: Config;
  ctx: AuditContext;
  /** Stops what this call started (not a reused Azurite). */
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const graph = await startGraphSimulator({
      profile: options.profile ?? "demo",
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });
    // The product keeps Graph's reports limit whenever the simulator enforces it (always, but in the test suite).
    const rateLimits = defaultThrottlingMode() === "off" ? "none" : "documented";
    started.push(graph);
    const azurite = options.azurite ?? (await startAzurite());
    if (!options.azurite) started.push({ close: () => azurite.stop() });
    const acs = await startAcsEmailSimulator({ outDir: options.mailOutDir });
    started.push(acs);
    let channels: ChannelStandIns | undefined;
    if (options.channels) {
      const teams = await startTeamsWorkflowSimulator();
      started.push(teams);
      const webhook = await startWebhookReceiver({ secret: FAKE_WEBHOOK_SECRET });
      started.push(webhook);
      const logs = await startLogsIngestionSimulator();
      started.push(logs);
      channels = { teams, webhook, logs };
    }

    const recipients = options.recipients ?? ["secops@example.com"];
    const config = loadConfig(
      {
        GRAPH_BASE_URL: graph.baseUrl,
        AUDIT_STORAGE: azurite.connectionString,
        ...(recipients.length > 0
          ? {
              ALERT_RECIPIENTS: recipients.join(","),
              MAIL_FROM: "DoNotReply@writeback-watch.example.com",
              ACS_CONNECTION_STRING: acs.connectionString,
            }
          : {}),
        ...(channels
          ? {
              TEAMS_WORKFLOW_URL: channels.teams.url,
              WEBHOOK_URL: channels.webhook.url,
              WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
              LOGS_INGESTION_ENDPOINT: channels.logs.endpoint,
              LOGS_INGESTION_RULE_ID: channels.logs.ruleId,
            }
          : {}),
        ...options.settings,
      },
      { requireStorage: true },
    );
    const stores = await createTableStores(config.storage, { tablePrefix: options.tablePrefix });
    const ctx = await createAuditContext(config, {
      graph: graphClientForConfig(config, { accessToken: SIMULATOR_TOKEN, retryDelayScale: 0.01, rateLimits }),
      stores,
      sender: config.mail
        ? createEmailSender(config.mail, {
            retry: { baseDelayMs: 10, maxDelayMs: 100, authRetryMs: 200 },
            pollIntervalMs: 10,
          })
        : undefined,
      channels: createChannelNotifiers(config.channels, {
        credential: fakeEntraCredential(),
        retry: { baseDelayMs: 10, maxDelayMs: 100, attemptTimeoutMs: 5000 },
        now: options.now,
      }),
      now: options.now,
      log: options.log ?? (() => undefined),
    });
    return {
      graph,
      azurite,
      acs,
      ...(channels ? { channels } : {}),
      config,
      ctx,
      async close() {
        for (const s of started.reverse()) await s.close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw error;
  }
}
