/**
 * The periodic digest: the period's changes in order, the standing critical findings, how many
 * audits ran, succeeded and failed, and the current headline; sent even when nothing changed so
 * owners know the watch is alive, and saying so in the subject when the audits have stopped
 * succeeding, and listing the messages of the period that could not be delivered. The `digest`
 * cursor marks the end of the last period.
 */
import { rankFixes } from "../exposure/fixes.js";
import { sendDigest } from "../notify/deliverAlerts.js";
import { resolveRecipients } from "../notify/resolveRecipients.js";
import { notifiersOf, type AuditContext } from "./context.js";
import { loadLatest } from "./loadSnapshot.js";
import { tenantIdOf } from "./readers.js";
import { auditsBetween, type AuditCounts } from "./runHistory.js";
import { silentHours } from "./auditSilence.js";
import { annotateExposure } from "../acceptance/annotateExposure.js";
import { loadAcceptances } from "../acceptance/loadAcceptances.js";

export const DIGEST_CURSOR = "digest";
const DEFAULT_PERIOD_DAYS = 7;

export interface DigestRunResult {
  tenantId?: string;
  since: string;
  until: string;
  changes: number;
  sent: number;
  /** Send attempts that did not go out in this run, transient failures (left pending) included. */
  failed: number;
  audits?: AuditCounts;
  /** Set when the last successful audit is older than two scheduled audits. */
  silentHours?: number;
  /** Messages of the period given up on, which the digest listed. */
  undelivered?: number;
  note?: string;
}

export async function runDigest(
  ctx: AuditContext,
  options: { abortSignal?: AbortSignal } = {},
): Promise<DigestRunResult> {
  const until = ctx.now();
  const lastRun = await ctx.stores.state.getLastRun(options);
  const tenantId = tenantIdOf(ctx.config, lastRun);
  // Midnight-aligned so that a digest retried the same day has the same period, hence the same
  // outbox dedupe key, and is not sent twice.
  const dayStart = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  const fallbackSince = new Date(dayStart - DEFAULT_PERIOD_DAYS * 86_400_000).toISOString();
  if (!tenantId) {
    return {
      since: fallbackSince,
      until: until.toISOString(),
      changes: 0,
      sent: 0,
      failed: 0,
      note: "no audit has run yet",
    };
  }
  const since = (await ctx.stores.state.getCursor(tenantId, DIGEST_CURSOR, options)) ?? fallbackSince;
  const changes = await ctx.stores.changes.listChanges(tenantId, new Date(since), until, options);
  const latest = await loadLatest(ctx, tenantId, options.abortSignal);
  const audits = auditsBetween(lastRun, new Date(since), until);
  const lastSuccessAt = lastRun?.lastSuccessAt ?? latest?.summary.takenAt;
  const silent = silentHours(lastSuccessAt, until, ctx.config.auditIntervalMinutes);
  const base = {
    tenantId,
    since,
    until: until.toISOString(),
    changes: changes.length,
    audits,
    ...(silent !== undefined ? { silentHours: silent } : {}),
  };
  if (!latest) return { ...base, sent: 0, failed: 0, note: "no snapshot stored yet" };
  if (!ctx.config.mail || !ctx.sender) {
    return { ...base, sent: 0, failed: 0, note: "no alert recipients configured" };
  }
  const recipients = await resolveRecipients(ctx.config.mail, ctx.graph, options);
  // The acceptances as they stand at the digest: accepted findings marked, and those expiring soon told.
  const acceptances = await loadAcceptances({
    store: ctx.stores.acceptances,
    tenantId,
    config: ctx.config,
    abortSignal: options.abortSignal,
  });
  const undelivered = await ctx.stores.outbox.listFailed(tenantId, new Date(since), options);
  const outcome = await sendDigest({
    changes,
    exposure: annotateExposure(latest.exposure, acceptances, until),
    fixes: rankFixes(latest.snapshot, latest.exposure),
    since,
    until: until.toISOString(),
    lastRun,
    audits,
    ...(silent !== undefined ? { silentHours: silent } : {}),
    lastSuccessAt,
    undelivered,
    recipients,
    reportUrl: ctx.config.reportUrl,
    outbox: ctx.stores.outbox,
    notifiers: notifiersOf(ctx),
    now: ctx.now,
    abortSignal: options.abortSignal,
  });
  await ctx.stores.state.setCursor(tenantId, DIGEST_CURSOR, until.toISOString(), options);
  return { ...base, sent: outcome.sent, failed: outcome.attemptFailures, undelivered: undelivered.length };
}
