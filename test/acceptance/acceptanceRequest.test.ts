/** Requests to accept or revoke: every problem named at once, unknown keys answered with the closest ones. */
import { describe, expect, it } from "vitest";
import {
  AcceptanceNotFoundError,
  AcceptanceRequestError,
  closestKeys,
  planAccept,
  planRevoke,
} from "../../shared/acceptance/acceptanceRequest.js";
import { exposure, resetPath } from "../diff/fixtures.js";
import { acceptance } from "./fixtures.js";

const PRINCIPAL = "6b1f0c2e-3d4a-4e5f-8a9b-0c1d2e3f4a5b";
const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const NOW = new Date("2026-03-01T10:00:00.000Z");
const eligible = resetPath({ principalId: PRINCIPAL, assignment: "eligible", reach: 40, severity: "high" });
const au = resetPath({ principalId: PRINCIPAL, scope: "/administrativeUnits/au-1", reach: 70, severity: "medium" });
const ctx = (existing: { acceptance: ReturnType<typeof acceptance>; etag: string }[] = []) => ({
  exposure: exposure({ findings: [eligible, au] }),
  existing,
  now: NOW,
  maxDays: 180,
  by: "alice@contoso.com",
});

function problemsOf(fn: () => unknown): AcceptanceRequestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AcceptanceRequestError) return e;
    throw e;
  }
  throw new Error("expected an AcceptanceRequestError");
}

describe("planAccept", () => {
  it("records the finding's reach, severity and assignment as the bounds, the caller as owner by default", () => {
    const { event, etag } = planAccept({ target: eligible.key, until: "2026-06-01", reason: "PIM approved" }, ctx());
    expect(etag).toBeUndefined();
    expect(event).toMatchObject({ action: "accept", by: "alice@contoso.com", at: NOW.toISOString() });
    expect(event.acceptance).toMatchObject({
      source: "table",
      target: { key: eligible.key },
      owner: "alice@contoso.com",
      reason: "PIM approved",
      expiresAt: "2026-06-01T00:00:00.000Z",
      upTo: { severity: "high", syncedUsers: 40, assignment: "eligible" },
    });
    expect(event.acceptance.id).toMatch(/^acc-[0-9a-f]{10}$/);
  });

  it("a principal + role pattern takes the widest bounds of the findings it matches", () => {
    const { event } = planAccept(
      {
        target: `principal:${PRINCIPAL.toUpperCase()}:role:${HELPDESK}`,
        until: "2026-04-01",
        reason: "r",
        owner: "hr",
      },
      ctx(),
    );
    expect(event.acceptance.target).toEqual({ principalId: PRINCIPAL, roleTemplateId: HELPDESK });
    expect(event.acceptance.upTo).toEqual({ severity: "high", syncedUsers: 70, assignment: "active" });
    expect(event.acceptance.owner).toBe("hr");
  });

  it("accepting the same target again renews it: same id, the row's ETag, a renew event", () => {
    const existing = acceptance({ id: "acc-keep", target: { key: eligible.key } });
    const { event, etag } = planAccept(
      { target: eligible.key, until: "2026-08-01", reason: "again" },
      ctx([{ acceptance: existing, etag: "W/1" }]),
    );
    expect(event).toMatchObject({ action: "renew", acceptanceId: "acc-keep" });
    expect(etag).toBe("W/1");
  });

  it("names every problem at once, and the closest keys for an unknown one", () => {
    const typo = eligible.key.replace("eligible", "eligble");
    const e = problemsOf(() => planAccept({ target: typo, until: "2025-01-01", reason: "  " }, ctx()));
    expect(e.problems).toHaveLength(3);
    expect(e.message).toMatch(/No finding of the latest audit .* matches/);
    expect(e.message).toMatch(/A reason is required/);
    expect(e.message).toMatch(/is in the past/);
    expect(e.closestKeys[0]).toBe(eligible.key);
    expect(e.message).toContain(`Closest finding keys: ${eligible.key}`);
  });

  it("refuses an expiry beyond ACCEPTANCE_MAX_DAYS, a missing or malformed one, and a bad pattern", () => {
    const tooFar = problemsOf(() => planAccept({ target: eligible.key, until: "2026-12-01", reason: "r" }, ctx()));
    expect(tooFar.message).toMatch(
      /more than 180 days away \(ACCEPTANCE_MAX_DAYS\): the latest is 2026-08-28T10:00:00.000Z/,
    );
    expect(
      problemsOf(() => planAccept({ target: eligible.key, until: undefined, reason: "r" }, ctx())).message,
    ).toMatch(/An expiry is required/);
    expect(problemsOf(() => planAccept({ target: eligible.key, until: "soon", reason: "r" }, ctx())).message).toMatch(
      /"soon" is not a date/,
    );
    expect(
      problemsOf(() => planAccept({ target: "principal:x:role:y", until: "2026-04-01", reason: "r" }, ctx())).message,
    ).toMatch(/both ids are GUIDs/);
  });

  it("the last instant within the maximum is accepted", () => {
    const last = new Date(NOW.getTime() + 180 * 86_400_000).toISOString();
    expect(planAccept({ target: eligible.key, until: last, reason: "r" }, ctx()).event.acceptance.expiresAt).toBe(last);
  });
});

describe("planRevoke", () => {
  const current = acceptance({ id: "acc-1" });
  it("marks the acceptance revoked by the caller, guarded by the row's ETag", () => {
    const { event, etag } = planRevoke("acc-1", {
      existing: [{ acceptance: current, etag: "W/2" }],
      now: NOW,
      by: "bob",
    });
    expect(event).toMatchObject({ action: "revoke", acceptance: { revokedAt: NOW.toISOString(), revokedBy: "bob" } });
    expect(etag).toBe("W/2");
  });

  it("refuses an unknown id, a file entry and an acceptance revoked already", () => {
    expect(() => planRevoke("acc-9", { existing: [], now: NOW, by: "bob" })).toThrow(AcceptanceNotFoundError);
    expect(() => planRevoke("file:break-glass", { existing: [], now: NOW, by: "bob" })).toThrow(/acceptances file/);
    const revoked = { ...current, revokedAt: "2026-02-01T00:00:00.000Z", revokedBy: "carol" };
    expect(() => planRevoke("acc-1", { existing: [{ acceptance: revoked, etag: "e" }], now: NOW, by: "bob" })).toThrow(
      /already revoked by carol/,
    );
  });
});

describe("closestKeys", () => {
  it("orders keys by edit distance", () => {
    expect(closestKeys("sspr:admn", ["writeback", "sspr", "sspr-admin", "synced-reset"], 2)).toEqual([
      "sspr-admin",
      "sspr",
    ]);
  });
});
