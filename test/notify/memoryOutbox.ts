/**
 * In-memory OutboxStore and AlertMemoryStore with the same semantics as the table ones
 * (insert-if-absent, pending / sent / failed lists; one memory per address).
 */
import type {
  AlertMemory,
  AlertMemoryStore,
  FailedNotice,
  OutboxItem,
  OutboxStore,
  SentNotice,
} from "../../shared/store/types.js";

export class MemoryOutbox implements OutboxStore {
  readonly rows = new Map<string, OutboxItem>();
  /** Throw from update when this returns true (simulates a crash or a storage fault). */
  failUpdate: (item: OutboxItem) => boolean = () => false;
  /** Throw from enqueue when this returns true (a row the store refuses). */
  failEnqueue: (item: OutboxItem) => boolean = () => false;

  async enqueue(items: OutboxItem[]): Promise<number> {
    let n = 0;
    for (const i of items) {
      if (this.failEnqueue(i)) throw new Error("simulated storage fault: row refused");
      const k = `${i.tenantId}|${i.dedupeKey}`;
      if (this.rows.has(k)) continue;
      this.rows.set(k, structuredClone(i));
      n += 1;
    }
    return n;
  }
  async listPending(tenantId: string): Promise<OutboxItem[]> {
    return [...this.rows.values()]
      .filter((i) => i.tenantId === tenantId && i.status === "pending")
      .map((i) => structuredClone(i))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.dedupeKey.localeCompare(b.dedupeKey));
  }
  async listSent(tenantId: string): Promise<SentNotice[]> {
    return [...this.rows.values()]
      .filter((i) => i.tenantId === tenantId && i.status === "sent")
      .map(({ kind, snapshotId, sentAt }) => ({ kind, snapshotId, ...(sentAt ? { sentAt } : {}) }))
      .sort((a, b) => (a.sentAt ?? "").localeCompare(b.sentAt ?? ""));
  }
  async listFailed(tenantId: string, since: Date): Promise<FailedNotice[]> {
    return [...this.rows.values()]
      .filter(
        (i) => i.tenantId === tenantId && i.status === "failed" && (i.failedAt ?? i.createdAt) >= since.toISOString(),
      )
      .map(({ kind, channel, recipient, subject, createdAt, attempts, lastError, failedAt }) => ({
        kind,
        channel: channel ?? "email",
        recipient,
        subject,
        createdAt,
        attempts,
        ...(lastError ? { lastError } : {}),
        ...(failedAt ? { failedAt } : {}),
      }))
      .sort((a, b) => (a.failedAt ?? a.createdAt).localeCompare(b.failedAt ?? b.createdAt));
  }
  async update(item: OutboxItem): Promise<void> {
    if (this.failUpdate(item)) throw new Error("simulated crash: outbox update lost");
    const k = `${item.tenantId}|${item.dedupeKey}`;
    if (!this.rows.has(k)) throw new Error("not enqueued");
    this.rows.set(k, structuredClone(item));
  }
  all(): OutboxItem[] {
    return [...this.rows.values()];
  }
}

export class MemoryAlertMemory implements AlertMemoryStore {
  readonly rows = new Map<string, AlertMemory>();

  async list(tenantId: string): Promise<AlertMemory[]> {
    return [...this.rows]
      .filter(([k]) => k.startsWith(`${tenantId}|`))
      .map(([, m]) => ({ address: m.address, entries: new Map(m.entries) }));
  }
  async save(tenantId: string, memory: AlertMemory): Promise<void> {
    const k = `${tenantId}|${memory.address}`;
    if (memory.entries.size === 0) this.rows.delete(k);
    else this.rows.set(k, { address: memory.address, entries: new Map(memory.entries) });
  }
}
