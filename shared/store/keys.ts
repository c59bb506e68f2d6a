/**
 * Table keys, built only from validated values. Tenant strings never reach a key raw: ids are
 * checked against a strict pattern, anything free-form (an email address) is base64url-encoded.
 */
import { UserError } from "../errors.js";
import { isGuid } from "../guid.js";

/** Snapshot ids, lease and cursor names: a conservative subset of what Table keys allow. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** What Azure Table Storage forbids in PartitionKey / RowKey. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_KEY = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/**
 * Separates the parts of a composite RowKey. "!" sorts below every character SAFE_ID allows, so
 * `prefix + "!"` .. `prefix + '"'` selects exactly the rows of one prefix, never those of a longer id.
 */
export const SEP = "!";
export const SEP_END = '"';

function describe(value: unknown): string {
  return JSON.stringify(String(value).slice(0, 60));
}

export function assertKeySafe(value: string, what: string): void {
  if (value.length === 0 || value.length > 512 || FORBIDDEN_IN_KEY.test(value)) {
    throw new UserError(
      `${what} ${describe(value)} cannot be used in a table key (empty, too long, or contains / \\ # ? or a control character).`,
    );
  }
}

/** Tenant ids are GUIDs; lower-cased so one tenant always maps to one partition. */
export function tenantKey(tenantId: string): string {
  if (!isGuid(tenantId)) {
    throw new UserError(`Tenant id ${describe(tenantId)} is not a GUID; pass the directory (tenant) id.`);
  }
  return tenantId.toLowerCase();
}

export function safeId(value: string, what: string): string {
  if (typeof value !== "string") throw new UserError(`${what} must be a string.`);
  assertKeySafe(value, what);
  if (!SAFE_ID.test(value)) {
    throw new UserError(
      `${what} ${describe(value)} may contain only letters, digits, . _ : - (at most 128 characters).`,
    );
  }
  return value;
}

/** 13-digit milliseconds since the epoch: sorts oldest first, up to the year 2286. */
const MAX_MS = 9_999_999_999_999;

function msOf(time: string | Date, what: string): number {
  const ms = time instanceof Date ? time.getTime() : Date.parse(time);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS)
    throw new UserError(`${what} ${describe(time)} is not a valid timestamp.`);
  return ms;
}

export function sortableTime(time: string | Date, what = "Timestamp"): string {
  return String(msOf(time, what)).padStart(13, "0");
}

/** Sorts newest first. */
export function invertedTime(time: string | Date, what = "Timestamp"): string {
  return String(MAX_MS - msOf(time, what)).padStart(13, "0");
}

export function padIndex(i: number, width = 5): string {
  return String(i).padStart(width, "0");
}

/** Reversible and key-safe (A-Z a-z 0-9 - _); used for free-form values such as email addresses. */
export function base64urlKey(value: string, what: string): string {
  if (typeof value !== "string" || value.length === 0) throw new UserError(`${what} must be a non-empty string.`);
  const encoded = Buffer.from(value, "utf8").toString("base64url");
  // RowKey is at most 1 KiB (UTF-16); stay well under it.
  if (encoded.length > 480)
    throw new UserError(`${what} is too long to key a row (${value.length} characters, at most 360).`);
  return encoded;
}
