import { describe, expect, it } from "vitest";
import { silentHours } from "../../shared/audit/auditSilence.js";

describe("silentHours", () => {
  it("is quiet until the last success is older than two audit intervals", () => {
    const last = "2026-01-05T08:00:30.000Z";
    expect(silentHours(last, new Date("2026-01-05T10:00:30Z"), 60)).toBeUndefined();
    expect(silentHours(last, new Date("2026-01-05T10:01:00Z"), 60)).toBe(2);
    expect(silentHours(last, new Date("2026-01-06T10:30:00Z"), 60)).toBe(26);
  });
  it("follows the interval: a daily audit is not late after a day and a half", () => {
    const last = "2026-01-05T06:00:10.000Z";
    expect(silentHours(last, new Date("2026-01-06T20:00:00Z"), 24 * 60)).toBeUndefined();
    expect(silentHours(last, new Date("2026-01-07T07:00:00Z"), 24 * 60)).toBe(48);
  });
  it("says nothing without a last success", () => {
    expect(silentHours(undefined, new Date(), 60)).toBeUndefined();
    expect(silentHours("not a time", new Date(), 60)).toBeUndefined();
  });
});
