/**
 * One audit interval from the schedule itself: the longest wait between two runs, checked against
 * occurrences enumerated second by second where that is cheap, and against calendar facts (leap
 * days, weekday and day-of-month both restricted) where it is not.
 */
import { describe, expect, it } from "vitest";
import { longestGapSeconds, ncrontabProblems, parseNcrontab, scheduleIntervalMinutes } from "../shared/ncrontab.js";
import { loadConfig } from "../shared/config.js";

const fieldsOf = (schedule: string) => {
  const parsed = parseNcrontab(schedule);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.fields;
};

/** The longest gap between matching seconds over `days` days from 2024-01-01, wrapping round — by brute force. */
function bruteForceGap(schedule: string, days: number): number {
  const f = fieldsOf(schedule);
  const sets = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, new Set(v)])) as Record<
    keyof typeof f,
    Set<number>
  >;
  const start = Date.UTC(2024, 0, 1) / 1000;
  const hits: number[] = [];
  for (let t = start; t < start + days * 86_400; t++) {
    const d = new Date(t * 1000);
    if (
      sets.second.has(d.getUTCSeconds()) &&
      sets.minute.has(d.getUTCMinutes()) &&
      sets.hour.has(d.getUTCHours()) &&
      sets.day.has(d.getUTCDate()) &&
      sets.month.has(d.getUTCMonth() + 1) &&
      sets.dayOfWeek.has(d.getUTCDay())
    )
      hits.push(t);
  }
  let gap = 0;
  for (let i = 1; i < hits.length; i++) gap = Math.max(gap, hits[i]! - hits[i - 1]!);
  return gap;
}

describe("parseNcrontab", () => {
  it("expands values, names, ranges, sets and intervals as NCrontab does", () => {
    expect(fieldsOf("*/20 5/15 9-17/4 1,15 Jan-Mar mon-fri")).toEqual({
      second: [0, 20, 40],
      minute: [5, 20, 35, 50],
      hour: [9, 13, 17],
      day: [1, 15],
      month: [1, 2, 3],
      dayOfWeek: [1, 2, 3, 4, 5],
    });
  });
});

describe("longestGapSeconds", () => {
  it("agrees with occurrences enumerated second by second over two weeks", () => {
    for (const schedule of [
      "0 0 * * * *",
      "0 */15 * * * *",
      "0 0 9-17 * * *",
      "0 30 9 * * 1-5",
      "*/7 * * * * *",
      "0 0 */5 * * *",
      "0 0 8 * * 1",
      "0 0 0,12 * * Sat,Sun",
    ]) {
      // Two weeks hold every weekday twice; the schedules above repeat weekly.
      expect(longestGapSeconds(fieldsOf(schedule)), schedule).toBe(bruteForceGap(schedule, 14));
    }
  }, 60_000);

  it("follows the calendar: month lengths, leap days, and day AND day-of-week", () => {
    const day = 86_400;
    // The 31st: from 31 Aug (or 31 Dec...) to 31 Oct is the longest wait, 61 days.
    expect(longestGapSeconds(fieldsOf("0 0 0 31 * *"))).toBe(61 * day);
    // 29 February: every four years, but 2100 is not a leap year (2096 → 2104).
    expect(longestGapSeconds(fieldsOf("0 0 0 29 2 *"))).toBe((Date.UTC(2104, 1, 29) - Date.UTC(2096, 1, 29)) / 1000);
    // Friday the 13th, read as NCrontab reads it (both must match), not as "the 13th or any Friday".
    const friday13 = longestGapSeconds(fieldsOf("0 0 0 13 * 5"));
    // The longest run without one is 14 months, e.g. Friday 13 July 2001 to Friday 13 September 2002.
    expect(friday13).toBe((Date.UTC(2002, 8, 13) - Date.UTC(2001, 6, 13)) / 1000);
    expect(friday13 / day).toBe(427);
    expect(ncrontabProblems("0 0 0 30 2 *").join()).toMatch(/matches no date/);
    expect(ncrontabProblems("0 0 0 31 4,6,9,11 *").join()).toMatch(/matches no date/);
  });
});

describe("scheduleIntervalMinutes and the configuration", () => {
  it("derives AUDIT_SCHEDULE's interval in whole minutes", () => {
    expect(scheduleIntervalMinutes("0 0 * * * *")).toBe(60);
    expect(scheduleIntervalMinutes("0 */15 * * * *")).toBe(15);
    expect(scheduleIntervalMinutes("*/30 * * * * *")).toBe(1);
    // Office hours on weekdays: Friday 17:00 to Monday 09:00.
    expect(scheduleIntervalMinutes("0 0 9-17 * * 1-5")).toBe((2 * 24 + 16) * 60);
    expect(loadConfig({}).auditIntervalMinutes).toBe(60);
    expect(loadConfig({ AUDIT_SCHEDULE: "0 0 */6 * * *" }).auditIntervalMinutes).toBe(360);
  });
});
