/** The shared delivery loop: what is retried, what is not, and Retry-After, on plain results. */
import { describe, expect, it } from "vitest";
import {
  connectionVerdict,
  deliverWithRetries,
  type TryResult,
} from "../../../shared/notify/channels/deliverWithRetries.js";
import { retryAfterFromHeaders } from "../../../shared/notify/retryAfter.js";
import { recordingSleep } from "./fixtures.js";

function run(results: TryResult[], retryUnknown: boolean, extra: { maxRetryAfterMs?: number } = {}) {
  const clock = recordingSleep();
  let tries = 0;
  const promise = deliverWithRetries(async () => results[Math.min(tries++, results.length - 1)]!, {
    retryUnknown,
    sleep: clock.sleep,
    ...extra,
  });
  return promise.then((r) => ({ result: r, tries, waits: clock.waits }));
}

const transient = (status: number, retryAfterMs?: number): TryResult => ({
  ok: false,
  kind: "transient",
  status,
  retryAfterMs,
  error: String(status),
});
const unknown: TryResult = { ok: false, kind: "unknown", error: "socket hang up" };
const notSent: TryResult = { ok: false, kind: "not-sent", error: "ECONNREFUSED" };

describe("deliverWithRetries", () => {
  it("retries definite refusals with backoff, honouring a longer Retry-After", async () => {
    const r = await run([transient(429, 4000), transient(503), { ok: true }], false);
    expect(r.result).toEqual({ kind: "delivered", tries: 3 });
    expect(r.waits).toEqual([4000, 2000]);
  });

  it("a refused connection is retried even where repeats cannot be recognised: nothing was sent", async () => {
    const r = await run([notSent, { ok: true }], false);
    expect(r.result.kind).toBe("delivered");
  });

  it("an unknown outcome ends the delivery unless the receiver de-duplicates", async () => {
    expect((await run([unknown, { ok: true }], false)).result).toEqual({ kind: "unknown", error: "socket hang up" });
    expect((await run([unknown, { ok: true }], true)).result.kind).toBe("delivered");
  });

  it("a permanent refusal is not retried", async () => {
    const r = await run([{ ok: false, kind: "permanent", status: 400, error: "bad" }], true);
    expect(r).toMatchObject({ tries: 1, result: { kind: "rejected", status: 400 } });
  });

  it("bounded: after the last try, or a Retry-After too long for this run, it is left for later", async () => {
    expect((await run([transient(500)], false)).result).toMatchObject({ kind: "retry-later", status: 500 });
    expect((await run([transient(500)], false)).tries).toBe(3);
    const long = await run([transient(429, 600_000), { ok: true }], false, { maxRetryAfterMs: 60_000 });
    expect(long).toMatchObject({ tries: 1, result: { kind: "retry-later", error: expect.stringMatching(/600 s/) } });
  });

  it("a try over its time limit is an unknown outcome", async () => {
    const r = await deliverWithRetries(
      (signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
      { retryUnknown: false, attemptTimeoutMs: 20 },
    );
    expect(r).toEqual({ kind: "unknown", error: "no answer within 20 ms" });
  });

  it("reads connection errors: refused and DNS are not-sent, a reset may have been sent", () => {
    const err = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: { code } });
    expect(connectionVerdict(err("ECONNREFUSED")).ok === false && connectionVerdict(err("ECONNREFUSED"))).toMatchObject(
      {
        kind: "not-sent",
      },
    );
    expect(connectionVerdict(err("ENOTFOUND"))).toMatchObject({ kind: "not-sent" });
    expect(connectionVerdict(err("ECONNRESET"))).toMatchObject({ kind: "unknown" });
  });
});

describe("retryAfterFromHeaders", () => {
  const h = (o: Record<string, string>) => (name: string) => o[name];
  it("reads milliseconds, seconds and an HTTP-date (RFC 9110 section 10.2.3)", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterFromHeaders(h({ "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterFromHeaders(h({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterFromHeaders(h({ "retry-after": "Thu, 01 Jan 2026 00:00:10 GMT" }), now)).toBe(10_000);
    expect(retryAfterFromHeaders(h({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterFromHeaders(h({}), now)).toBeUndefined();
  });
});
