/**
 * Accepted findings through scheduled audits, over real HTTP (Graph simulator, Azurite, the ACS
 * Email endpoint) with an injected clock: accepting keeps the finding quiet, growth past the
 * acceptance alerts once, expiry alerts exactly once, and acceptances file problems are reported
 * by the run, the last-run record and the health view.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acceptFinding, listAcceptances } from "../../shared/audit/acceptances.js";
import { getHealth } from "../../shared/audit/readers.js";
import { runAudit } from "../../shared/audit/runAudit.js";
import { runDigest } from "../../shared/audit/runDigest.js";
import { severityRank } from "../../shared/exposure/types.js";
import { DEMO } from "../../sim/graph/index.js";
import { stackPerTest } from "./stackPerTest.js";

const HOUR = 3_600_000;
const stacks = stackPerTest("acc");

/** A stack whose clock the test moves: each audit is an hour after the last, like the hourly timer. */
async function newStack(settings: Record<string, string> = {}) {
  let now = Date.parse("2026-03-02T08:00:00.000Z");
  const s = await stacks.newStack({ now: () => new Date(now), settings });
  const audit = async () => {
    now += HOUR;
    return runAudit(s.ctx, { trigger: "timer" });
  };
  return { s, audit, advance: (ms: number) => (now += ms), now: () => new Date(now) };
}

describe("accepted findings across scheduled audits", () => {
  it("accept → quiet; grown past the acceptance → one alert; expired → exactly one alert", async () => {
    const { s, audit, advance } = await newStack();
    const baseline = await audit();
    const finding = baseline.exposure.findings.find(
      (f) => f.kind === "reset-path" && f.scope === "/" && severityRank(f.severity) >= severityRank("high"),
    )!;
    expect(finding).toBeDefined();

    const accepted = await acceptFinding(
      s.ctx,
      DEMO.tenantId,
      {
        target: finding.key,
        until: new Date(Date.parse(baseline.exposure.takenAt) + 5.5 * HOUR).toISOString(),
        reason: "Vendor-managed helpdesk, reviewed",
      },
      "alice@contoso.example",
    );
    expect(accepted.acceptance.upTo.syncedUsers).toBe(finding.reach.syncedUsers);

    // Accepted: shown as accepted, the unaccepted figure below the total, no alert.
    const quiet = await audit();
    const shown = quiet.exposure.findings.find((f) => f.key === finding.key)!;
    expect(shown.acceptance).toMatchObject({
      status: "accepted",
      owner: "alice@contoso.example",
      id: accepted.acceptanceId,
    });
    expect(quiet.exposure.headline.unaccepted!.findings).toBeLessThan(
      quiet.exposure.findings.filter((f) => f.severity !== "info").length,
    );
    expect(s.acs.messages).toHaveLength(0);

    // One more synced user: every tenant-wide path reaches one more. Routine growth (low) for the
    // others, past the acceptance for the accepted one: that one alerts.
    s.graph.mutate.addSyncedUser("New Hire");
    const grown = await audit();
    const alerted = grown.diff.changes.filter(
      (c) => c.acceptance && !c.acceptance.covered && c.direction === "increase",
    );
    expect(alerted.map((c) => c.key)).toEqual([finding.key]);
    expect(alerted[0]!.summary).toContain("Grown past its acceptance");
    expect(grown.alerts.sent).toBe(1);
    expect(s.acs.messages).toHaveLength(1);
    expect(s.acs.messages[0]!.text).toContain("Grown past its acceptance");

    // Renewed at the new reach: quiet again.
    await acceptFinding(
      s.ctx,
      DEMO.tenantId,
      {
        target: finding.key,
        until: new Date(Date.parse(grown.exposure.takenAt) + 3.5 * HOUR).toISOString(),
        reason: "Renewed after review",
      },
      "alice@contoso.example",
    );
    const renewed = await audit();
    expect(renewed.exposure.findings.find((f) => f.key === finding.key)!.acceptance?.status).toBe("accepted");
    expect(renewed.alerts.sent).toBe(0);

    // The digest lists it among the accepted findings and, as it ends within the week, apart.
    const digest = await runDigest(s.ctx);
    expect(digest.sent).toBe(1);
    const mail = s.acs.messages.at(-1)!.text.replace(/\s+/g, " "); // plain text is wrapped at 78 columns
    expect(mail).toContain(
      `Acceptances expiring within a week (1): - ${finding.title}: accepted until ${accepted.acceptance.expiresAt.slice(0, 10)}`,
    );
    expect(mail).toContain(`owner alice@contoso.example (${accepted.acceptanceId})`);
    expect(mail).toContain("Accepted findings (1):");

    // Hourly audits across the expiry: one alert in the audit after it, none before or after.
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) sent.push((await audit()).alerts.sent);
    expect(sent).toEqual([0, 0, 1, 0, 0]);
    expect(s.acs.messages).toHaveLength(3); // the growth alert, the digest, the expiry alert
    expect(s.acs.messages[2]!.text).toMatch(/expired at/);

    const history = await s.ctx.stores.acceptances.history(DEMO.tenantId, accepted.acceptanceId);
    expect(history.map((h) => [h.action, h.by])).toEqual([
      ["accept", "alice@contoso.example"],
      ["renew", "alice@contoso.example"],
    ]);
    advance(0);
    const listing = await listAcceptances(s.ctx, DEMO.tenantId);
    expect(listing.acceptances).toHaveLength(1);
    expect(listing.acceptances[0]).toMatchObject({
      state: "expired",
      findings: [{ key: finding.key, status: "expired" }],
    });
  });

  it("acceptances file problems are reported by the run, the last run and the health view; the audit succeeds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "acceptances-"));
    const file = join(dir, "acceptances.json");
    writeFileSync(file, JSON.stringify({ acceptances: [{ id: "no-reason", key: "writeback", owner: "x" }] }));
    const { s, audit } = await newStack({ ACCEPTANCES_FILE: file });
    const result = await audit();
    expect(result.exposure.acceptances!.problems).toEqual([expect.stringMatching(/entry 1 \("no-reason"\): .*reason/)]);
    expect(await s.ctx.stores.state.getLastRun()).toMatchObject({ status: "ok", acceptanceProblems: 1 });
    const health = await getHealth(s.ctx);
    expect(health.acceptances).toMatchObject({ status: "file-problems", problems: 1 });
    expect(health.acceptances!.detail).not.toContain("no-reason");

    writeFileSync(file, "{ not json");
    const broken = await audit();
    expect(broken.exposure.acceptances!.problems[0]).toMatch(/not valid JSON/);
  });
});
