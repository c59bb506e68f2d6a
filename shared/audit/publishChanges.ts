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
import { resolveRecipients } from "../notify/resolveRecipients.js";
import { acceptChanges } from "../acceptance/acceptChanges.js";
import { annotateExposure } from "../acceptance/annotateExposure.js";
import { loadAcceptances } from "../acceptance/loadAcceptances.js";
import type { AuditContext } from "./context.js";

export interface AlertOutcome extends DeliveryOutcome {
  /** Recipients resolved for this run's alert; 0 when there was nothing to alert (none were looked up). */
  recipients: number;
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

const NOTHING: AlertOutcome = {
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
    ...(authFailure ? { authFailure } : {}),
  };
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

  const mail = ctx.config.mail;
  if (!mail || !ctx.sender) {
    return {
      diff,
      exposure,
      alerts: { ...NOTHING, note: "no alert recipients configured (ALERT_RECIPIENTS / ALERT_RECIPIENTS_GROUP_ID)" },
    };
  }
  let resolved = 0;
  const outcome = await deliverAlerts({
    diff,
    exposure,
    recipients: async () => {
      const recipients = await resolveRecipients(mail, ctx.graph, opts);
      resolved = recipients.length;
      return recipients;
    },
    minSeverity: { default: ctx.config.alertMinSeverity, byKind: ctx.config.alertMinSeverityByKind },
    reportUrl: ctx.config.reportUrl,
    outbox: ctx.stores.outbox,
    memory: ctx.stores.alertMemory,
    retentionDays: ctx.config.retentionDays,
    sender: ctx.sender,
    now: ctx.now,
    abortSignal: input.abortSignal,
  });
  return { diff, exposure, alerts: { ...outcome, recipients: resolved } };
}
