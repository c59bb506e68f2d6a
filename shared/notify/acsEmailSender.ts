/**
 * The one EmailSender: @azure/communication-email's EmailClient, begin send then poll to completion.
 *
 * - Azure: ACS endpoint + DefaultAzureCredential (the managed identity). Locally: the connection
 *   string (the simulator in sim/acs). The endpoint wins when both are set.
 * - Exactly once rests on the SDK's documented long-running-operation resume, not on ACS
 *   de-duplicating a repeated Operation-Id (which Microsoft does not document beyond the short-lived
 *   Repeatability-Request-Id). As soon as ACS accepts, onAccepted gets the poller's serialised state;
 *   `beginSend(message, { resumeFrom })` restores the poller from it and only polls (core-lro's
 *   createHttpPoller skips the initial request when restoring). Every try after acceptance, in this
 *   call or a later run, resumes; the Operation-Id header stays on new sends as a second safeguard.
 * - Retries are ours, not the SDK pipeline's (its retry policy is switched off), so they are bounded
 *   and visible: 429/503 honour Retry-After, 408/409/5xx/network errors back off exponentially.
 * - A permanent failure (other 4xx, or the operation ending Failed) is returned as status "Failed";
 *   running out of retries on a transient one (a final 409 included: ACS holds an operation with
 *   this id but we cannot see its outcome) throws TransientSendError so the outbox tries again later.
 * - 401/403 is not permanent at first: right after a deployment the identity's role on the
 *   Communication Service may still be propagating (Azure RBAC documents minutes for a new
 *   assignment to take effect, articles/role-based-access-control/troubleshooting.md). Such a send
 *   is retried with backoff for `authRetryMs`, then left queued as a TransientSendError marked
 *   `authFailure`, so the outbox retries it on later runs within its bounded attempts.
 * - Every try (the POST and its status polls) has a time limit, so a stalled ACS cannot hold the
 *   audit lease; a try over its limit counts as a transient failure.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { EmailClient, type EmailMessage as AcsEmailMessage } from "@azure/communication-email";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { MailConfig } from "../config.js";
import { acsEndpointOf } from "../connectionStrings.js";
import { scrubSecrets, SystemError, TransientError } from "../errors.js";
import { isLoopbackUrl } from "../loopback.js";
import type { EmailMessage, EmailSender, EmailSendOptions, SendResult } from "./types.js";

export interface EmailSenderRetryOptions {
  /** Tries per send, first one included. Default 4. */
  maxAttempts?: number;
  /** First backoff; doubles each retry. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff. Default 30 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the send for now (the outbox retries next run). Default 60 s. */
  maxRetryAfterMs?: number;
  /** How long one send keeps retrying 401/403 (a role assignment still propagating). Default 2 minutes. */
  authRetryMs?: number;
}

export interface CreateEmailSenderOptions {
  /** Default: DefaultAzureCredential (managed identity in Azure). Used only with an endpoint. */
  credential?: TokenCredential;
  retry?: EmailSenderRetryOptions;
  /** Interval between status polls. Default: the SDK's (2 s) or the service's Retry-After. */
  pollIntervalMs?: number;
  /** Limit of one try: the POST and its status polls until the email is done. Default 60 s. */
  attemptTimeoutMs?: number;
}

/** A transient failure that outlasted the retries: leave the message queued and try again later. */
export class TransientSendError extends TransientError {
  override name = "TransientSendError";
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    /** ACS rejected the app's identity (401/403): every other send would fail the same way now. */
    readonly authFailure = false,
  ) {
    super(message);
  }
}

interface HttpishError {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { headers: { get(name: string): string | undefined } };
}

function createClient(mail: MailConfig, credential: TokenCredential | undefined): EmailClient {
  // Our loop owns retries; the pipeline's would multiply them.
  const retryOptions = { maxRetries: 0 };
  if (mail.acsEndpoint) {
    return new EmailClient(mail.acsEndpoint, credential ?? new DefaultAzureCredential(), { retryOptions });
  }
  if (mail.acsConnectionString) {
    const endpoint = acsEndpointOf(mail.acsConnectionString) ?? "";
    return new EmailClient(mail.acsConnectionString, {
      retryOptions,
      allowInsecureConnection: endpoint.toLowerCase().startsWith("http:") && isLoopbackUrl(endpoint),
    });
  }
  throw new Error(
    "Email is not configured: set ACS_ENDPOINT (managed identity) or ACS_CONNECTION_STRING (local development).",
  );
}

/** Milliseconds the service asked us to wait, from retry-after-ms / x-ms-retry-after-ms / Retry-After. */
export function retryAfterMs(err: HttpishError, now: number = Date.now()): number | undefined {
  const h = err.response?.headers;
  if (!h) return undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const v = Number(h.get(name));
    if (h.get(name) !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  const ra = h.get("retry-after");
  if (ra === undefined) return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type Verdict = { kind: "retry"; delayMs?: number } | { kind: "auth" } | { kind: "permanent" } | { kind: "abort" };

function classify(err: HttpishError): Verdict {
  if (err.name === "AbortError") return { kind: "abort" };
  const status = err.statusCode;
  if (status === 401 || status === 403) return { kind: "auth" };
  if (status === 429 || status === 503) return { kind: "retry", delayMs: retryAfterMs(err) };
  if (status === 409 || status === 408 || (status !== undefined && status >= 500)) return { kind: "retry" };
  if (status !== undefined) return { kind: "permanent" };
  // RestError without a status: the request never got an answer (connection refused/reset, timeout).
  if (err.name === "RestError") return { kind: "retry" };
  // Anything else thrown by the poller is the operation's own terminal failure (status Failed/Canceled).
  return { kind: "permanent" };
}

function describe(err: HttpishError): string {
  const status = err.statusCode ? `${err.statusCode} ` : "";
  const code = err.code ? `${err.code}: ` : "";
  return scrubSecrets(`${status}${code}${err.message ?? String(err)}`).slice(0, 500);
}

/** Wraps an onAccepted failure so the retry loop passes it through instead of classifying it. */
class OnAcceptedError extends SystemError {
  constructor(readonly inner: unknown) {
    super("onAccepted failed");
  }
}

const unwrap = (e: unknown): unknown => (e instanceof OnAcceptedError ? e.inner : e);

async function notifyAccepted(onAccepted: EmailSendOptions["onAccepted"], resumeState: string): Promise<void> {
  if (!onAccepted) return;
  try {
    await onAccepted(resumeState);
  } catch (e) {
    throw new OnAcceptedError(e);
  }
}

/**
 * The state core-lro 2.x's poller.toString() gives right after ACS answers 202 with an
 * Operation-Location and a Running body (initOperation + createHttpPoller with
 * resourceLocationConfig "azure-async-operation"). Only for the case where beginSend threw on its
 * first status poll, so no poller was returned; the sender tests check a resume from it polls and
 * does not send (they fail if a core-lro upgrade changes the shape).
 */
function runningStateAt(operationLocation: string): string {
  return JSON.stringify({
    state: { status: "running", config: { metadata: { mode: "OperationLocation" }, operationLocation } },
  });
}

export function createEmailSender(mail: MailConfig, options: CreateEmailSenderOptions = {}): EmailSender {
  const client = createClient(mail, options.credential);
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 4);
  const baseDelayMs = options.retry?.baseDelayMs ?? 1000;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
  const authRetryMs = options.retry?.authRetryMs ?? 120_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;

  return {
    async send(message: EmailMessage, sendOptions: EmailSendOptions = {}): Promise<SendResult> {
      const operationId = sendOptions.operationId ?? randomUUID();
      const { onAccepted } = sendOptions;
      const callerSignal = sendOptions.abortSignal;
      const acsMessage: AcsEmailMessage = {
        senderAddress: mail.from,
        recipients: { to: [{ address: message.to }] },
        content: { subject: message.subject, html: message.html, plainText: message.text },
      };
      const interval = options.pollIntervalMs !== undefined ? { updateIntervalInMs: options.pollIntervalMs } : {};
      const resumed = sendOptions.resumeFrom !== undefined;
      let resumeState = sendOptions.resumeFrom;
      let lastError: HttpishError | undefined;
      let authSince: number | undefined;
      let authTries = 0;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        let acceptedAt: string | undefined;
        const limit = new AbortController();
        const timer = setTimeout(() => limit.abort(), attemptTimeoutMs);
        const abortSignal = callerSignal ? AbortSignal.any([callerSignal, limit.signal]) : limit.signal;
        try {
          // A fresh poller each try: a failed poll leaves the old one in state "failed" for good.
          const poller = resumeState
            ? await client.beginSend(acsMessage, { resumeFrom: resumeState, abortSignal, ...interval })
            : await client.beginSend(acsMessage, {
                operationId,
                abortSignal,
                ...interval,
                // beginSend also makes the first status poll before returning the poller; if that poll
                // fails, the send was still accepted. Keep where to poll so the retry resumes.
                onResponse: (raw) => {
                  const location = raw.headers.get("operation-location");
                  if (raw.request.method === "POST" && raw.status === 202 && location) acceptedAt = location;
                },
              });
          if (!resumeState) {
            resumeState = poller.toString();
            await notifyAccepted(onAccepted, resumeState);
          }
          if (resumed && !poller.isDone()) {
            throw new TransientSendError(
              "ACS is still processing this email; its status is checked again on the next run.",
              undefined,
            );
          }
          const result = await poller.pollUntilDone({ abortSignal });
          if (result.status === "Succeeded") return { messageId: result.id ?? operationId, status: "Succeeded" };
          return {
            messageId: result.id ?? operationId,
            status: result.status === "Canceled" ? "Canceled" : "Failed",
            error: result.error?.message ?? `ACS reported ${result.status}`,
          };
        } catch (e) {
          if (e instanceof OnAcceptedError || e instanceof TransientSendError) throw unwrap(e);
          if (!resumeState && acceptedAt) {
            resumeState = runningStateAt(acceptedAt);
            await notifyAccepted(onAccepted, resumeState).catch((err: unknown) => {
              throw unwrap(err);
            });
          }
          const timedOut = limit.signal.aborted && !callerSignal?.aborted;
          const err: HttpishError = timedOut
            ? { name: "TimeoutError", message: `ACS did not finish this try within ${attemptTimeoutMs} ms` }
            : (e as HttpishError);
          const verdict: Verdict = timedOut ? { kind: "retry" } : classify(err);
          if (verdict.kind === "abort") throw e;
          if (verdict.kind === "permanent") return { messageId: operationId, status: "Failed", error: describe(err) };
          lastError = err;
          if (verdict.kind === "auth") {
            // Auth retries have their own clock: the tries stay for the other failures.
            authSince ??= Date.now();
            const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** authTries++);
            if (Date.now() - authSince + backoff > authRetryMs) {
              throw new TransientSendError(
                `ACS rejected the app's identity (${describe(err)}) for ${Math.round((Date.now() - authSince) / 1000)} s; a new role assignment on the Communication Service can take minutes to apply. The email stays queued and is tried again on the next run.`,
                err.statusCode,
                true,
              );
            }
            attempt--;
            await sleep(backoff, undefined, { signal: callerSignal });
            continue;
          }
          if (attempt === maxAttempts) break;
          const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          if (verdict.delayMs !== undefined && verdict.delayMs > maxRetryAfterMs) break;
          await sleep(Math.max(backoff, verdict.delayMs ?? 0), undefined, { signal: callerSignal });
        } finally {
          clearTimeout(timer);
        }
      }
      // A final 409 is not a success: ACS holds an operation with this id, but without its state we
      // cannot tell how it ends. Leave it queued; a later run resumes it (if accepted) or asks again.
      throw new TransientSendError(
        `Email to the recipient not sent yet after ${maxAttempts} tries (${describe(lastError ?? {})}); it stays queued for the next run.`,
        lastError?.statusCode,
      );
    },
  };
}
