/** Errors of the table stores, in the hierarchy of ../errors.ts. */
import { SystemError, TransientError } from "../errors.js";

/** A summary row exists but its chunk rows are missing or do not match it (SHA-256, count). */
export class StoredSnapshotCorruptError extends SystemError {
  override name = "StoredSnapshotCorruptError";
  constructor(
    readonly tenantId: string,
    readonly snapshotId: string,
    /** What is wrong with it, in a few words (no tenant data). */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Stored snapshot ${snapshotId} of tenant ${tenantId} is damaged: ${reason}. ` +
        "It cannot be read; the next audit writes a fresh snapshot, and retention purges the damaged one.",
      options,
    );
  }
}

/** The row changed since it was read (ETag mismatch): re-read it and decide again. */
export class ConcurrentUpdateError extends TransientError {
  override name = "ConcurrentUpdateError";
  constructor(what: string, options?: ErrorOptions) {
    super(`${what} was changed by another run since it was read; re-read it before updating.`, options);
  }
}

/** The HTTP status of an @azure/data-tables RestError, if that is what `error` is. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "statusCode" in error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

/** An outbox item whose body does not fit a row: the renderers bound bodies, so this is a bug to report. */
export class OutboxItemTooLargeError extends SystemError {
  override name = "OutboxItemTooLargeError";
  constructor(kind: string, gzippedBytes: number, limit: number) {
    super(
      `The ${kind}'s body of ${gzippedBytes} bytes gzipped does not fit an outbox row (${limit} bytes); it was not queued. Report this: emails are meant to stay far smaller.`,
    );
  }
}
