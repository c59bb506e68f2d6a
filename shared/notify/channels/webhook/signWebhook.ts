/**
 * The signature headers of one webhook delivery, per the Standard Webhooks specification
 * (standardwebhooks.com; github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md):
 *   webhook-id         the delivery's id, the same on every retry (receivers de-duplicate on it);
 *   webhook-timestamp  seconds since the epoch at this try (receivers reject old ones: replay);
 *   webhook-signature  "v1," + base64 HMAC-SHA256, keyed with the secret's bytes, over
 *                      "<webhook-id>.<webhook-timestamp>.<body>".
 * Signing id and timestamp with the body is what makes the timestamp worth checking: a replayed
 * body with a fresh timestamp no longer matches. The `standardwebhooks` package does the signing;
 * README "Signed webhook" shows the verification a receiver does.
 */
import { Webhook } from "standardwebhooks";

export type WebhookSignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export function signWebhook(secret: string, id: string, body: string, at: Date): WebhookSignatureHeaders {
  // Whole seconds: the header carries seconds, and the signature must be over what the header says.
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(seconds),
    "webhook-signature": new Webhook(secret).sign(id, new Date(seconds * 1000), body),
  };
}
