import { describe, expect, it } from "vitest";
import { SAME_RESET_WINDOW_MS, mergeDuplicateResets, provesWriteback } from "../../shared/snapshot/auditActivities.js";
import type { SyncedUserResetEvent } from "../../shared/snapshot/types.js";

const SSPR = "Self-service Password Management";
const CORE = "Core Directory";
const T0 = Date.parse("2026-11-20T10:00:00Z");

function ev(
  id: string,
  activity: string,
  service: string,
  atMs: number,
  opts: { target?: string; correlationId?: string } = {},
): SyncedUserResetEvent {
  return {
    id,
    activity,
    service,
    correlationId: opts.correlationId ?? null,
    at: new Date(atMs).toISOString(),
    result: "success",
    targetUserId: opts.target ?? "u1",
    targetUserPrincipalName: null,
    initiatedBy: {},
  };
}

describe("provesWriteback", () => {
  it("is true for the password reset service's four activities only (reference-audit-activities.md)", () => {
    for (const a of [
      "Reset password (by admin)",
      "Reset password (self-service)",
      "Change password (self-service)",
      "Unlock user account (self-service)",
    ]) {
      expect(provesWriteback({ activity: a, service: SSPR }), a).toBe(true);
      expect(provesWriteback({ activity: a, service: CORE }), a).toBe(false);
    }
    expect(provesWriteback({ activity: "Reset password", service: CORE })).toBe(false);
    expect(provesWriteback({ activity: "Change user password", service: CORE })).toBe(false);
    // Events stored before the service was recorded: judged by name.
    expect(provesWriteback({ activity: "Reset password (by admin)" })).toBe(true);
  });
});

describe("mergeDuplicateResets", () => {
  it("one reset logged by both services counts once, by correlationId first", () => {
    const merged = mergeDuplicateResets([
      ev("core-far", "Reset password", CORE, T0 + 50_000, { correlationId: "c1" }),
      ev("core-near", "Reset password", CORE, T0 + 1_000, { correlationId: "c2" }),
      ev("sspr", "Reset password (by admin)", SSPR, T0, { correlationId: "c1" }),
    ]);
    expect(merged.map((e) => e.id)).toEqual(["sspr", "core-near"]);
    expect(merged[0]!.alsoLoggedAs).toEqual(["Core Directory: Reset password"]);
  });

  it("without a shared correlationId, the nearest Core Directory event within the window", () => {
    const merged = mergeDuplicateResets([
      ev("sspr", "Reset password (by admin)", SSPR, T0),
      ev("core", "Reset password", CORE, T0 + SAME_RESET_WINDOW_MS),
      ev("core-late", "Reset password", CORE, T0 + SAME_RESET_WINDOW_MS + 1),
    ]);
    expect(merged.map((e) => e.id)).toEqual(["sspr", "core-late"]);
  });

  it("never merges two events of one service, nor events of different users", () => {
    const twoResets = [
      ev("a", "Reset password (by admin)", SSPR, T0),
      ev("b", "Reset password (by admin)", SSPR, T0 + 10),
    ];
    expect(mergeDuplicateResets(twoResets)).toHaveLength(2);
    const twoCore = [ev("a", "Reset password", CORE, T0), ev("b", "Change user password", CORE, T0 + 10)];
    expect(mergeDuplicateResets(twoCore)).toHaveLength(2);
    const twoUsers = [
      ev("a", "Reset password (by admin)", SSPR, T0, { target: "u1" }),
      ev("b", "Reset password", CORE, T0, { target: "u2" }),
    ];
    expect(mergeDuplicateResets(twoUsers)).toHaveLength(2);
  });
});
