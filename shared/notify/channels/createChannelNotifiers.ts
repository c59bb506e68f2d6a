/**
 * The Notifiers of the configured channels beside email (Config.channels), in a fixed order:
 * Teams, webhook, Log Analytics. A channel that is not configured has none.
 */
import type { TokenCredential } from "@azure/identity";
import type { ChannelsConfig } from "./channelSettings.js";
import type { AnyNotifier } from "../notifier.js";
import type { RetryPolicy } from "./deliverWithRetries.js";
import { createLogsIngestionNotifier } from "./logs/logsIngestionNotifier.js";
import { createTeamsNotifier } from "./teams/teamsNotifier.js";
import { createWebhookNotifier } from "./webhook/webhookNotifier.js";

export interface CreateChannelNotifiersOptions {
  /** For Logs Ingestion; default DefaultAzureCredential (the managed identity). */
  credential?: TokenCredential;
  retry?: RetryPolicy;
  now?: () => Date;
}

export function createChannelNotifiers(
  channels: ChannelsConfig,
  options: CreateChannelNotifiersOptions = {},
): AnyNotifier[] {
  const out: AnyNotifier[] = [];
  if (channels.teams) out.push(createTeamsNotifier(channels.teams, { retry: options.retry }));
  if (channels.webhook) out.push(createWebhookNotifier(channels.webhook, { retry: options.retry, now: options.now }));
  if (channels.logs)
    out.push(createLogsIngestionNotifier(channels.logs, { credential: options.credential, retry: options.retry }));
  return out;
}
