/**
 * Reads a timer schedule before the Functions host sees it: a schedule the host cannot read stops
 * the timer from ever firing, and nothing in the app's own logs would say why. The same reading
 * gives the longest wait between two runs, which the watchdog and the digest use as "one audit
 * interval" (so no second setting has to be kept in line with the schedule by hand).
 *
 * The rules are those of the Azure Functions timer trigger documentation ("CRON expressions",
 * articles/azure-functions/functions-bindings-timer.md): six fields
 * `{second} {minute} {hour} {day} {month} {day-of-week}`, each a value, `*`, a range (`-`), a set
 * (`,`) or an interval (`/`); months and days as numbers or English names, case-insensitive, whole
 * or abbreviated; days of the week 0 to 6 from Sunday. The TimeSpan form (hh:mm:ss) is refused: the
 * same page allows it only on an App Service plan, and this app runs on Flex Consumption.
 * A day must match the day, month AND day-of-week fields, as the NCrontab library the host uses
 * computes occurrences (CrontabSchedule.TryGetNextOccurrence in github.com/atifaziz/NCrontab), not
 * the OR of classic cron. Times are UTC, the timer's default.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  /** English names, index 0 = `min`. */
  names?: readonly string[];
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const FIELDS: readonly Field[] = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 0, max: 6, names: DAYS },
];

/** Names may be shortened, but not below three letters ("Names can be abbreviated"; three is the documented length). */
const MIN_ABBREVIATION = 3;

/** Each field's matching values, ascending. */
export interface NcrontabFields {
  second: number[];
  minute: number[];
  hour: number[];
  day: number[];
  month: number[];
  dayOfWeek: number[];
}

export type ParsedSchedule = { ok: true; fields: NcrontabFields } | { ok: false; problems: string[] };

/** The problems of a schedule, empty when the host will accept it. */
export function ncrontabProblems(schedule: string): string[] {
  const parsed = parseNcrontab(schedule);
  if (!parsed.ok) return parsed.problems;
  // The host accepts it, but it would never fire: the watch would stop without a word.
  if (longestGapSeconds(parsed.fields) === Infinity)
    return ["matches no date (the day, month and day-of-week fields must all match, e.g. not the 30th of February)"];
  return [];
}

export function parseNcrontab(schedule: string): ParsedSchedule {
  const text = schedule.trim();
  if (/^\d+:\d+:\d+$/.test(text)) {
    return {
      ok: false,
      problems: [
        "is a TimeSpan (hh:mm:ss), which the timer trigger accepts only on an App Service plan; use a CRON expression",
      ],
    };
  }
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length) {
    return {
      ok: false,
      problems: [
        `must have six fields "{second} {minute} {hour} {day} {month} {day-of-week}" (got ${parts.length}), e.g. "0 0 * * * *" for hourly`,
      ],
    };
  }
  const problems: string[] = [];
  const values = parts.map((part, i) => {
    const field = parseField(part, FIELDS[i]!);
    if (typeof field === "string") problems.push(`${FIELDS[i]!.name} field "${part}" ${field}`);
    return typeof field === "string" ? [] : field;
  });
  if (problems.length > 0) return { ok: false, problems };
  const [second, minute, hour, day, month, dayOfWeek] = values as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  return { ok: true, fields: { second, minute, hour, day, month, dayOfWeek } };
}

/** The field's values, or what is wrong with it. */
function parseField(text: string, field: Field): number[] | string {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    if (item === "") return "has an empty list item";
    const [range, step, ...extra] = item.split("/");
    if (extra.length > 0) return "has more than one /";
    if (step !== undefined && !/^\d+$/.test(step)) return `has an interval "${step}" that is not a whole number`;
    if (step !== undefined && Number(step) < 1) return "has an interval below 1";
    let from = field.min;
    let to = field.max;
    if (range !== "*") {
      const bounds = range!.split("-");
      if (bounds.length > 2) return `has a range "${range}" with more than one -`;
      const ends = bounds.map((b) => valueOf(b, field));
      const bad = bounds.find((_, j) => ends[j] === undefined);
      if (bad !== undefined) {
        return `has "${bad}", which is not ${field.names ? "a number or a name" : "a number"} from ${field.min} to ${field.max}`;
      }
      if (ends.length === 2 && ends[0]! > ends[1]!) return `has a range "${range}" that runs backwards`;
      from = ends[0]!;
      // "5/15" is every 15 from 5 to the end of the field, as NCrontab reads it.
      to = ends.length === 2 ? ends[1]! : step !== undefined ? field.max : from;
    }
    for (let v = from; v <= to; v += Number(step ?? 1)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  if (!field.names || text.length < MIN_ABBREVIATION) return undefined;
  const lower = text.toLowerCase();
  const index = field.names.findIndex((name) => name.startsWith(lower));
  return index < 0 ? undefined : field.min + index;
}

const DAY_SECONDS = 86_400;
/** The Gregorian calendar repeats its dates and weekdays every 400 years (146,097 days, 20,871 weeks). */
const CYCLE_DAYS = 146_097;
const CYCLE_START = Date.UTC(2000, 0, 1);
const gapCache = new Map<string, number>();

/**
 * The longest time between two consecutive runs of a valid schedule, in seconds, over every date
 * (one 400-year cycle, wrapping round); Infinity when no date matches (e.g. the 30th of February).
 * The times of day are the same on every matching day, so the longest gap is either between two
 * times of one day or from the last run of a matching day to the first of the next one.
 */
export function longestGapSeconds(fields: NcrontabFields): number {
  const key = JSON.stringify(fields);
  const cached = gapCache.get(key);
  if (cached !== undefined) return cached;
  const times: number[] = [];
  for (const h of fields.hour)
    for (const m of fields.minute) for (const s of fields.second) times.push(h * 3600 + m * 60 + s);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  const days = new Set(fields.day);
  const months = new Set(fields.month);
  const weekdays = new Set(fields.dayOfWeek);
  let first = -1;
  let previous = -1;
  const dayRun = times[times.length - 1]! - times[0]!;
  for (let d = 0; d < CYCLE_DAYS; d++) {
    const date = new Date(CYCLE_START + d * DAY_SECONDS * 1000);
    if (!days.has(date.getUTCDate()) || !months.has(date.getUTCMonth() + 1) || !weekdays.has(date.getUTCDay()))
      continue;
    if (first < 0) first = d;
    else longest = Math.max(longest, (d - previous) * DAY_SECONDS - dayRun);
    previous = d;
  }
  const gap = first < 0 ? Infinity : Math.max(longest, (first + CYCLE_DAYS - previous) * DAY_SECONDS - dayRun);
  gapCache.set(key, gap);
  return gap;
}

/** One audit interval in whole minutes (rounded up): the longest wait between two runs of the schedule. */
export function scheduleIntervalMinutes(schedule: string): number {
  const parsed = parseNcrontab(schedule);
  if (!parsed.ok) throw new Error(`Schedule "${schedule}" ${parsed.problems.join("; ")}.`);
  return Math.max(1, Math.ceil(longestGapSeconds(parsed.fields) / 60));
}
