/**
 * The ACS operation id of an outbox item, derived from its dedupe key.
 *
 * ACS Email identifies a send by the `Operation-Id` request header (the SDK's `operationId` option on
 * beginSend): a repeated send with the same id is answered with the original operation (409 while it
 * runs) instead of a second email. Deriving the id from tenant + dedupe key makes every retry of the
 * same outbox item — in this run or after a crash between send and mark-sent — the same operation.
 */
import { createHash } from "node:crypto";

/** A name-based UUID (RFC 9562 version 8 layout) from SHA-256 of tenant and dedupe key. */
export function operationIdFor(tenantId: string, dedupeKey: string): string {
  const bytes = createHash("sha256")
    .update(`writeback-watch\n${tenantId}\n${dedupeKey}`, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
