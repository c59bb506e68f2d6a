import { describe, expect, it } from "vitest";
import { silentHours } from "../../shared/audit/auditSilence.js";

describe("silentHours", () => {
  const hourly = "0 0 * * * *";
  it("is quiet until two scheduled audits have passed since the last success", () => {
    const last = "2026-01-05T08:00:30.000Z";
    expect(silentHours(last, new Date("2026-01-05T09:30:00Z"), hourly)).toBeUndefined();
    expect(silentHours(last, new Date("2026-01-05T10:00:00Z"), hourly)).toBe(1);
    expect(silentHours(last, new Date("2026-01-06T10:30:00Z"), hourly)).toBe(26);
  });
  it("follows the schedule: a daily audit is not late after a few hours", () => {
    const daily = "0 0 6 * * *";
    const last = "2026-01-05T06:00:10.000Z";
    expect(silentHours(last, new Date("2026-01-06T20:00:00Z"), daily)).toBeUndefined();
    expect(silentHours(last, new Date("2026-01-07T06:00:00Z"), daily)).toBe(47);
  });
  it("says nothing without a last success, and reads an unusable schedule as hourly", () => {
    expect(silentHours(undefined, new Date(), hourly)).toBeUndefined();
    expect(silentHours("2026-01-05T08:00:00Z", new Date("2026-01-05T11:00:00Z"), "nonsense")).toBe(3);
  });
});
