/** Reading headlines stored by other releases (shared/exposure/migrateHeadline.ts). */
import { describe, expect, it } from "vitest";
import { HeadlineSchemaError, migrateHeadline } from "../../shared/exposure/migrateHeadline.js";
import { HEADLINE_SCHEMA_VERSION } from "../../shared/exposure/types.js";

const V1 = { resetters: 3, syncedUsers: 40, resetPaths: 75, potential: false, oneHop: { resetters: 0, resetPaths: 0 } };

describe("migrateHeadline", () => {
  it("reads a current headline as it is", () => {
    const h = { ...V1, syncedUsersReached: 31 };
    expect(migrateHeadline(h, HEADLINE_SCHEMA_VERSION)).toEqual(h);
  });

  it("version 1 had no synced users reached: unknown, not guessed from the other figures", () => {
    expect(migrateHeadline(V1, 1)).toEqual({ ...V1, syncedUsersReached: null });
    // ...except where no path reaches anyone: writeback known off, or no resetter.
    expect(migrateHeadline({ ...V1, resetPaths: 0 }, 1)).toMatchObject({ syncedUsersReached: 0 });
    expect(migrateHeadline({ ...V1, resetters: null, resetPaths: null }, 1)).toMatchObject({
      syncedUsersReached: null,
    });
  });

  it("refuses a headline of a newer version (a downgrade) or no version at all", () => {
    expect(() => migrateHeadline(V1, HEADLINE_SCHEMA_VERSION + 1)).toThrow(HeadlineSchemaError);
    expect(() => migrateHeadline(V1, Number.NaN)).toThrow(/version NaN/);
  });
});
