/** The audit deadline sits inside the function timeout of host.json and inside the lease. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { anySignal, auditTimeLimits, FUNCTION_TIMEOUT_SECONDS } from "../../shared/audit/deadline.js";

describe("auditTimeLimits", () => {
  it("matches host.json's functionTimeout", () => {
    const host = JSON.parse(readFileSync(new URL("../../host.json", import.meta.url), "utf8")) as {
      functionTimeout: string;
    };
    const [h, m, s] = host.functionTimeout.split(":").map(Number);
    expect(h! * 3600 + m! * 60 + s!).toBe(FUNCTION_TIMEOUT_SECONDS);
  });

  it("stops collection before the hard stop, and both before the shorter of lease and function timeout", () => {
    for (const lease of [300, 900, 1800, 86_400]) {
      const { collectMs, stopMs } = auditTimeLimits(lease);
      const limitMs = Math.min(lease, FUNCTION_TIMEOUT_SECONDS) * 1000;
      expect(collectMs).toBeGreaterThan(0);
      expect(collectMs).toBeLessThan(stopMs);
      expect(stopMs).toBeLessThan(limitMs);
    }
    expect(auditTimeLimits(1800)).toEqual({ stopMs: 1_740_000, collectMs: 1_392_000 });
  });

  it("anySignal aborts with whichever signal aborts first", () => {
    const a = new AbortController();
    const b = new AbortController();
    const both = anySignal(a.signal, undefined, b.signal)!;
    b.abort("deadline");
    expect(both.aborted).toBe(true);
    expect(both.reason).toBe("deadline");
    expect(anySignal(undefined)).toBeUndefined();
  });
});
