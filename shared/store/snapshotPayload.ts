/**
 * A snapshot as stored: JSON, gzipped, cut into binary properties of at most 64 KiB, several per
 * chunk row so each row stays under the 1 MiB entity limit. The SHA-256 of the gzip bytes goes in
 * the summary row so a reader can tell a complete payload from a damaged one.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { SystemError } from "../errors.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Largest Edm.Binary property value. */
export const MAX_PROPERTY_BYTES = 64 * 1024;
/**
 * 11 × 64 KiB per row. Azure counts a binary value at its raw size against the 1 MiB entity limit,
 * but Azurite measures the JSON body, where base64 inflates 64 KiB to 85.3 KiB: 11 such values
 * (≈ 961 KB) plus keys and bookkeeping stay under 1 MiB on both.
 */
export const PROPERTIES_PER_ROW = 11;

export interface EncodedPayload {
  gzipped: Buffer;
  rawBytes: number;
  sha256: string;
  /** One array of property values per chunk row, in order. */
  rows: Buffer[][];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function dataPropertyName(i: number): string {
  return `d${String(i).padStart(2, "0")}`;
}

export async function encodePayload(value: unknown): Promise<EncodedPayload> {
  const json = Buffer.from(JSON.stringify(value), "utf8");
  const gzipped = await gzipAsync(json);
  const rows: Buffer[][] = [];
  const rowBytes = MAX_PROPERTY_BYTES * PROPERTIES_PER_ROW;
  for (let start = 0; start < gzipped.length; start += rowBytes) {
    const row: Buffer[] = [];
    const end = Math.min(start + rowBytes, gzipped.length);
    for (let p = start; p < end; p += MAX_PROPERTY_BYTES)
      row.push(gzipped.subarray(p, Math.min(p + MAX_PROPERTY_BYTES, end)));
    rows.push(row);
  }
  return { gzipped, rawBytes: json.length, sha256: sha256Hex(gzipped), rows };
}

export class PayloadIntegrityError extends SystemError {
  override name = "PayloadIntegrityError";
}

/** Reassembles and checks a payload; throws PayloadIntegrityError when the bytes are not what was recorded. */
export async function decodePayload(parts: Uint8Array[], expectedSha256: string): Promise<unknown> {
  const gzipped = Buffer.concat(parts);
  if (sha256Hex(gzipped) !== expectedSha256) {
    throw new PayloadIntegrityError("the stored bytes do not match the SHA-256 recorded in the summary row");
  }
  const json = await gunzipAsync(gzipped);
  return JSON.parse(json.toString("utf8"));
}
