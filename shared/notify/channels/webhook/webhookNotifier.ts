/**
 * The signed JSON webhook: the alert payload (renderWebhookPayload.ts) POSTed with Standard
 * Webhooks signature headers (signWebhook.ts), re-signed on every try with that try's timestamp.
 *
 * Every try carries the same webhook-id, which the specification tells receivers to use to drop
 * repeats; so a try with no answer, or an item whose send a stopped process cut off, is sent again
 * (with the same id) rather than lost. 2xx is delivered; 429 and 5xx are retried honouring
 * Retry-After; any other status (a receiver that rejects the signature: 401) is final, reported.
 */
import type { WebhookChannelConfig } from "../channelSettings.js";
import type { AlertNotifier } from "../../notifier.js";
import { deliverWithRetries, toDeliverResult, type RetryPolicy } from "../deliverWithRetries.js";
import { postJsonOnce } from "../postJson.js";
import { renderWebhookPayload } from "./renderWebhookPayload.js";
import { signWebhook } from "./signWebhook.js";

/** The one recipient of the channel: the configured endpoint. */
export const WEBHOOK_RECIPIENT = "endpoint";

export interface CreateWebhookNotifierOptions {
  retry?: RetryPolicy;
  now?: () => Date;
}

export function createWebhookNotifier(
  config: WebhookChannelConfig,
  options: CreateWebhookNotifierOptions = {},
): AlertNotifier {
  const label = "the webhook";
  const now = options.now ?? (() => new Date());
  return {
    channel: "webhook",
    label: "Webhook",
    singleEndpoint: true,
    resendsAfterInterruption: true,
    async recipients() {
      return { recipients: [WEBHOOK_RECIPIENT], invalid: 0 };
    },
    renderAlert: renderWebhookPayload,
    async deliver(item, deliverOptions) {
      const id = deliverOptions.operationId;
      const result = await deliverWithRetries(
        (signal) =>
          postJsonOnce(
            { url: config.url, body: item.text, headers: { ...signWebhook(config.secret, id, item.text, now()) } },
            signal,
          ),
        { ...options.retry, retryUnknown: true, abortSignal: deliverOptions.abortSignal },
      );
      return toDeliverResult(result, { label, deliveryId: id });
    },
  };
}
