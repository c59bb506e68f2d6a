/**
 * Checks a timer schedule before the Functions host sees it: a schedule the host cannot read stops
 * the timer from ever firing, and nothing in the app's own logs would say why.
 *
 * The rules are those of the Azure Functions timer trigger documentation ("CRON expressions",
 * articles/azure-functions/functions-bindings-timer.md): six fields
 * `{second} {minute} {hour} {day} {month} {day-of-week}`, each a value, `*`, a range (`-`), a set
 * (`,`) or an interval (`/`); months and days as numbers or English names, case-insensitive, whole
 * or abbreviated; days of the week 0 to 6 from Sunday. The TimeSpan form (hh:mm:ss) is refused: the
 * same page allows it only on an App Service plan, and this app runs on Flex Consumption.
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

/** The problems of a schedule, empty when the host will accept it. */
export function ncrontabProblems(schedule: string): string[] {
  const text = schedule.trim();
  if (/^\d+:\d+:\d+$/.test(text)) {
    return [
      "is a TimeSpan (hh:mm:ss), which the timer trigger accepts only on an App Service plan; use a CRON expression",
    ];
  }
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length) {
    return [
      `must have six fields "{second} {minute} {hour} {day} {month} {day-of-week}" (got ${parts.length}), e.g. "0 0 * * * *" for hourly`,
    ];
  }
  const problems: string[] = [];
  parts.forEach((part, i) => {
    const problem = fieldProblem(part, FIELDS[i]!);
    if (problem) problems.push(`${FIELDS[i]!.name} field "${part}" ${problem}`);
  });
  return problems;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(",")) {
    if (item === "") return "has an empty list item";
    const [range, step, ...extra] = item.split("/");
    if (extra.length > 0) return "has more than one /";
    if (step !== undefined && !/^\d+$/.test(step)) return `has an interval "${step}" that is not a whole number`;
    if (step !== undefined && Number(step) < 1) return "has an interval below 1";
    if (range === "*") continue;
    const bounds = range!.split("-");
    if (bounds.length > 2) return `has a range "${range}" with more than one -`;
    const values = bounds.map((b) => valueOf(b, field));
    const bad = bounds.find((_, j) => values[j] === undefined);
    if (bad !== undefined) {
      return `has "${bad}", which is not ${field.names ? "a number or a name" : "a number"} from ${field.min} to ${field.max}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `has a range "${range}" that runs backwards`;
  }
  return undefined;
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
