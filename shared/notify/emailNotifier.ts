/**
 * Email as one Notifier: recipients from ALERT_RECIPIENTS and the members of ALERT_RECIPIENTS_GROUP_ID
 * (resolved only when there is something to alert, so a quiet run reads no group from Graph), the
 * alert email (renderAlertEmail.ts), and delivery through the one EmailSender (ACS).
 *
 * Email is the channel that may be sent again after an interrupted send: ACS's operation is resumed
 * from the state saved when it was accepted, and a send that never got that far goes out under the
 * same Operation-Id (acsEmailSender.ts).
 */
import type { MailConfig } from "../config.js";
import type { AlertContent, AlertNotifier, RenderedMessage } from "./notifier.js";
import { renderAlertEmail } from "./renderAlertEmail.js";
import { isEmailAddress, resolveRecipients, type GroupMembersSource } from "./resolveRecipients.js";
import type { EmailSender } from "./types.js";

export interface EmailNotifierOptions {
  sender: EmailSender;
  /** The configured recipients, or a fixed list (tests, the CLI). */
  recipients: Pick<MailConfig, "recipients" | "recipientsGroupId"> | string[];
  /** Resolves ALERT_RECIPIENTS_GROUP_ID; needed only when a group is configured. */
  graph?: GroupMembersSource;
}

/** Valid addresses, deduplicated case-insensitively (first spelling kept), and how many were not addresses. */
export function validRecipients(recipients: readonly string[]): { recipients: string[]; invalid: number } {
  const seen = new Set<string>();
  const valid: string[] = [];
  let invalid = 0;
  for (const raw of recipients) {
    const recipient = raw.trim();
    if (!isEmailAddress(recipient)) {
      invalid += 1;
      continue;
    }
    const norm = recipient.toLowerCase();
    if (seen.has(norm)) continue;
    seen.add(norm);
    valid.push(recipient);
  }
  return { recipients: valid, invalid };
}

/** The alert email for the changes this address was not told, with the rest of the diff as context. */
export function renderAlertEmailFor(content: AlertContent): RenderedMessage {
  const fresh = new Set(content.fresh);
  const told = new Set(content.alerting.filter((c) => !fresh.has(c)));
  return renderAlertEmail({
    diff: told.size ? { ...content.diff, changes: content.diff.changes.filter((c) => !told.has(c)) } : content.diff,
    exposure: content.exposure,
    minSeverity: content.minSeverity,
    reportUrl: content.reportUrl,
  });
}

export function createEmailNotifier(options: EmailNotifierOptions): AlertNotifier {
  return {
    channel: "email",
    label: "Email",
    singleEndpoint: false,
    resendsAfterInterruption: true,
    async recipients(opts = {}) {
      const list = Array.isArray(options.recipients)
        ? options.recipients
        : await resolveRecipients(options.recipients, options.graph, opts);
      return validRecipients(list);
    },
    renderAlert: renderAlertEmailFor,
    async deliver(item, deliverOptions) {
      const result = await options.sender.send(
        { to: item.recipient, subject: item.subject, html: item.html, text: item.text },
        deliverOptions,
      );
      return result.status === "Succeeded"
        ? { status: "sent", messageId: result.messageId }
        : { status: "failed", messageId: result.messageId, error: result.error ?? `ACS reported ${result.status}` };
    },
  };
}
