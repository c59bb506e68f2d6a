/**
 * Publishing a committed snapshot's changes: store them, queue alerts in the outbox, send.
 *
 * Every step is idempotent (changes by key, outbox by snapshot id + recipient), and the
 * `notified` cursor moves only at the end, so running it twice for the same snapshot sends
 * nothing twice and a crash anywhere is finished by the next run.
 */
import type { Diff } from "../diff/types.js";
import { diffExposures } from "../diff/diffExposures.js";
import type { Exposure } from "../exposure/types.js";
import { deliverAlerts, type DeliveryOutcome } from "../notify/deliverAlerts.js";
import { resolveRecipients } from "../notify/resolveRecipients.js";
import type { SnapshotSummary } from "../store/types.js";
import type { AuditContext } from "./context.js";
import { loadById } from "./loadSnapshot.js";

export const NOTIFIED_CURSOR = "notified";

export interface AlertOutcome extends DeliveryOutcome {
  recipients: number;
  /** Why nothing was sent, when nothing was. */
  note?: string;
}

export interface PublishInput {
  tenantId: string;
  abortSignal?: AbortSignal;
  /** The run that just committed passes what it has; recovery loads it from the store. */
  known?: {
    summary: SnapshotSummary;
    exposure: Exposure;
    previous: { summary: SnapshotSummary; exposure: Exposure } | null;
  };
}

export interface PublishResult {
  diff: Diff;
  alerts: AlertOutcome;
  recovered: boolean;
}

const NOTHING: AlertOutcome = { queued: 0, sent: 0, failed: 0, skipped: 0, pending: 0, errors: [], recipients: 0 };

export async function publishChanges(ctx: AuditContext, input: PublishInput): Promise<PublishResult> {
  const { stores } = ctx;
  const opts = { abortSignal: input.abortSignal };
  let known = input.known;
  let recovered = false;
  if (!known) {
    const notified = await stores.state.getCursor(input.tenantId, NOTIFIED_CURSOR, opts);
    const page = await stores.snapshots.listSummaries(input.tenantId, { pageSize: 2, ...opts });
    const [latest, before] = page.items;
    if (!latest || latest.snapshotId === notified) {
      return { diff: emptyDiff(input.tenantId, latest), alerts: NOTHING, recovered: false };
    }
    const current = await loadById(ctx, input.tenantId, latest, input.abortSignal);
    if (!current) return { diff: emptyDiff(input.tenantId, latest), alerts: NOTHING, recovered: false };
    const previous = before ? await loadById(ctx, input.tenantId, before, input.abortSignal) : undefined;
    known = {
      summary: latest,
      exposure: current.exposure,
      previous: previous ? { summary: previous.summary, exposure: previous.exposure } : null,
    };
    recovered = true;
    ctx.log(JSON.stringify({ event: "publish-recovery", tenantId: input.tenantId, snapshotId: latest.snapshotId }));
  }

  const diff = diffExposures(known.previous?.exposure ?? null, known.exposure);
  await stores.changes.saveChanges(diff, opts);

  let alerts: AlertOutcome;
  const mail = ctx.config.mail;
  if (!mail || !ctx.sender) {
    alerts = { ...NOTHING, note: "no alert recipients configured (ALERT_RECIPIENTS / ALERT_RECIPIENTS_GROUP_ID)" };
  } else {
    const recipients = await resolveRecipients(mail, ctx.graph, opts);
    const outcome = await deliverAlerts({
      diff,
      exposure: known.exposure,
      recipients,
      minSeverity: ctx.config.alertMinSeverity,
      reportUrl: ctx.config.reportUrl,
      outbox: stores.outbox,
      sender: ctx.sender,
      now: ctx.now,
      abortSignal: input.abortSignal,
    });
    alerts = { ...outcome, recipients: recipients.length };
  }

  await stores.state.setCursor(input.tenantId, NOTIFIED_CURSOR, known.summary.snapshotId, opts);
  return { diff, alerts, recovered };
}

function emptyDiff(tenantId: string, latest: SnapshotSummary | undefined): Diff {
  return {
    tenantId,
    fromSnapshotId: latest?.snapshotId ?? null,
    toSnapshotId: latest?.snapshotId ?? "",
    fromTakenAt: latest?.takenAt ?? null,
    toTakenAt: latest?.takenAt ?? "",
    baseline: false,
    changes: [],
    headlineBefore: latest?.headline ?? null,
    headlineAfter: latest?.headline ?? { resetters: null, syncedUsers: null, resetPaths: null, potential: true },
  };
}
