/**
 * Rows for Azure Monitor Logs: one per finding of every audit (WritebackWatchFindings_CL) and one
 * per change (WritebackWatchChanges_CL), so Sentinel rules and workbooks can query both. The
 * columns are the stream declarations of infra/app/logsIngestion.bicep; the two must change together.
 *
 * Rules from "Logs Ingestion API in Azure Monitor" (azure-monitor-docs
 * articles/azure-monitor/logs/logs-ingestion-api-overview.md) and its limits (includes/azure-monitor-limits-custom-logs.md):
 * - column names start with a letter, at most 45 letters, digits and _; TenantId, Type, id, Title,
 *   UniqueId, _ResourceId and _SubscriptionId are reserved (hence EntraTenantId, FindingTitle);
 * - a field value over 64 KB is truncated by the service: strings are clipped well below;
 * - one API call takes at most 1 MB: rows are batched so that each batch stays under the size at
 *   which @azure/monitor-ingestion would split an upload in two (1,000,000 bytes of JSON), so one
 *   outbox item is exactly one call and is either ingested or not, never half.
 * Each row carries a RecordId (the same whenever the same row is sent), for queries that must
 * tolerate a repeat. Pure.
 */
import { createHash } from "node:crypto";
import type { Change, Diff } from "../../../diff/types.js";
import type { Exposure, Finding } from "../../../exposure/types.js";
import type { RecordBatch } from "../../notifier.js";

/** Below the SDK's 1,000,000-byte chunk (splitDataToChunks), with room for the array's commas. */
export const MAX_BATCH_BYTES = 900_000;
const MAX_STRING_CHARS = 4096;

export type IngestionRow = Record<string, string | number | boolean | null | Record<string, unknown>>;

/** What one outbox item of the channel holds: the stream and its rows. */
export interface IngestionBatchBody {
  stream: string;
  rows: IngestionRow[];
}

const clip = (s: string | null | undefined): string | null =>
  s === undefined || s === null ? null : s.slice(0, MAX_STRING_CHARS);

function recordId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n"), "utf8").digest("base64url").slice(0, 32);
}

export function findingRow(exposure: Exposure, f: Finding): IngestionRow {
  return {
    TimeGenerated: exposure.takenAt,
    RecordId: recordId("finding", exposure.snapshotId, f.key),
    EntraTenantId: exposure.tenantId,
    SnapshotId: exposure.snapshotId,
    FindingKey: clip(f.key),
    FindingKind: f.kind,
    Severity: f.severity,
    FindingTitle: clip(f.title),
    PrincipalId: f.principal?.id ?? null,
    PrincipalType: f.principal?.type ?? null,
    PrincipalName: clip(f.principal?.displayName),
    PrincipalUpn: clip(f.principal?.userPrincipalName),
    RoleTemplateId: f.role?.templateId ?? null,
    RoleName: clip(f.role?.displayName),
    Scope: clip(f.scope),
    Assignment: f.assignment ?? null,
    ReachSyncedUsers: f.reach.syncedUsers,
    Potential: exposure.headline.potential,
    WritebackState: exposure.writeback.state,
    Remediation: clip(f.remediation),
  };
}

export function changeRow(diff: Diff, c: Change): IngestionRow {
  const f = c.after ?? c.before;
  return {
    TimeGenerated: diff.toTakenAt,
    RecordId: recordId("change", diff.toSnapshotId, c.key, c.type),
    EntraTenantId: diff.tenantId,
    FromSnapshotId: diff.fromSnapshotId,
    ToSnapshotId: diff.toSnapshotId,
    ChangeKey: clip(c.key),
    ChangeType: c.type,
    Direction: c.direction,
    Severity: c.severity,
    Summary: clip(c.summary),
    Rule: c.rule ?? null,
    FindingKind: f?.kind ?? null,
    PrincipalId: f?.principal?.id ?? null,
    RoleTemplateId: f?.role?.templateId ?? null,
    Scope: clip(f?.scope),
    ReachBefore: c.before?.reach.syncedUsers ?? null,
    ReachAfter: c.after?.reach.syncedUsers ?? null,
    Remediation: clip(c.remediation),
    FoldedChanges: (c.items?.length ?? 0) + (c.omittedItems ?? 0),
  };
}

/** Splits rows into batches of at most MAX_BATCH_BYTES of JSON each (the SDK's own measure). */
export function batchRows(rows: IngestionRow[], maxBytes = MAX_BATCH_BYTES): IngestionRow[][] {
  const batches: IngestionRow[][] = [];
  let batch: IngestionRow[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(JSON.stringify(row), "utf8") + 1;
    if (batch.length > 0 && size + bytes > maxBytes) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(row);
    size += bytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export interface IngestionStreams {
  findingsStream: string;
  changesStream: string;
}

/**
 * The outbox batches for one audit: its findings, and its changes unless it is a baseline (whose
 * "changes" are every finding again, as the change store treats them).
 */
export function ingestionBatches(audit: { diff: Diff; exposure: Exposure }, streams: IngestionStreams): RecordBatch[] {
  const out: RecordBatch[] = [];
  const add = (name: string, stream: string, rows: IngestionRow[], what: string) => {
    batchRows(rows).forEach((batch, i, all) => {
      const body: IngestionBatchBody = { stream, rows: batch };
      out.push({
        name: `${name}:${i}`,
        message: {
          subject: `${batch.length} ${what} of snapshot ${audit.exposure.snapshotId}${all.length > 1 ? ` (part ${i + 1} of ${all.length})` : ""}`,
          html: "",
          text: JSON.stringify(body),
        },
      });
    });
  };
  add(
    "findings",
    streams.findingsStream,
    audit.exposure.findings.map((f) => findingRow(audit.exposure, f)),
    "findings",
  );
  if (!audit.diff.baseline) {
    const changes = audit.diff.changes.filter((c) => c.type !== "coverage");
    add(
      "changes",
      streams.changesStream,
      changes.map((c) => changeRow(audit.diff, c)),
      "changes",
    );
  }
  return out;
}
