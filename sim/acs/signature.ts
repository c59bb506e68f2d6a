/**
 * The HMAC-SHA256 scheme Azure Communication Services uses for access-key auth, as
 * @azure/communication-common signs it: Authorization "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<b64>"
 * over "<VERB>\n<path?query>\n<x-ms-date>;<host>;<x-ms-content-sha256>" with the base64-decoded key.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. /emails:send?api-version=2025-09-01 */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const header = (h: SignedRequest["headers"], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Requests older or newer than this are rejected, as the service does with a stale x-ms-date. */
const MAX_SKEW_MS = 15 * 60_000;

export function verifyHmacSignature(req: SignedRequest, accessKey: string, now: Date = new Date()): SignatureCheck {
  const auth = header(req.headers, "authorization");
  const date = header(req.headers, "x-ms-date");
  const host = header(req.headers, "host");
  const contentHash = header(req.headers, "x-ms-content-sha256");
  if (!auth || !date || !host || !contentHash) {
    return { ok: false, reason: "Missing Authorization, x-ms-date, host or x-ms-content-sha256 header." };
  }
  const m = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/.exec(auth);
  if (!m || m[1]!.toLowerCase() !== "x-ms-date;host;x-ms-content-sha256") {
    return { ok: false, reason: "Authorization is not HMAC-SHA256 over x-ms-date;host;x-ms-content-sha256." };
  }
  const at = Date.parse(date);
  if (Number.isNaN(at) || Math.abs(now.getTime() - at) > MAX_SKEW_MS) {
    return { ok: false, reason: "x-ms-date is missing, malformed or too far from the server clock." };
  }
  const actualHash = createHash("sha256").update(req.body).digest("base64");
  if (actualHash !== contentHash) return { ok: false, reason: "x-ms-content-sha256 does not match the body." };
  const url = new URL(req.url, "http://placeholder");
  const query = url.searchParams.toString();
  const pathAndQuery = query ? `${url.pathname}?${query}` : url.pathname;
  const stringToSign = `${req.method.toUpperCase()}\n${pathAndQuery}\n${date};${host};${contentHash}`;
  const expected = createHmac("sha256", Buffer.from(accessKey, "base64")).update(stringToSign).digest();
  const given = Buffer.from(m[2]!, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "Signature mismatch: the request was not signed with this resource's access key." };
  }
  return { ok: true };
}
