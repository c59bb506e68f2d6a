/**
 * Storage contracts (Azure Table Storage). One real implementation each, in this folder; the audit
 * orchestrator, the functions and the digest depend only on these interfaces.
 */
import type { Change, Diff } from "../diff/types.js";
import type { Exposure, Headline, Severity, TriState } from "../exposure/types.js";
import type { Snapshot } from "../snapshot/types.js";
import type { Acceptance, AcceptanceEvent } from "../acceptance/types.js";

export interface OperationOptions {
  abortSignal?: AbortSignal;
}

/** The summary row of a snapshot: the only thing readers trust (written after every chunk). */
export interface SnapshotSummary {
  tenantId: string;
  snapshotId: string;
  takenAt: string;
  schemaVersion: number;
  writebackState: TriState;
  /** The headline version the row was written with (HEADLINE_SCHEMA_VERSION then); `headline` is read up to date. */
  headlineVersion: number;
  headline: Headline;
  findingsBySeverity: Record<Severity, number>;
  /** Section names whose status was unknown. */
  coverageGaps: string[];
  /** gzipped bytes stored across chunk rows; uncompressed JSON bytes. */
  storedBytes: number;
  rawBytes: number;
  chunkRows: number;
  /** SHA-256 (hex) of the gzipped payload; lets a reader holding the summary load the chunks without re-reading it. */
  sha256?: string;
}

export interface LoadSnapshotOptions extends OperationOptions {
  /** The snapshot's summary as already read (listSummaries): saves reading it again. */
  summary?: SnapshotSummary;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  continuationToken?: string;
}

export interface ListOptions extends OperationOptions {
  /** Default 20, max 100. */
  pageSize?: number;
  continuationToken?: string;
}

export interface SnapshotStore {
  /** Writes chunks first, the summary row last. Returns the summary. */
  saveSnapshot(snapshot: Snapshot, exposure: Exposure, options?: OperationOptions): Promise<SnapshotSummary>;
  getLatestSummary(tenantId: string, options?: OperationOptions): Promise<SnapshotSummary | undefined>;
  getSummary(tenantId: string, snapshotId: string, options?: OperationOptions): Promise<SnapshotSummary | undefined>;
  /** Undefined when there is no summary row (a half-written snapshot does not exist for readers). */
  loadSnapshot(tenantId: string, snapshotId: string, options?: LoadSnapshotOptions): Promise<Snapshot | undefined>;
  /** Newest first. */
  listSummaries(tenantId: string, options?: ListOptions): Promise<Page<SnapshotSummary>>;
  /** Deletes snapshots taken before `cutoff`, never the latest one; also orphaned chunks. */
  purgeOlderThan(tenantId: string, cutoff: Date, options?: OperationOptions): Promise<{ deletedSnapshots: number }>;
}

export interface StoredChange extends Change {
  tenantId: string;
  fromSnapshotId: string | null;
  toSnapshotId: string;
  detectedAt: string;
}

export interface ChangeStore {
  /** Idempotent per (toSnapshotId, key). */
  saveChanges(diff: Diff, options?: OperationOptions): Promise<number>;
  /** Changes detected in [since, until), oldest first. */
  listChanges(tenantId: string, since: Date, until?: Date, options?: OperationOptions): Promise<StoredChange[]>;
}

export interface Lease {
  name: string;
  holder: string;
  expiresAt: string;
  /** ETag of the lease row as we last wrote it. */
  etag: string;
}

export interface LeaseStore {
  /** Throws LeaseHeldError when another holder's lease has not expired. ETag-guarded: two callers never both win. */
  acquire(name: string, holder: string, seconds: number, options?: OperationOptions): Promise<Lease>;
  /** Releases only if still ours (ETag match); a lost lease is not an error. */
  release(lease: Lease, options?: OperationOptions): Promise<void>;
}

export interface LastRun {
  tenantId: string;
  at: string;
  status: "ok" | "partial" | "failed";
  snapshotId?: string;
  /** No tenant data, no stack trace. */
  error?: string;
  durationMs?: number;
  /** End of the audit-log window the run read (the next run reads on from here). */
  auditLogCursor?: string;
  /** Newest snapshot whose changes were published (stored, alerted). Behind the latest = a crash to finish. */
  notifiedSnapshotId?: string;
  /** When retention last ran: once a day is enough. */
  lastPurgeAt?: string;
  /**
   * Audits of this tenant per UTC hour ("2026-01-05T08" → [ok, partial, failed]) over the last
   * weeks: what the digest counts, kept in this one row so a run costs no extra table operation.
   */
  runsByHour?: Record<string, RunCounts>;
  /** The newest audit that read at least one section (an audit that reads nothing is no success). */
  lastSuccessAt?: string;
  /** Set when ACS rejected the app's identity (401/403) in this run: its alerts wait for the next runs. */
  emailAuthFailure?: string;
  /** Problems the acceptances file had in this run (ACCEPTANCES_FILE): how many; the run log names them. */
  acceptanceProblems?: number;
}

/** Audits in one hour: ok, partial (some sections unknown), failed. */
export type RunCounts = [ok: number, partial: number, failed: number];

/** Small named values in the `state` table: last run, audit-log cursor, last digest. */
export interface StateStore {
  getLastRun(options?: OperationOptions): Promise<LastRun | undefined>;
  setLastRun(run: LastRun, options?: OperationOptions): Promise<void>;
  getCursor(tenantId: string, name: string, options?: OperationOptions): Promise<string | undefined>;
  setCursor(tenantId: string, name: string, value: string, options?: OperationOptions): Promise<void>;
}

/** How a message reaches its recipient (one Notifier each, shared/notify/notifier.ts). */
export type Channel = "email" | "teams" | "webhook" | "logs";

export const CHANNELS: readonly Channel[] = ["email", "teams", "webhook", "logs"];

export interface OutboxItem {
  tenantId: string;
  /**
   * What makes the message unique, channel and recipient included: an alert's is the changes it
   * tells (alertMemory.ts), a digest's its period. Enqueueing the same key twice is a no-op.
   */
  dedupeKey: string;
  /** An alert, a digest, or a batch of records for a data sink (Log Analytics). */
  kind: "alert" | "digest" | "record";
  /** Absent on items queued before channels existed: email. */
  channel?: Channel;
  /** The snapshot the message is about (an alert: the audit that found the changes). */
  snapshotId: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  lastError?: string;
  messageId?: string;
  sentAt?: string;
  /** When it was given up on (status "failed"). */
  failedAt?: string;
  /**
   * Set just before a try and cleared with its outcome: found set, the try was cut off (the process
   * stopped between sending and marking), so whether it arrived is unknown.
   */
  sendingAt?: string;
  /** For in-flight sends: the ACS operation id so a retry can resume polling instead of resending. */
  operationId?: string;
  /**
   * Set once ACS accepted the send: the SDK's serialised poller state (EmailSender onAccepted).
   * An item with it is resumed (status poll), never sent again.
   */
  resumeState?: string;
  /**
   * ETag of the row as last read (listPending) or written (enqueue, update). When present, update()
   * succeeds only if the row is unchanged since, and sets it to the new ETag on success.
   */
  etag?: string;
  /** Set on read when the stored body cannot be decoded: why. Such an item is never sent. */
  damaged?: string;
}

/** A message the outbox delivered, without its body: enough to mark it on a timeline. */
export type SentNotice = Pick<OutboxItem, "kind" | "snapshotId" | "sentAt">;

/** A message that could not be delivered, without its body: for the health endpoint and the digest. */
export type FailedNotice = Pick<
  OutboxItem,
  "kind" | "channel" | "recipient" | "subject" | "createdAt" | "attempts" | "lastError" | "failedAt"
>;

export interface OutboxStore {
  /** Inserts items not already present (by dedupe key); existing ones are left untouched. */
  enqueue(items: OutboxItem[], options?: OperationOptions): Promise<number>;
  /** Items still to send, oldest first. */
  listPending(tenantId: string, options?: OperationOptions): Promise<OutboxItem[]>;
  /** Messages sent for the tenant (every recipient's one), oldest first; bodies are not read. */
  listSent(tenantId: string, options?: OperationOptions): Promise<SentNotice[]>;
  /**
   * Messages that ended failed at or after `since` (those failed before `failedAt` was recorded: queued
   * at or after it), oldest first; bodies are not read.
   */
  listFailed(tenantId: string, since: Date, options?: OperationOptions): Promise<FailedNotice[]>;
  update(item: OutboxItem, options?: OperationOptions): Promise<void>;
}

/** An acceptance as the table holds it, with the ETag of its current row (for a guarded update). */
export interface StoredAcceptance {
  acceptance: Acceptance;
  etag: string;
}

/**
 * Accepted findings (`acceptances` table): one current row per acceptance and an append-only
 * history. Each write puts the current row and its history row in one transaction: both or neither.
 */
export interface AcceptanceStore {
  /** Current rows of the tenant, revoked ones included. */
  list(tenantId: string, options?: OperationOptions): Promise<StoredAcceptance[]>;
  /** History, oldest first; one acceptance's when `acceptanceId` is given. */
  history(tenantId: string, acceptanceId?: string, options?: OperationOptions): Promise<AcceptanceEvent[]>;
  /**
   * Records an accept, renew or revoke. `etag`: the current row as read (renew, revoke); absent for a
   * new acceptance. Throws ConcurrentUpdateError when the row changed (or appeared) since it was read.
   */
  record(event: AcceptanceEvent, tenantId: string, options?: RecordOptions): Promise<StoredAcceptance>;
}

export interface RecordOptions extends OperationOptions {
  etag?: string;
}

/** What an address was last told about one change key (alertMemory.ts). */
export interface ToldState {
  severity: Severity;
  /** Synced users the finding reached, when known. */
  reach: number | null;
  /** The rest of a tenant-level state (writeback "on", SSPR scope "all", the newest reset seen). */
  mark: string | null;
}

export interface ToldEntry extends ToldState {
  /** When it was told (or lowered by a decrease): entries expire with the snapshots. */
  at: string;
}

/** One address's memory: change key → what it was told. */
export interface AlertMemory {
  /** Channel and recipient, e.g. "email:secops@contoso.com". */
  address: string;
  entries: Map<string, ToldEntry>;
  /** As last read or written: save() is conditional on it. */
  etag?: string;
}

/** What each address has been told, per tenant (the `alerted` table). */
export interface AlertMemoryStore {
  /** Every address's memory for the tenant. */
  list(tenantId: string, options?: OperationOptions): Promise<AlertMemory[]>;
  /** Replaces one address's memory (deletes it when empty); conditional on memory.etag when set. */
  save(tenantId: string, memory: AlertMemory, options?: OperationOptions): Promise<void>;
}
