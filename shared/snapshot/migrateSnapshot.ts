/**
 * Snapshots written by earlier releases, read by this one. The store keeps snapshots for
 * RETENTION_DAYS, so the first audit after an upgrade diffs against one the previous release wrote:
 * it is brought to the current schema here, and its exposure is then recomputed by the current
 * model (loadSnapshot.ts), so an upgrade never reads as a change in the tenant.
 *
 * Additive changes need no step: a section the writer did not know becomes "not-collected" (the
 * diff masks it on both sides and reports no coverage line for it), and optional fields it did not
 * write stay absent. A breaking change adds one step to MIGRATIONS (version n → n + 1).
 */
import { SystemError } from "../errors.js";
import { SECTION_NAMES, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from "./types.js";

type StoredSnapshot = Record<string, unknown> & { sections?: Record<string, unknown> };

/** MIGRATIONS[n] turns a version-n snapshot into a version n + 1 one. */
const MIGRATIONS: Record<number, (s: StoredSnapshot) => StoredSnapshot> = {};

export class SnapshotSchemaError extends SystemError {
  override name = "SnapshotSchemaError";
}

export function migrateSnapshot(stored: unknown): Snapshot {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) {
    throw new SnapshotSchemaError("the stored snapshot is not an object");
  }
  let s = stored as StoredSnapshot;
  const written = typeof s.schemaVersion === "number" ? s.schemaVersion : 1;
  if (!Number.isInteger(written) || written < 1 || written > SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotSchemaError(
      `the stored snapshot has schema version ${String(s.schemaVersion)}; this release reads 1 to ${SNAPSHOT_SCHEMA_VERSION} (was it written by a newer release?)`,
    );
  }
  for (let v = written; v < SNAPSHOT_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new SnapshotSchemaError(`no migration from snapshot schema ${v} to ${v + 1}`);
    s = step(s);
  }
  const sections = { ...(s.sections ?? {}) };
  for (const name of SECTION_NAMES) {
    if (sections[name] === undefined) {
      sections[name] = {
        status: "unknown",
        reason: "not-collected",
        detail: `${name}: not collected by the release that wrote this snapshot (schema ${written}).`,
      };
    }
  }
  return { ...s, schemaVersion: SNAPSHOT_SCHEMA_VERSION, sections } as unknown as Snapshot;
}
