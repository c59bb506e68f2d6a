/**
 * The seam between the outbox and the services that carry a message: one Notifier per channel
 * (email through ACS, Microsoft Teams, the signed webhook, Azure Monitor Logs Ingestion).
 *
 * The outbox does the bookkeeping the same way for all of them (queue before sending, count the
 * attempt before trying, mark sent or failed after, bounded attempts); a Notifier knows only its
 * service: where alerts go (`recipients`), how an alert reads there (`renderAlert`), and how one
 * queued item is carried (`deliver`). Adding a channel is one Notifier, not a change to the outbox.
 */
import type { AlertThreshold } from "../diff/order.js";
import type { Change, Diff } from "../diff/types.js";
import type { Exposure } from "../exposure/types.js";
import type { Channel, OutboxItem } from "../store/types.js";

/** What an alert says, whatever carries it. */
export interface AlertContent {
  diff: Diff;
  exposure: Exposure;
  /** Every increase of the audit at or above the threshold. */
  alerting: Change[];
  /** Of those, what this recipient was not told yet: what the alert is about. */
  fresh: Change[];
  minSeverity: AlertThreshold;
  reportUrl?: string;
  /** The outbox item's stable id, the same on every try: receivers de-duplicate on it. */
  deliveryId: string;
}

/** A message as the outbox stores it: html is the email's (empty elsewhere), text the plain text or the JSON body. */
export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

export interface DeliverOptions {
  abortSignal?: AbortSignal;
  /** The item's stable id (operationIdFor): sent with every try so the service can de-duplicate. */
  operationId: string;
  /** State an earlier try saved with onAccepted: finish that delivery instead of sending again. */
  resumeFrom?: string;
  /** Save state that lets a later try finish this delivery without sending again (ACS's operation). */
  onAccepted?: (resumeState: string) => Promise<void>;
}

/**
 * "sent": the service took it. "failed": it never will (refused for good, or it may have arrived
 * and cannot be sent again without a duplicate). Thrown: try again later (the item stays queued);
 * an error with `authFailure: true` says the service refuses the app's identity, so the channel's
 * other items wait too.
 */
export interface DeliverResult {
  status: "sent" | "failed";
  messageId?: string;
  error?: string;
}

export interface Notifier {
  readonly channel: Channel;
  /** How the channel is named to people (health, run summary). */
  readonly label: string;
  /**
   * Whether an item whose last try was cut off mid-send (the process stopped between sending and
   * marking) may be tried again: only when a repeat cannot be a duplicate (the service resumes or
   * de-duplicates by the delivery id). Otherwise such an item ends failed, reported, not re-sent.
   */
  readonly resendsAfterInterruption: boolean;
  /**
   * Whether every item goes to the one service endpoint (Teams, webhook, Log Analytics): when one
   * must wait, the channel's other items wait too instead of each spending the run's time on it.
   */
  readonly singleEndpoint: boolean;
  deliver(item: OutboxItem, options: DeliverOptions): Promise<DeliverResult>;
}

/** A channel that tells people about increases (email, Teams, webhook). */
export interface AlertNotifier extends Notifier {
  /**
   * Where alerts go (deduplicated), and how many configured ones are unusable (an invalid
   * address); called only when there is something to alert.
   */
  recipients(options?: { abortSignal?: AbortSignal }): Promise<{ recipients: string[]; invalid: number }>;
  renderAlert(content: AlertContent): RenderedMessage;
}

/** One batch of records for a data sink (Logs Ingestion): every audit's findings and changes. */
export interface RecordBatch {
  /** Unique within the audit: with the snapshot id, the outbox dedupe key. */
  name: string;
  message: RenderedMessage;
}

/** A channel that records every audit, not only increases. */
export interface RecordNotifier extends Notifier {
  batchesFor(audit: { diff: Diff; exposure: Exposure }): RecordBatch[];
}

export type AnyNotifier = AlertNotifier | RecordNotifier;

export function isAlertNotifier(n: AnyNotifier): n is AlertNotifier {
  return "renderAlert" in n;
}
