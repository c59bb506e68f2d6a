/**
 * Headlines stored by earlier releases, read by this one. Snapshots are recomputed on read
 * (migrateSnapshot.ts), but the trend and GET /api/snapshots read only the summary rows, so the
 * headline stored there must be brought to the current shape here: each step adds what its
 * version introduced, as "unknown" (null) unless the older figures settle it. A figure is never
 * guessed: a gap in the trend says "not recorded", a made-up number would say something false.
 */
import { SystemError } from "../errors.js";
import { HEADLINE_SCHEMA_VERSION, type Headline } from "./types.js";

type StoredHeadline = Record<string, unknown>;

/** MIGRATIONS[n] turns a version-n headline into a version n + 1 one. */
const MIGRATIONS: Record<number, (h: StoredHeadline) => StoredHeadline> = {
  // 2 added syncedUsersReached. Zero paths (writeback off, or no resetter) reach nobody; otherwise
  // the per-resetter counts of version 1 cannot tell how far the reaches overlap.
  1: (h) => ({ ...h, syncedUsersReached: h.resetPaths === 0 ? 0 : null }),
};

export class HeadlineSchemaError extends SystemError {
  override name = "HeadlineSchemaError";
}

/** `version` is the one stored with the headline; rows written before versioning are version 1. */
export function migrateHeadline(stored: StoredHeadline, version: number): Headline {
  if (!Number.isInteger(version) || version < 1 || version > HEADLINE_SCHEMA_VERSION) {
    throw new HeadlineSchemaError(
      `the stored headline has version ${String(version)}; this release reads 1 to ${HEADLINE_SCHEMA_VERSION} (was it written by a newer release?)`,
    );
  }
  let h = stored;
  for (let v = version; v < HEADLINE_SCHEMA_VERSION; v++) h = MIGRATIONS[v]!(h);
  return h as unknown as Headline;
}
