/**
 * The audit document: what `writeback-watch audit --json` prints, and what `diff` and `report` read
 * back. It is the exposure (the output contract, unchanged at the top level) plus the snapshot it was
 * computed from, because the diff works on snapshots: it masks what either audit could not read and
 * recomputes both exposures (shared/diff/diffSnapshots.ts), exactly as the timer does. The snapshot
 * holds no secret and does not grow with the tenant (no list of synced users).
 *
 * Versioned by `format` + `formatVersion`; the snapshot inside carries its own `schemaVersion` and is
 * read through migrateSnapshot, so an audit saved by an older release still compares.
 */
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import { computeExposure } from "../exposure/computeExposure.js";
import type { Exposure } from "../exposure/types.js";
import { migrateSnapshot, SnapshotSchemaError } from "../snapshot/migrateSnapshot.js";
import type { Snapshot } from "../snapshot/types.js";

export const AUDIT_DOCUMENT_FORMAT = "writeback-watch.audit";
export const AUDIT_DOCUMENT_VERSION = 1;

export type AuditDocument = {
  format: typeof AUDIT_DOCUMENT_FORMAT;
  formatVersion: typeof AUDIT_DOCUMENT_VERSION;
} & Exposure & {
    snapshot: Snapshot;
  };

export interface SavedAudit {
  snapshot: Snapshot;
  exposure: Exposure;
}

export function toAuditDocument({ snapshot, exposure }: SavedAudit): AuditDocument {
  return { format: AUDIT_DOCUMENT_FORMAT, formatVersion: AUDIT_DOCUMENT_VERSION, ...exposure, snapshot };
}

/**
 * Reads a saved audit document; its exposure is recomputed from the snapshot by this release's model,
 * as stored snapshots are (a model change between releases must not read as a change in the tenant).
 * Throws UserError (exit code 2) saying what is wrong with the file.
 */
export async function readAuditDocument(file: string): Promise<SavedAudit> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`Cannot read ${file}${code === "ENOENT" ? ": no such file" : ` (${code ?? "error"})`}.`);
  }
  return parseAuditDocument(text, file);
}

export function parseAuditDocument(text: string, file: string): SavedAudit {
  const notAudit = (why: string) =>
    new UserError(`${file} is not a saved audit (${why}); write one with \`writeback-watch audit --json > ${file}\`.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw notAudit("not JSON");
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw notAudit("not a JSON object");
  const record = doc as Record<string, unknown>;
  if (record.format !== AUDIT_DOCUMENT_FORMAT) {
    throw notAudit(
      "snapshot" in record
        ? `"format" is ${JSON.stringify(record.format)}`
        : `no "format" and no "snapshot": an exposure printed by an older release cannot be compared`,
    );
  }
  if (record.formatVersion !== AUDIT_DOCUMENT_VERSION) {
    throw new UserError(
      `${file} has audit format version ${JSON.stringify(record.formatVersion)}; this release reads version ${AUDIT_DOCUMENT_VERSION} (was it written by a newer release?).`,
    );
  }
  let snapshot: Snapshot;
  try {
    snapshot = migrateSnapshot(record.snapshot);
  } catch (error) {
    if (error instanceof SnapshotSchemaError) throw new UserError(`${file}: ${error.message}.`);
    throw error;
  }
  if (typeof snapshot.tenantId !== "string" || typeof snapshot.takenAt !== "string" || !snapshot.sections)
    throw notAudit("its snapshot has no tenantId, takenAt or sections");
  try {
    return { snapshot, exposure: computeExposure(snapshot) };
  } catch (error) {
    throw notAudit(`its snapshot does not read: ${error instanceof Error ? error.message : String(error)}`);
  }
}
