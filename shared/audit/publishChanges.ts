/**
 * Publishing a committed snapshot's changes: store them, queue alerts in the outbox, send.
 *
 * Every step is idempotent (changes by key, outbox by recipient + the changes told). The caller records
 * the snapshot as published (LastRun.notifiedSnapshotId) only after this returns, so running it
 * twice for the same snapshot sends nothing twice and a crash anywhere is finished by the next run.
 */
import type { Diff } from "../diff/types.js";
import { diffSnapshots } from "../diff/diffSnapshots.js";
import type { Exposure } from "../exposure/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { deliverAlerts, type DeliveryOutcome } from "../notify/deliverAlerts.js";
import { acceptChanges } from "../acceptance/acceptChanges.js";
import { annotateExposure } from "../acceptance/annotateExposure.js";
import { loadAcceptances } from "../acceptance/loadAcceptances.js";
import { notifiersOf, type AuditContext } from "./context.js";
import type { ChannelOutcome } from "../notify/flushOutbox.js";
import type { Channel } from "../store/types.js";

export interface AlertOutcome extends DeliveryOutcome {
  /** Why nothing was sent, when nothing was. */
  note?: string;
}

/** A committed audit: its snapshot and the exposure the current model computes from it. */
export interface CommittedAudit {
  snapshot: Snapshot;
  exposure: Exposure;
}

export interface PublishInput {
  /** The committed audit, and the one before it (null for the first audit: a baseline). */
  current: CommittedAudit;
  previous: CommittedAudit | null;
  abortSignal?: AbortSignal;
}

export interface PublishResult {
  diff: Diff;
  alerts: AlertOutcome;
  /** The current exposure with the acceptances applied (what the alert shows). */
  exposure: Exposure;
}

/** An alert outcome that did nothing. */
export const NO_ALERTS: AlertOutcome = {
  queued: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  pending: 0,
  attemptFailures: 0,
  errors: [],
  resumed: 0,
  alreadyTold: 0,
  recipients: 0,
  byChannel: {},
};

/**
 * One run's alert outcome from the recovery of a crashed run and its own publish: the recovery's
 * sends finish an earlier run's work, so they count as resumed.
 */
export function mergeOutcomes(recovered: AlertOutcome, own: AlertOutcome): AlertOutcome {
  const authFailure = own.authFailure ?? recovered.authFailure;
  return {
    ...own,
    queued: recovered.queued + own.queued,
    sent: recovered.sent + own.sent,
    failed: recovered.failed + own.failed,
    skipped: recovered.skipped + own.skipped,
    pending: own.pending,
    attemptFailures: recovered.attemptFailures + own.attemptFailures,
    errors: [...recovered.errors, ...own.errors],
    resumed: recovered.sent + own.resumed,
    alreadyTold: recovered.alreadyTold + own.alreadyTold,
    recipients: Math.max(recovered.recipients, own.recipients),
    byChannel: mergeByChannel(recovered.byChannel, own.byChannel),
    ...(authFailure ? { authFailure } : {}),
  };
}

function mergeByChannel(a: AlertOutcome["byChannel"], b: AlertOutcome["byChannel"]): AlertOutcome["byChannel"] {
  const out: AlertOutcome["byChannel"] = {};
  for (const [channel, c] of [...Object.entries(a), ...Object.entries(b)] as [Channel, ChannelOutcome][]) {
    const sum = (out[channel] ??= { sent: 0, failed: 0, pending: 0 });
    sum.sent += c.sent;
    sum.failed += c.failed;
  }
  // Pending is what is left at the end of the run: the later pass's figure (it lists every pending item).
  for (const channel of Object.keys(out) as Channel[]) out[channel]!.pending = b[channel]?.pending ?? 0;
  return out;
}

export async function publishChanges(ctx: AuditContext, input: PublishInput): Promise<PublishResult> {
  const opts = { abortSignal: input.abortSignal };
  const acceptances = await loadAcceptances({
    store: ctx.stores.acceptances,
    tenantId: input.current.exposure.tenantId,
    config: ctx.config,
    abortSignal: input.abortSignal,
  });
  // Compared under common coverage: a section one audit could not read is unread for both. The
  // acceptances then decide which changes stay quiet and which alert because one ended or was outgrown.
  const diff = acceptChanges(diffSnapshots(input.previous, input.current), {
    previous: input.previous?.exposure ?? null,
    current: input.current.exposure,
    acceptances: acceptances.acceptances,
  });
  const exposure = annotateExposure(input.current.exposure, acceptances, ctx.now());
  for (const problem of acceptances.problems) ctx.log(JSON.stringify({ event: "acceptances.problem", problem }));
  // A baseline's "changes" are every current finding: context for the run's own report, not history.
  // Storing them would cost one transaction per 100 findings and fill digests with non-changes.
  if (!diff.baseline) await ctx.stores.changes.saveChanges(diff, opts);

  const notifiers = notifiersOf(ctx);
  if (notifiers.length === 0) {
    return {
      diff,
      exposure,
      alerts: {
        ...NO_ALERTS,
        note: "no alert channel configured (ALERT_RECIPIENTS / ALERT_RECIPIENTS_GROUP_ID, TEAMS_WORKFLOW_URL, WEBHOOK_URL, LOGS_INGESTION_ENDPOINT)",
      },
    };
  }
  const outcome = await deliverAlerts({
    diff,
    exposure,
    notifiers,
    minSeverity: { default: ctx.config.alertMinSeverity, byKind: ctx.config.alertMinSeverityByKind },
    reportUrl: ctx.config.reportUrl,
    outbox: ctx.stores.outbox,
    memory: ctx.stores.alertMemory,
    retentionDays: ctx.config.retentionDays,
    now: ctx.now,
    abortSignal: input.abortSignal,
  });
  return { diff, exposure, alerts: outcome };
}
