import { describe, expect, it } from "vitest";
import { deriveSsprState } from "../../shared/exposure/ssprState.js";
import { SnapshotBuilder } from "./fixtures.js";

describe("deriveSsprState", () => {
  it("allowedToUseSSPR is the administrators' switch, not the users' scope", () => {
    const b = new SnapshotBuilder();
    b.allowedToUseSSPR = true;
    b.sspr = { syncedSsprEnabled: 0, syncedSsprRegistered: 0, totalSsprEnabled: 0 };
    expect(deriveSsprState(b.build())).toEqual({
      adminSspr: true,
      usersScope: "none",
      ssprEnabledSyncedUsers: 0,
      syncedUsers: 100,
    });
  });

  it("some synced users enabled → selected; all → all", () => {
    const b = new SnapshotBuilder();
    b.allowedToUseSSPR = false;
    b.sspr = { syncedSsprEnabled: 12, syncedSsprRegistered: 7, totalSsprEnabled: 20 };
    expect(deriveSsprState(b.build())).toMatchObject({
      adminSspr: false,
      usersScope: "selected",
      ssprEnabledSyncedUsers: 12,
    });
    b.sspr = { syncedSsprEnabled: 100, syncedSsprRegistered: 7, totalSsprEnabled: 150 };
    expect(deriveSsprState(b.build()).usersScope).toBe("all");
  });

  it("unknown sections give unknown, never zero", () => {
    const b = new SnapshotBuilder().markUnknown("ssprRegistration", "licence").markUnknown("authorizationPolicy");
    expect(deriveSsprState(b.build())).toEqual({
      adminSspr: null,
      usersScope: "unknown",
      ssprEnabledSyncedUsers: null,
      syncedUsers: 100,
    });
  });
});
