/**
 * The outbox (`outbox` table): PartitionKey = tenant id, RowKey = base64url of the dedupe key
 * (which includes the channel and recipient), so a recipient address never appears raw in a key and
 * enqueueing the same message twice is a create conflict, not a second email. Bodies are gzipped
 * into binary properties, at most 10 of the 64 KiB an Edm.Binary property holds; with the few
 * small string properties the entity stays under the 1 MiB Azure Table Storage allows for all of an
 * entity's properties ("Understanding the Table service data model", Property limits), even in
 * Azurite, which measures the base64 JSON body. The renderers keep a body far smaller (fitEmail.ts).
 */
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { odata, type TableClient, type TableEntityResult } from "@azure/data-tables";
import { ConcurrentUpdateError, OutboxItemTooLargeError, statusOf } from "./errors.js";
import { base64urlKey, tenantKey } from "./keys.js";
import { dataPropertyName, MAX_PROPERTY_BYTES } from "./snapshotPayload.js";
import type { Channel, FailedNotice, OperationOptions, OutboxItem, OutboxStore, SentNotice } from "./types.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Like snapshot chunk rows, sized so the base64-encoded entity stays under 1 MiB (see PROPERTIES_PER_ROW). */
const MAX_BODY_PARTS = 10;
const MAX_TEXT_CHARS = 4000;

type Row = TableEntityResult<Record<string, unknown>>;

async function bodyProperties(item: OutboxItem): Promise<Record<string, unknown>> {
  const gz = await gzipAsync(Buffer.from(JSON.stringify({ html: item.html, text: item.text }), "utf8"));
  const parts = Math.ceil(gz.length / MAX_PROPERTY_BYTES);
  if (parts > MAX_BODY_PARTS)
    throw new OutboxItemTooLargeError(item.kind, gz.length, MAX_BODY_PARTS * MAX_PROPERTY_BYTES);
  const props: Record<string, unknown> = { bodyParts: parts };
  for (let i = 0; i < parts; i++)
    props[dataPropertyName(i)] = gz.subarray(i * MAX_PROPERTY_BYTES, (i + 1) * MAX_PROPERTY_BYTES);
  return props;
}

function clip(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.slice(0, MAX_TEXT_CHARS);
}

async function toEntity(item: OutboxItem): Promise<{ partitionKey: string; rowKey: string } & Record<string, unknown>> {
  const entity: { partitionKey: string; rowKey: string } & Record<string, unknown> = {
    partitionKey: tenantKey(item.tenantId),
    rowKey: base64urlKey(item.dedupeKey, "Outbox dedupe key"),
    dedupeKey: item.dedupeKey,
    kind: item.kind,
    channel: item.channel ?? "email",
    snapshotId: item.snapshotId,
    recipient: item.recipient,
    subject: clip(item.subject),
    createdAt: item.createdAt,
    status: item.status,
    attempts: item.attempts,
    ...(await bodyProperties(item)),
  };
  // Absent optional fields are left out rather than stored as null, so a Replace clears them.
  const optional = {
    lastError: clip(item.lastError),
    messageId: item.messageId,
    sentAt: item.sentAt,
    failedAt: item.failedAt,
    sendingAt: item.sendingAt,
    operationId: item.operationId,
    // Not clipped: a cut state cannot be resumed. It is a few hundred characters (a URL and a status).
    resumeState: item.resumeState,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) entity[k] = v;
  return entity;
}

/** The stored body, or why it cannot be read (a damaged row must not stop the rest of the outbox). */
async function bodyOf(row: Row): Promise<{ html: string; text: string; damaged?: string }> {
  const parts: Uint8Array[] = [];
  const count = Number(row.bodyParts ?? 0);
  for (let i = 0; i < count; i++) {
    const part = row[dataPropertyName(i)];
    if (part instanceof Uint8Array) parts.push(part);
  }
  try {
    const body = JSON.parse((await gunzipAsync(Buffer.concat(parts))).toString("utf8")) as Record<string, unknown>;
    if (typeof body.html !== "string" || typeof body.text !== "string") throw new Error("no html and text in it");
    return { html: body.html, text: body.text };
  } catch (error) {
    return {
      html: "",
      text: "",
      damaged: `the stored body cannot be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** The row's channel as stored; rows written before channels existed are email. */
function channelOf(row: Record<string, unknown>): Channel {
  return typeof row.channel === "string" && row.channel !== "" ? (row.channel as Channel) : "email";
}

async function fromRow(row: Row): Promise<OutboxItem> {
  const body = await bodyOf(row);
  const opt = (name: string) => (typeof row[name] === "string" ? (row[name] as string) : undefined);
  const item: OutboxItem = {
    tenantId: row.partitionKey ?? "",
    dedupeKey: String(row.dedupeKey),
    kind: row.kind as OutboxItem["kind"],
    channel: channelOf(row),
    snapshotId: String(row.snapshotId),
    recipient: String(row.recipient),
    subject: String(row.subject ?? ""),
    html: body.html,
    text: body.text,
    createdAt: String(row.createdAt),
    status: row.status as OutboxItem["status"],
    attempts: Number(row.attempts ?? 0),
    etag: row.etag,
    ...(body.damaged ? { damaged: body.damaged } : {}),
  };
  for (const name of [
    "lastError",
    "messageId",
    "sentAt",
    "failedAt",
    "sendingAt",
    "operationId",
    "resumeState",
  ] as const) {
    const v = opt(name);
    if (v !== undefined) item[name] = v;
  }
  return item;
}

export class TableOutboxStore implements OutboxStore {
  constructor(private readonly client: TableClient) {}

  async enqueue(items: OutboxItem[], options: OperationOptions = {}): Promise<number> {
    let inserted = 0;
    // One create per item (a transaction would fail whole on the first existing key); items are
    // per recipient, so this does not grow with the tenant.
    for (const item of items) {
      const entity = await toEntity(item);
      try {
        const created = await this.client.createEntity(entity, { abortSignal: options.abortSignal });
        item.etag = created.etag;
        inserted += 1;
      } catch (error) {
        if (statusOf(error) !== 409) throw error; // 409: already queued, leave it as it is
      }
    }
    return inserted;
  }

  async listPending(tenantId: string, options: OperationOptions = {}): Promise<OutboxItem[]> {
    const pk = tenantKey(tenantId);
    const items: OutboxItem[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${pk} and status eq ${"pending"}` },
      abortSignal: options.abortSignal,
    })) {
      items.push(await fromRow(row));
    }
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.dedupeKey.localeCompare(b.dedupeKey));
  }

  async listSent(tenantId: string, options: OperationOptions = {}): Promise<SentNotice[]> {
    const pk = tenantKey(tenantId);
    const sent: SentNotice[] = [];
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: odata`PartitionKey eq ${pk} and status eq ${"sent"}`,
        select: ["kind", "snapshotId", "sentAt"],
      },
      abortSignal: options.abortSignal,
    })) {
      if (row.kind !== "alert" && row.kind !== "digest") continue;
      sent.push({
        kind: row.kind,
        snapshotId: String(row.snapshotId ?? ""),
        ...(typeof row.sentAt === "string" ? { sentAt: row.sentAt } : {}),
      });
    }
    return sent.sort((a, b) => (a.sentAt ?? "").localeCompare(b.sentAt ?? ""));
  }

  async listFailed(tenantId: string, since: Date, options: OperationOptions = {}): Promise<FailedNotice[]> {
    const pk = tenantKey(tenantId);
    const from = since.toISOString();
    const failed: FailedNotice[] = [];
    // A comparison with a property a row lacks is false, so rows without failedAt match on createdAt.
    for await (const row of this.client.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: odata`PartitionKey eq ${pk} and status eq ${"failed"} and (failedAt ge ${from} or createdAt ge ${from})`,
        select: ["kind", "channel", "recipient", "subject", "createdAt", "attempts", "lastError", "failedAt"],
      },
      abortSignal: options.abortSignal,
    })) {
      failed.push({
        kind: row.kind === "digest" ? "digest" : row.kind === "record" ? "record" : "alert",
        channel: channelOf(row),
        recipient: String(row.recipient ?? ""),
        subject: String(row.subject ?? ""),
        createdAt: String(row.createdAt ?? ""),
        attempts: Number(row.attempts ?? 0),
        ...(typeof row.lastError === "string" ? { lastError: row.lastError } : {}),
        ...(typeof row.failedAt === "string" ? { failedAt: row.failedAt } : {}),
      });
    }
    return failed.sort((a, b) => (a.failedAt ?? a.createdAt).localeCompare(b.failedAt ?? b.createdAt));
  }

  /** Replaces the row; conditional on item.etag when set, which is then updated to the new ETag. */
  async update(item: OutboxItem, options: OperationOptions = {}): Promise<void> {
    const entity = await toEntity(item);
    try {
      const result = await this.client.updateEntity(entity, "Replace", {
        etag: item.etag ?? "*",
        abortSignal: options.abortSignal,
      });
      item.etag = result.etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) throw new ConcurrentUpdateError(`Outbox item for ${item.snapshotId}`, { cause: error });
      if (status === 404) {
        throw new Error(`Outbox item for ${item.snapshotId} is not in the outbox; enqueue it before updating.`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
