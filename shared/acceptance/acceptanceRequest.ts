/**
 * Turning a request to accept (CLI `accept`, POST /api/acceptances) or revoke into the history
 * event to record, or into one error naming every problem: the target must match a finding of the
 * latest audit (otherwise the closest keys are named), the reason is required, the expiry is in the
 * future and within ACCEPTANCE_MAX_DAYS. The bounds are the matched findings as they are now.
 * Accepting a target that has an acceptance already renews it (same id, a new history line).
 */
import { randomBytes } from "node:crypto";
import { distance } from "fastest-levenshtein";
import type { Exposure } from "../exposure/types.js";
import { UserError } from "../errors.js";
import { FILE_ID_PREFIX, parseInstant } from "./acceptancesFile.js";
import { boundsOf, describeTarget, matches, parseTarget, sameTarget } from "./matchFinding.js";
import type { Acceptance, AcceptanceEvent, AcceptanceTarget } from "./types.js";

/** A request the caller can fix: every problem, and the finding keys closest to an unknown one. */
export class AcceptanceRequestError extends UserError {
  override name = "AcceptanceRequestError";
  constructor(
    readonly problems: string[],
    readonly closestKeys: string[] = [],
  ) {
    super(problems.join(" ") + (closestKeys.length > 0 ? ` Closest finding keys: ${closestKeys.join(", ")}.` : ""));
  }
}

/** An acceptance id that no current row has. */
export class AcceptanceNotFoundError extends UserError {
  override name = "AcceptanceNotFoundError";
  constructor(readonly id: string) {
    super(`No acceptance has id "${id}": list them with \`writeback-watch acceptances\` or GET /api/acceptances.`);
  }
}

export interface AcceptRequest {
  /** A finding key or `principal:<id>:role:<templateId>`, or the target itself. */
  target: string | AcceptanceTarget;
  /** A date (00:00 UTC that day) or an ISO 8601 instant. */
  until: string | undefined;
  reason: string | undefined;
  /** Who answers for the risk; default: whoever records it. */
  owner?: string;
  /** The recorder names nobody (a function key): the owner must be given. */
  ownerRequired?: boolean;
}

export interface AcceptContext {
  /** The latest audit's exposure: what the target must match, and where the bounds come from. */
  exposure: Exposure;
  /** The table's current acceptances (a renewal reuses the id of the same target's). */
  existing: readonly { acceptance: Acceptance; etag: string }[];
  now: Date;
  maxDays: number;
  /** Who is recording it (the signed-in principal, "function key", the CLI user). */
  by: string;
}

export interface PlannedEvent {
  event: AcceptanceEvent;
  /** The current row's ETag when the event renews or revokes an existing acceptance. */
  etag?: string;
}

const MAX_REASON = 1000;
const MAX_OWNER = 200;
const CLOSEST_SHOWN = 3;

export function planAccept(request: AcceptRequest, ctx: AcceptContext): PlannedEvent {
  const problems: string[] = [];
  let closest: string[] = [];
  const parsed = typeof request.target === "string" ? parseTarget(request.target) : request.target;
  const target = "problem" in parsed ? undefined : parsed;
  if ("problem" in parsed) problems.push(`Target: ${parsed.problem}.`);
  const matched = target ? ctx.exposure.findings.filter((f) => matches(target, f)) : [];
  if (target && matched.length === 0) {
    problems.push(
      `No finding of the latest audit (${ctx.exposure.snapshotId}) matches ${describeTarget(target)}: accept a key the report lists, or principal:<principalId>:role:<roleTemplateId>.`,
    );
    closest = closestKeys(
      describeTarget(target),
      ctx.exposure.findings.map((f) => f.key),
    );
  }
  const reason = request.reason?.trim() ?? "";
  if (reason === "") problems.push("A reason is required: say why the risk is kept (--reason, or reason in the body).");
  else if (reason.length > MAX_REASON)
    problems.push(`The reason is ${reason.length} characters; at most ${MAX_REASON}.`);
  const owner = request.owner?.trim() || ctx.by;
  if (request.ownerRequired && !request.owner?.trim()) {
    problems.push("An owner is required (owner in the body): a function key does not say who answers for the risk.");
  } else if (owner.length > MAX_OWNER) problems.push(`The owner is ${owner.length} characters; at most ${MAX_OWNER}.`);
  const expiresAt = checkUntil(request.until, ctx, problems);
  if (problems.length > 0 || !target || !expiresAt) throw new AcceptanceRequestError(problems, closest);

  const previous = ctx.existing.find((s) => !s.acceptance.revokedAt && sameTarget(s.acceptance.target, target));
  const at = ctx.now.toISOString();
  const acceptance: Acceptance = {
    id: previous?.acceptance.id ?? newAcceptanceId(),
    source: "table",
    target,
    owner,
    reason,
    acceptedAt: at,
    acceptedBy: ctx.by,
    expiresAt: expiresAt.toISOString(),
    upTo: boundsOf(matched),
  };
  return {
    event: { acceptanceId: acceptance.id, action: previous ? "renew" : "accept", at, by: ctx.by, acceptance },
    ...(previous ? { etag: previous.etag } : {}),
  };
}

export function planRevoke(id: string, ctx: Pick<AcceptContext, "existing" | "now" | "by">): PlannedEvent {
  if (id.startsWith(FILE_ID_PREFIX)) {
    throw new AcceptanceRequestError([
      `"${id}" comes from the acceptances file (ACCEPTANCES_FILE): remove or change it there.`,
    ]);
  }
  const current = ctx.existing.find((s) => s.acceptance.id === id);
  if (!current) throw new AcceptanceNotFoundError(id);
  if (current.acceptance.revokedAt) {
    throw new AcceptanceRequestError([
      `Acceptance ${id} was already revoked by ${current.acceptance.revokedBy} at ${current.acceptance.revokedAt}.`,
    ]);
  }
  const at = ctx.now.toISOString();
  const acceptance: Acceptance = { ...current.acceptance, revokedAt: at, revokedBy: ctx.by };
  return { event: { acceptanceId: id, action: "revoke", at, by: ctx.by, acceptance }, etag: current.etag };
}

function checkUntil(until: string | undefined, ctx: AcceptContext, problems: string[]): Date | undefined {
  if (until === undefined || until.trim() === "") {
    problems.push(
      `An expiry is required (--until 2027-03-01, or until in the body), at most ${ctx.maxDays} days away.`,
    );
    return undefined;
  }
  const d = parseInstant(until);
  if (!d) {
    problems.push(
      `The expiry "${until.slice(0, 40)}" is not a date (2027-03-01, meaning 00:00 UTC) or an ISO 8601 instant.`,
    );
    return undefined;
  }
  if (d.getTime() <= ctx.now.getTime()) {
    problems.push(`The expiry ${d.toISOString()} is in the past: give a later date.`);
    return undefined;
  }
  const latest = new Date(ctx.now.getTime() + ctx.maxDays * 86_400_000);
  if (d.getTime() > latest.getTime()) {
    problems.push(
      `The expiry ${d.toISOString()} is more than ${ctx.maxDays} days away (ACCEPTANCE_MAX_DAYS): the latest is ${latest.toISOString()}.`,
    );
    return undefined;
  }
  return d;
}

/** The keys nearest to `wanted` by edit distance, nearest first. */
export function closestKeys(wanted: string, keys: readonly string[], count = CLOSEST_SHOWN): string[] {
  return [...new Set(keys)]
    .map((key) => ({ key, d: distance(wanted.toLowerCase(), key.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.key.localeCompare(b.key))
    .slice(0, count)
    .map((k) => k.key);
}

function newAcceptanceId(): string {
  return `acc-${randomBytes(5).toString("hex")}`;
}
