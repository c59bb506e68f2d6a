/** A small in-memory OutboxStore with the same semantics as the table one (insert-if-absent, list unsent). */
import type { OutboxItem, OutboxStore, SentNotice } from "../../shared/store/types.js";

export class MemoryOutbox implements OutboxStore {
  readonly rows = new Map<string, OutboxItem>();
  /** Throw from update when this returns true (simulates a crash or a storage fault). */
  failUpdate: (item: OutboxItem) => boolean = () => false;

  async enqueue(items: OutboxItem[]): Promise<number> {
    let n = 0;
    for (const i of items) {
      const k = `${i.tenantId}|${i.dedupeKey}`;
      if (this.rows.has(k)) continue;
      this.rows.set(k, structuredClone(i));
      n += 1;
    }
    return n;
  }
  async listUnsent(tenantId: string): Promise<OutboxItem[]> {
    return [...this.rows.values()]
      .filter((i) => i.tenantId === tenantId && i.status !== "sent")
      .map((i) => structuredClone(i))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.dedupeKey.localeCompare(b.dedupeKey));
  }
  async listSent(tenantId: string): Promise<SentNotice[]> {
    return [...this.rows.values()]
      .filter((i) => i.tenantId === tenantId && i.status === "sent")
      .map(({ kind, snapshotId, sentAt }) => ({ kind, snapshotId, ...(sentAt ? { sentAt } : {}) }))
      .sort((a, b) => (a.sentAt ?? "").localeCompare(b.sentAt ?? ""));
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
