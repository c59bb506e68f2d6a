/**
 * The alert as JSON for machines (SOAR, ticketing, Slack-compatible relays): the Standard Webhooks
 * payload shape (`type`, `timestamp`, `data`; standardwebhooks.com, spec "Payload structure"), with
 * a top-level `text` line as well, which Slack-style incoming webhooks display as the message.
 *
 * Every increase the recipient was not told is listed with its key (stable across audits, for
 * de-duplicating tickets), who, how, reach before and after, and what to do, up to
 * WEBHOOK_CHANGES_MAX and WEBHOOK_MAX_BYTES; the rest are counted in `moreChanges`. Tenant strings
 * are data here, escaped by JSON only: a receiver that renders them must escape them itself.
 * Pure: same input, same output.
 */
import type { Change } from "../../../diff/types.js";
import { changeFacts } from "../../emailParts.js";
import type { AlertContent, RenderedMessage } from "../../notifier.js";
import { fitJsonMessage } from "../fitJsonMessage.js";
import { describeGrowth } from "../../renderAlertEmail.js";

export const WEBHOOK_EVENT_TYPE = "writeback-watch.exposure.increased";
export const WEBHOOK_CHANGES_MAX = 50;
/** The specification recommends payloads "usually smaller than 20kb" (Payload size); the report has the rest. */
export const WEBHOOK_MAX_BYTES = 20_000;

function changeOf(c: Change) {
  const f = c.after ?? c.before;
  const facts = changeFacts(c);
  return {
    key: c.key,
    type: c.type,
    direction: c.direction,
    severity: c.severity,
    rule: c.rule ?? null,
    summary: facts.what,
    findingKind: f?.kind ?? null,
    who: facts.who || null,
    how: facts.how || null,
    principal: f?.principal ? { id: f.principal.id, type: f.principal.type } : null,
    roleTemplateId: f?.role?.templateId ?? null,
    scope: f?.scope ?? null,
    reach: { before: c.before?.reach.syncedUsers ?? null, after: c.after?.reach.syncedUsers ?? null },
    remediation: facts.todo || null,
    foldedChanges: (c.items?.length ?? 0) + (c.omittedItems ?? 0),
  };
}

export function webhookPayload(content: AlertContent, shown: number): Record<string, unknown> {
  const { diff, fresh, reportUrl, deliveryId } = content;
  const summary = `Password writeback exposure increased: ${describeGrowth(fresh)}`;
  return {
    type: WEBHOOK_EVENT_TYPE,
    timestamp: diff.toTakenAt,
    text: reportUrl ? `${summary}. ${reportUrl}` : summary,
    data: {
      alertId: deliveryId,
      tenantId: diff.tenantId,
      snapshotId: diff.toSnapshotId,
      previousSnapshotId: diff.fromSnapshotId,
      auditedAt: diff.toTakenAt,
      previousAuditedAt: diff.fromTakenAt,
      summary,
      headline: { before: diff.headlineBefore, after: diff.headlineAfter },
      reportUrl: reportUrl ?? null,
      changes: fresh.slice(0, shown).map(changeOf),
      moreChanges: fresh.length - shown,
    },
  };
}

export function renderWebhookPayload(content: AlertContent): RenderedMessage {
  return fitJsonMessage(content, { maxShown: WEBHOOK_CHANGES_MAX, maxBytes: WEBHOOK_MAX_BYTES }, webhookPayload);
}
