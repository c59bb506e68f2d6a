/** Notification contracts: rendering is pure, sending goes through one EmailSender. */

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface SendResult {
  /** ACS message/operation id. */
  messageId: string;
  status: "Succeeded" | "Failed" | "Canceled";
  error?: string;
}

export interface EmailSendOptions {
  abortSignal?: AbortSignal;
  /** Operation-Id header of a new send: a secondary safeguard against a repeated POST. */
  operationId?: string;
  /**
   * A state passed to an earlier send's onAccepted: check that operation's status (no new send).
   * Still running after the check → TransientSendError (try again later).
   */
  resumeFrom?: string;
  /**
   * Called once ACS has accepted the message, before waiting for it to complete, with the state
   * to pass as resumeFrom later. Persist it: after a crash, resuming is what avoids a second email.
   * If it throws, send rejects with that error without retrying (the email may be on its way).
   */
  onAccepted?: (resumeState: string) => Promise<void>;
}

/** The one edge to Azure Communication Services Email (real EmailClient underneath). */
export interface EmailSender {
  send(message: EmailMessage, options?: EmailSendOptions): Promise<SendResult>;
}
