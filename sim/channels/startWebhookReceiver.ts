/**
 * A local webhook receiver that does what the Standard Webhooks specification asks of one
 * (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md, "Verifying webhook
 * authenticity" and "Idempotency"), written from the specification, not from the product's signer:
 * - webhook-id, webhook-timestamp and webhook-signature are required;
 * - the signature is base64 HMAC-SHA256, keyed with the base64-decoded part of the `whsec_` secret,
 *   over "<id>.<timestamp>.<raw body>"; the header may list several space-separated "v1,<sig>"
 *   values and one must match (compared in constant time) → else 401;
 * - a timestamp more than five minutes from the receiver's clock is refused (replay) → 401;
 * - a repeated webhook-id is acknowledged (200) but not processed again.
 * Every verified, first-seen delivery is kept as an event; every request as a delivery.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { startStandInServer, type RunningStandIn, type StandInFault } from "./standInServer.js";

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface ReceivedEvent {
  id: string;
  timestamp: number;
  payload: Record<string, unknown>;
}

export interface RunningWebhookReceiver extends RunningStandIn {
  url: string;
  /** Verified deliveries, one per webhook-id. */
  events: readonly ReceivedEvent[];
  /** Every request: whether it verified, and why not. */
  deliveries: readonly { id?: string; verified: boolean; duplicate: boolean; problem?: string }[];
}

export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  nowSeconds: number,
): string | undefined {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one("webhook-id");
  const ts = one("webhook-timestamp");
  const sig = one("webhook-signature");
  if (!id || !ts || !sig) return "missing webhook-id, webhook-timestamp or webhook-signature";
  if (!/^\d+$/.test(ts)) return "webhook-timestamp is not whole seconds";
  if (Math.abs(nowSeconds - Number(ts)) > TIMESTAMP_TOLERANCE_SECONDS) return "webhook-timestamp is too old or too new";
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(`${id}.${ts}.`, "utf8"), body]))
    .digest();
  for (const part of sig.split(" ")) {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return "no v1 signature matches";
}

export async function startWebhookReceiver(options: {
  secret: string;
  faults?: StandInFault[];
  nowSeconds?: () => number;
}): Promise<RunningWebhookReceiver> {
  const events: ReceivedEvent[] = [];
  const deliveries: { id?: string; verified: boolean; duplicate: boolean; problem?: string }[] = [];
  const seen = new Set<string>();
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const server = await startStandInServer(
    ({ method, url, headers, body }) => {
      if (method !== "POST" || url.pathname !== "/hooks/writeback-watch") return { status: 404 };
      const problem = verifyStandardWebhook(options.secret, headers, body, nowSeconds());
      const id = typeof headers["webhook-id"] === "string" ? headers["webhook-id"] : undefined;
      if (problem) {
        deliveries.push({ id, verified: false, duplicate: false, problem });
        return { status: 401, body: { error: problem } };
      }
      const duplicate = seen.has(id!);
      deliveries.push({ id, verified: true, duplicate });
      if (!duplicate) {
        seen.add(id!);
        events.push({
          id: id!,
          timestamp: Number(headers["webhook-timestamp"]),
          payload: JSON.parse(body.toString("utf8")) as Record<string, unknown>,
        });
      }
      return { status: 200 };
    },
    { faults: options.faults },
  );
  return { ...server, url: `${server.baseUrl}/hooks/writeback-watch`, events, deliveries };
}
