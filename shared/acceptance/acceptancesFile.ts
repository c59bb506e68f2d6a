/**
 * Acceptances as code: a JSON file teams review in git and publish to the app (a file beside it,
 * or a blob). Each entry says what it accepts, who owns it, why, when it was agreed and until when,
 * and how far the finding may go (its bounds: the severity and reach shown in the report when it was
 * agreed). An entry that is wrong is left out and named in the problems; the others still apply,
 * and a file that cannot be read or parsed leaves the table's acceptances in force.
 */
import { z } from "zod";
import { SEVERITIES, type Severity } from "../exposure/types.js";
import { GUID_PATTERN } from "../guid.js";
import type { Acceptance } from "./types.js";

/** Prefix of file acceptance ids, so they never collide with the table's and revoke can tell them apart. */
export const FILE_ID_PREFIX = "file:";

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** "2027-03-01" is 00:00 UTC that day; a full ISO 8601 instant with its offset is taken as it is. */
export function parseInstant(text: string): Date | undefined {
  if (!DATE_OR_INSTANT.test(text.trim())) return undefined;
  const value = text.trim();
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const instant = z.string().refine((v) => parseInstant(v) !== undefined, {
  message: "must be a date (2027-03-01, 00:00 UTC) or an ISO 8601 instant with an offset",
});
const guid = z.string().regex(GUID_PATTERN, "must be a GUID");
const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const entrySchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
        "must be 1-64 letters, digits, . _ - (starting with a letter or digit)",
      ),
    key: text(1000).optional(),
    principalId: guid.optional(),
    roleTemplateId: guid.optional(),
    owner: text(200),
    reason: text(1000),
    accepted: instant,
    until: instant,
    upTo: z.strictObject({
      severity: z.enum(SEVERITIES as [Severity, ...Severity[]]),
      syncedUsers: z.number().int().min(0).nullable(),
      assignment: z.enum(["active", "eligible"]).optional(),
    }),
  })
  .strict()
  .superRefine((e, ctx) => {
    const pattern = e.principalId !== undefined || e.roleTemplateId !== undefined;
    if (e.key !== undefined && pattern) {
      ctx.addIssue({ code: "custom", message: "give either key or principalId + roleTemplateId, not both" });
    } else if (e.key === undefined && (e.principalId === undefined || e.roleTemplateId === undefined)) {
      ctx.addIssue({ code: "custom", message: "give key, or both principalId and roleTemplateId" });
    }
  });

export type AcceptancesFileEntry = z.infer<typeof entrySchema>;

const fileSchema = z.object({ acceptances: z.array(z.unknown()) }).strict();

export interface ParsedAcceptancesFile {
  acceptances: Acceptance[];
  problems: string[];
}

export interface ParseAcceptancesFileOptions {
  /** ACCEPTANCE_MAX_DAYS: an entry may not last longer from its `accepted` date. */
  maxDays: number;
  /** Named in acceptedBy ("file <where>"). */
  where: string;
}

export function parseAcceptancesFile(text: string, options: ParseAcceptancesFileOptions): ParsedAcceptancesFile {
  const at = `acceptances file ${options.where}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { acceptances: [], problems: [`${at}: not valid JSON (${(e as Error).message})`] };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    return { acceptances: [], problems: [`${at}: ${issues(file.error)}; expected { "acceptances": [ ... ] }`] };
  }
  const acceptances: Acceptance[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  file.data.acceptances.forEach((raw, i) => {
    const name = `${at}, entry ${i + 1}${typeof (raw as { id?: unknown })?.id === "string" ? ` ("${(raw as { id: string }).id}")` : ""}`;
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`${name}: ${issues(parsed.error)}; left out`);
      return;
    }
    const e = parsed.data;
    const accepted = parseInstant(e.accepted)!;
    const until = parseInstant(e.until)!;
    const days = (until.getTime() - accepted.getTime()) / 86_400_000;
    if (days <= 0) return void problems.push(`${name}: until must be after accepted; left out`);
    if (days > options.maxDays) {
      return void problems.push(
        `${name}: lasts ${Math.ceil(days)} days from accepted, more than ACCEPTANCE_MAX_DAYS (${options.maxDays}); left out`,
      );
    }
    if (seen.has(e.id.toLowerCase())) return void problems.push(`${name}: the id is used twice; left out`);
    seen.add(e.id.toLowerCase());
    acceptances.push({
      id: `${FILE_ID_PREFIX}${e.id}`,
      source: "file",
      target:
        e.key !== undefined
          ? { key: e.key }
          : { principalId: e.principalId!.toLowerCase(), roleTemplateId: e.roleTemplateId!.toLowerCase() },
      owner: e.owner,
      reason: e.reason,
      acceptedAt: accepted.toISOString(),
      acceptedBy: `file ${options.where}`,
      expiresAt: until.toISOString(),
      upTo: e.upTo,
    });
  });
  return { acceptances, problems };
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
}
