/** Accepted findings stay in the exposure, marked; the headline gains the figures without them. */
import { describe, expect, it } from "vitest";
import { annotateExposure } from "../../shared/acceptance/annotateExposure.js";
import { exposure, HELPDESK, resetPath } from "../diff/fixtures.js";
import { acceptance } from "./fixtures.js";

const NOW = new Date("2026-02-01T00:00:00.000Z");
const set = (acceptances = [acceptance()], problems: string[] = []) => ({ acceptances, problems, overridden: [] });

describe("annotateExposure", () => {
  const alice = resetPath({ reach: 50 });
  const aliceAu = resetPath({ scope: "/administrativeUnits/au-1", reach: 10, assignment: "eligible" });
  const bob = resetPath({ principalId: "u-bob", name: "Bob", reach: 30 });
  const base = exposure({
    headline: { resetters: 2, syncedUsers: 100, syncedUsersReached: 50, resetPaths: 80, potential: false },
    findings: [alice, aliceAu, bob],
  });

  it("marks the accepted finding with owner, reason and expiry, keeps every finding, and counts the rest", () => {
    const out = annotateExposure(base, set(), NOW);
    expect(out.findings.map((f) => f.key)).toEqual(base.findings.map((f) => f.key));
    expect(out.findings[0]!.acceptance).toMatchObject({
      id: "acc-0001",
      status: "accepted",
      owner: "secops@contoso.com",
      reason: "Break-glass account, sign-ins alerted",
      expiresAt: "2026-06-01T00:00:00.000Z",
    });
    expect(out.findings[2]!.acceptance).toBeUndefined();
    // Alice still reaches 10 through her AU path; Bob 30.
    expect(out.headline).toMatchObject({ resetPaths: 80, unaccepted: { resetters: 2, resetPaths: 40, findings: 2 } });
    expect(out.acceptances).toEqual({ inForce: 1, problems: [] });
  });

  it("a principal + role pattern covers every scope; accepting all of a resetter's paths drops the resetter", () => {
    const pattern = acceptance({
      target: { principalId: "u-alice", roleTemplateId: HELPDESK },
      upTo: { severity: "high", syncedUsers: 50 },
    });
    const out = annotateExposure(base, set([pattern]), NOW);
    expect(out.findings.filter((f) => f.acceptance?.status === "accepted")).toHaveLength(2);
    expect(out.headline.unaccepted).toEqual({ resetters: 1, resetPaths: 30, findings: 1 });
  });

  it("shows an outgrown, expired or revoked acceptance without counting it as accepted", () => {
    const small = acceptance({ upTo: { severity: "high", syncedUsers: 40 } });
    const expired = acceptance({ expiresAt: "2026-01-15T00:00:00.000Z" });
    const revoked = acceptance({ revokedAt: "2026-01-20T00:00:00.000Z", revokedBy: "bob@contoso.com" });
    const grown = annotateExposure(base, set([small]), NOW).findings[0]!.acceptance!;
    expect(grown).toMatchObject({ status: "exceeded", exceeded: ["reaches 50 synced users (accepted up to 40)"] });
    expect(annotateExposure(base, set([expired]), NOW).findings[0]!.acceptance!.status).toBe("expired");
    expect(annotateExposure(base, set([revoked]), NOW).findings[0]!.acceptance!.status).toBe("revoked");
    expect(annotateExposure(base, set([expired]), NOW).headline.unaccepted!.resetPaths).toBe(80);
    expect(annotateExposure(base, set([expired]), NOW).acceptances!.inForce).toBe(0);
  });

  it("a reset path's key accepts the same path once it is active or eligible", () => {
    const eligibleKey = acceptance({ target: { key: alice.key.replace(":active", ":eligible") } });
    expect(annotateExposure(base, set([eligibleKey]), NOW).findings[0]!.acceptance?.status).toBe("accepted");
  });

  it("unknown figures stay unknown, and the file's problems are carried", () => {
    const unknown = exposure({
      headline: { resetters: null, syncedUsers: null, syncedUsersReached: null, resetPaths: null, potential: true },
    });
    const out = annotateExposure(unknown, set([], ["acceptances file a.json: not valid JSON"]), NOW);
    expect(out.headline.unaccepted).toEqual({ resetters: null, resetPaths: null, findings: 0 });
    expect(out.acceptances!.problems).toEqual(["acceptances file a.json: not valid JSON"]);
  });
});
