/**
 * A channel's JSON alert within its service's size limit: the body with as many changes in full as
 * fit (halving until it does, down to none; the rest are counted in the body), and the subject the
 * outbox and logs show. Shared by the Teams card and the webhook payload.
 */
import type { AlertContent, RenderedMessage } from "../notifier.js";
import { describeGrowth } from "../renderAlertEmail.js";

export function fitJsonMessage(
  content: AlertContent,
  limits: { maxShown: number; maxBytes: number },
  build: (content: AlertContent, shown: number) => unknown,
): RenderedMessage {
  let shown = Math.min(limits.maxShown, content.fresh.length);
  let body = JSON.stringify(build(content, shown));
  while (Buffer.byteLength(body, "utf8") > limits.maxBytes && shown > 0) {
    shown = Math.floor(shown / 2);
    body = JSON.stringify(build(content, shown));
  }
  return { subject: `Password writeback exposure increased: ${describeGrowth(content.fresh)}`, html: "", text: body };
}
