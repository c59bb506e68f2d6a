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

/** The one edge to Azure Communication Services Email (real EmailClient underneath). */
export interface EmailSender {
  send(message: EmailMessage, options?: { abortSignal?: AbortSignal; operationId?: string }): Promise<SendResult>;
}
