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

/** Strip anything credential-like before a message reaches a log or a response. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, "$1[redacted]")
    .replace(/(AccountKey|SharedAccessSignature|accesskey|sig)=([^;&\s]+)/gi, "$1=[redacted]")
    .replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]");
}
