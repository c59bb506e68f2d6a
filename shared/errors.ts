/**
 * The error hierarchy, in one file. Each error says whose fault it is, so callers can map it to an
 * exit code (CLI) or an HTTP status (functions) without string matching.
 */

/** The operator's input is wrong (settings, arguments, request parameters): fix the input. */
export class UserError extends Error {
  override name = "UserError";
  readonly isUserError = true;
}

/** One or more settings are missing or invalid. The message lists every problem. */
export class ConfigError extends UserError {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Another audit holds the lease. */
export class LeaseHeldError extends Error {
  override name = "LeaseHeldError";
  constructor(
    readonly holder: string,
    readonly expiresAt: string,
  ) {
    super(`Another audit is running (lease held by ${holder} until ${expiresAt}).`);
  }
}

/** A Graph call failed in a way a section cannot absorb. */
export class GraphRequestError extends Error {
  override name = "GraphRequestError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly requestPath: string,
  ) {
    super(message);
  }
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
