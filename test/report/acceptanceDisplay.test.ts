/**
 * Accepted findings as every report shows them (text, HTML, alert email headline, digest): still
 * listed, marked accepted with owner, reason and expiry, or said to have gone past their acceptance;
 * the headline with both figures; the digest's "expires within a week"; the owner's words escaped.
 */
import { describe, expect, it } from "vitest";
import { annotateExposure } from "../../shared/acceptance/annotateExposure.js";
import { renderTextReport } from "../../shared/report/textReport.js";
import { renderHtmlReport } from "../../shared/report/htmlReport.js";
import { renderDigestEmail } from "../../shared/notify/renderDigestEmail.js";
import { headlineText } from "../../shared/notify/emailParts.js";
import { exposure, resetPath } from "../diff/fixtures.js";
import { acceptance } from "../acceptance/fixtures.js";

const NOW = new Date("2026-05-28T00:00:00.000Z");
const HOSTILE = `<img src=x onerror=alert(1)>\u001b[2J`;

const alice = resetPath({ reach: 50, severity: "critical" });
const bob = resetPath({ principalId: "u-bob", name: "Bob", reach: 30 });
const cora = resetPath({ principalId: "u-cora", name: "Cora", reach: 20 });
const annotated = annotateExposure(
  exposure({
    takenAt: NOW.toISOString(),
    headline: { resetters: 3, syncedUsers: 100, syncedUsersReached: 100, resetPaths: 100, potential: false },
    findings: [alice, bob, cora],
  }),
  {
    acceptances: [
      // Alice: accepted, ends in four days (within the week).
      acceptance({ upTo: { severity: "critical", syncedUsers: 50 }, reason: HOSTILE }),
      // Bob: accepted for months.
      acceptance({
        id: "acc-0002",
        target: { key: bob.key },
        owner: "hr-it@contoso.com",
        reason: "HR sync",
        expiresAt: "2026-10-01T00:00:00.000Z",
      }),
      // Cora: accepted at 10 synced users, now reaches 20.
      acceptance({ id: "acc-0003", target: { key: cora.key }, upTo: { severity: "high", syncedUsers: 10 } }),
    ],
    problems: ["acceptances file acc.json, entry 2: owner: must not be empty; left out"],
    overridden: [],
  },
  NOW,
);

describe("accepted findings in the reports", () => {
  it("the annotation the reports render: two accepted, one grown past, figures without the accepted", () => {
    expect(annotated.findings.map((f) => f.acceptance?.status)).toEqual(["accepted", "accepted", "exceeded"]);
    expect(annotated.headline.unaccepted).toEqual({ resetters: 1, resetPaths: 20, findings: 1 });
  });

  it("text: both headline figures, each acceptance under its finding, file problems; terminal escapes gone", () => {
    const text = renderTextReport(annotated);
    expect(text).toContain("not accepted: 20 paths from 1 resetters, 1 findings (2 accepted)");
    expect(text).toContain("Accepted until 2026-10-01 00:00 UTC · owner hr-it@contoso.com: HR sync (acc-0002)");
    expect(text).toContain("Grown past its acceptance reaches 20 synced users (accepted up to 10) · it alerts again");
    expect(text).toContain("Acceptances file problems (1; those entries do not apply)");
    expect(text).not.toContain("\u001b[2J");
    expect(text).toContain("<img src=x onerror=alert(1)>"); // plain text: no markup to escape, only controls
  });

  it("HTML: the not-accepted figures, a badge per acceptance, the owner's words escaped", () => {
    const { html } = renderHtmlReport({ exposure: annotated, recentChanges: [], generatedAt: NOW.toISOString() });
    expect(html).toMatch(/data-figure="unacceptedResetPaths">20</);
    expect(html).toMatch(/data-figure="unacceptedFindings">1</);
    expect([...html.matchAll(/data-acceptance="accepted"/g)]).toHaveLength(2);
    expect([...html.matchAll(/data-acceptance="exceeded"/g)]).toHaveLength(1);
    expect(html).toContain("hr-it@contoso.com: HR sync");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain('id="h-acceptance-problems"');
  });

  it("email headline: all paths and the ones not accepted", () => {
    const rows = headlineText(annotated.headline);
    expect(rows).toContain("Reset-to-on-prem paths: 100");
    expect(rows).toContain("Reset-to-on-prem paths not accepted: 20");
    expect(rows).toContain("Findings not accepted: 1");
  });

  it("digest: acceptances expiring within a week apart, every accepted finding, escaped in HTML", () => {
    const email = renderDigestEmail({ changes: [], exposure: annotated, since: "2026-05-21T00:00:00.000Z" });
    const section = (title: string) => {
      const lines = email.text.split("\n");
      const start = lines.findIndex((l) => l.startsWith(title));
      const end = lines.findIndex((l, i) => i > start && l === "");
      return lines.slice(start + 1, end === -1 ? undefined : end);
    };
    expect(section("Acceptances expiring within a week (1)")).toEqual([
      "- Alice can reset synced users' passwords: accepted until 2026-06-01T00:00Z, owner secops@contoso.com (acc-0001)",
    ]);
    expect(section("Accepted findings (2)").map((l) => l.split(": ")[0])).toEqual([
      "- Alice can reset synced users' passwords",
      "- Bob can reset synced users' passwords",
    ]);
    expect(email.text).toContain("Alice can reset synced users' passwords (accepted)"); // standing critical, marked
    expect(email.html).toContain("Acceptances expiring within a week (1)");
    expect(email.html).not.toContain("<img src=x");
  });

  it("nothing about acceptances where none apply", () => {
    const plain = exposure({ findings: [bob] });
    expect(renderTextReport(plain)).not.toMatch(/accepted/i);
    expect(renderHtmlReport({ exposure: plain, recentChanges: [], generatedAt: NOW.toISOString() }).html).not.toMatch(
      /data-acceptance|unaccepted/,
    );
    expect(renderDigestEmail({ changes: [], exposure: plain, since: "2026-05-21T00:00:00.000Z" }).text).not.toMatch(
      /accepted/i,
    );
  });
});
