/**
 * Microsoft Teams through a Workflows webhook: the alert card POSTed to the flow's URL (Office 365
 * connectors are retired; "Create and send messages", msteams-platform/webhooks-and-connectors/how-to/connectors-using.md).
 *
 * The URL carries its own signature (it is the credential: kept as a secret, never logged) and the
 * flow answers 202 once it has the request. Workflows has no way to recognise a repeated post, so
 * a try with no answer is not repeated: it is reported (the card may be in the channel already),
 * and so is an item whose send was cut off by a stopped process. A refused connection, 429 and
 * 5xx are definite "not posted" answers and are retried, honouring Retry-After. Teams throttles a
 * webhook above four requests a second (add-incoming-webhook.md): one alert per run stays far below.
 */
import type { TeamsChannelConfig } from "../channelSettings.js";
import type { AlertNotifier } from "../../notifier.js";
import { deliverWithRetries, toDeliverResult, type RetryPolicy } from "../deliverWithRetries.js";
import { postJsonOnce } from "../postJson.js";
import { renderTeamsCard } from "./renderTeamsCard.js";

/** The one recipient of the channel: the configured flow (its URL is a secret, so not its name). */
export const TEAMS_RECIPIENT = "workflow";

export interface CreateTeamsNotifierOptions {
  retry?: RetryPolicy;
}

export function createTeamsNotifier(
  config: TeamsChannelConfig,
  options: CreateTeamsNotifierOptions = {},
): AlertNotifier {
  const label = "Microsoft Teams";
  return {
    channel: "teams",
    label,
    singleEndpoint: true,
    resendsAfterInterruption: false,
    async recipients() {
      return { recipients: [TEAMS_RECIPIENT], invalid: 0 };
    },
    renderAlert: renderTeamsCard,
    async deliver(item, deliverOptions) {
      const result = await deliverWithRetries((signal) => postJsonOnce({ url: config.url, body: item.text }, signal), {
        ...options.retry,
        retryUnknown: false,
        abortSignal: deliverOptions.abortSignal,
      });
      return toDeliverResult(result, { label, deliveryId: deliverOptions.operationId });
    },
  };
}
