/**
 * The root of every error class in functions/ and shared/ (checked by test/repo/errorHierarchy.test.ts),
 * and the secret scrubbing every error message passes through before it is logged. Each error says
 * whose move it is, so callers can map it to an exit code (CLI), an HTTP status (functions) or a
 * retry without string matching:
 *   - user: the operator's input or setup is wrong (a setting, an argument, a permission not granted): fix it;
 *   - transient: the moment was wrong (throttling, an outage, another run holding the lease): try again later;
 *   - system: the code or the stored data is wrong (a damaged snapshot, a response it cannot read): report it.
 * Subclasses live beside the code that throws them (e.g. shared/store/errors.ts) and extend one of the three.
 */

export type ErrorKind = "user" | "transient" | "system";

export abstract class WritebackWatchError extends Error {
  abstract readonly kind: ErrorKind;
}

/** The operator's input is wrong (settings, arguments, request parameters): fix the input. */
export class UserError extends WritebackWatchError {
  override name = "UserError";
  readonly kind = "user";
  readonly isUserError = true;
}

/** Worth retrying as it is: a later attempt or the next run may succeed. */
export class TransientError extends WritebackWatchError {
  override name = "TransientError";
  readonly kind = "transient";
}

/** Neither the operator nor a retry can fix it: the code or the data it read is wrong. */
export class SystemError extends WritebackWatchError {
  override name = "SystemError";
  readonly kind = "system";
}

/** One or more settings are missing or invalid. The message lists every problem. */
export class ConfigError extends UserError {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Another audit holds the lease. */
export class LeaseHeldError extends TransientError {
  override name = "LeaseHeldError";
  constructor(
    readonly holder: string,
    readonly expiresAt: string,
  ) {
    super(`Another audit is running (lease held by ${holder} until ${expiresAt}).`);
  }
}

/** A Graph call failed in a way a section cannot absorb. Its kind follows from the status and code. */
export class GraphRequestError extends WritebackWatchError {
  override name = "GraphRequestError";
  readonly kind: ErrorKind;
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly requestPath: string,
  ) {
    super(message);
    this.kind = graphErrorKind(status, code);
  }
}

/** Codes of failures that are not Graph's answer (status 0) but the product's own refusal to go on. */
const USER_CODES = new Set(["UntrustedHost"]);
const SYSTEM_CODES = new Set(["NotBatchable"]);

/**
 * 401/403: the app's identity or its permissions (grant them); 408, 429 and 5xx: Graph's moment
 * (retry); other 4xx: a request Graph rejects as built (the code's fault). Status 0 covers failures
 * with no HTTP answer (network, timeout, a broken page chain): transient unless the code says otherwise.
 */
export function graphErrorKind(status: number, code: string | undefined): ErrorKind {
  if (code && USER_CODES.has(code)) return "user";
  if (code && SYSTEM_CODES.has(code)) return "system";
  if (status === 401 || status === 403) return "user";
  if (status === 0 || status === 408 || status === 429 || status >= 500) return "transient";
  if (status >= 400) return "system";
  // 2xx with an unreadable body: Graph answered, but not with what the docs describe; the next run reads it again.
  return "transient";
}

/**
 * Secret values this process was given (access keys, tokens, connection-string keys): registered
 * when the settings are read, and redacted by value wherever they appear, because a pattern cannot
 * know where an arbitrary value ends (a token with a line break, a key inside someone else's error).
 */
const knownSecrets = new Set<string>();
/** Shorter fragments are too likely to match ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Remember a secret value so that scrubSecrets removes it, whole or in the forms it is printed in. */
export function registerSecret(value: string | undefined): void {
  if (!value) return;
  const forms = [value, ...value.split(/\s+/)];
  for (const form of forms) {
    const trimmed = form.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) continue;
    knownSecrets.add(trimmed);
    knownSecrets.add(encodeURIComponent(trimmed));
    knownSecrets.add(JSON.stringify(trimmed).slice(1, -1));
  }
}

/** Strip every registered secret value, then anything credential-like, before text reaches a log or a response. */
export function scrubSecrets(text: string): string {
  let out = text;
  // Longest first, so a fragment never leaves the rest of a longer secret behind.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, "$1[redacted]")
    .replace(/(AccountKey|SharedAccessSignature|accesskey|sig)=([^;&\s]+)/gi, "$1=[redacted]")
    .replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]");
}

/**
 * The error to hand to a host that logs what it is given (the Functions runtime logs a rethrown
 * error with its message and stack): same name and message, scrubbed, and no cause to leak through.
 */
export function scrubbedError(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const scrubbed = new Error(scrubSecrets(source.message));
  scrubbed.name = source.name;
  scrubbed.stack = scrubSecrets(source.stack ?? `${source.name}: ${source.message}`);
  return scrubbed;
}
