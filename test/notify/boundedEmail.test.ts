/**
 * An alert always fits: however large the change and however long the tenant's strings, the email
 * is a summary, the top changes, counts for the rest and a link, well within what an outbox row
 * holds, with long words breakable in HTML and the text part wrapped.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { renderAlertEmail } from "../../shared/notify/renderAlertEmail.js";
import { renderDigestEmail } from "../../shared/notify/renderDigestEmail.js";
import { fitEmail, MAX_HTML_BYTES, MAX_TEXT_BYTES } from "../../shared/notify/fitEmail.js";
import type { StoredChange } from "../../shared/store/types.js";
import { exposure, next, resetPath } from "../diff/fixtures.js";
import { bigIncrease, groupOf, noise } from "./bigChanges.js";

const REPORT_URL = "https://app.example/api/exposure?format=html";
/** What one outbox row holds for a body: 10 binary properties of 64 KiB (TableOutboxStore.ts). */
const OUTBOX_BODY_BYTES = 10 * 64 * 1024;

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const gzipped = (html: string, text: string) => gzipSync(Buffer.from(JSON.stringify({ html, text }))).length;

function expectBounded(email: { html: string; text: string; subject: string }) {
  expect(bytes(email.html)).toBeLessThanOrEqual(MAX_HTML_BYTES);
  expect(bytes(email.text)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
  // Even if nothing compressed, the body would fit one outbox row.
  expect(bytes(email.html) + bytes(email.text)).toBeLessThan(OUTBOX_BODY_BYTES);
  expect(gzipped(email.html, email.text)).toBeLessThan(OUTBOX_BODY_BYTES);
  expect(email.subject.length).toBeLessThanOrEqual(200);
}

describe("an alert always fits", () => {
  it("150 admins with 6,000-character names: summary, top changes, counts for the rest, the link", () => {
    const { diff, exposure: e } = bigIncrease(150, 6000);
    const email = renderAlertEmail({ diff, exposure: e, minSeverity: "high", reportUrl: REPORT_URL });
    expectBounded(email);
    expect(email.subject).toBe("Password writeback exposure increased: 150 new reset paths");
    // The total is told, the first changes are shown, the rest are counted, and the report is linked.
    expect(email.text).toContain("found 150 increases");
    expect(email.text).toContain("Admin0-");
    expect(email.text).toMatch(/… and 1\d\d more increases \(1\d\d high\): see the report/);
    expect(email.html).toContain(`href="${REPORT_URL}"`);
    expect(email.text).toContain(REPORT_URL);
    // No 6,000-character name is printed whole.
    expect(email.text).not.toContain(noise("0", 600).slice(100, 700));
  });

  it("a change that moved 20,000 findings fits, its items counted", () => {
    const { diff, exposure: e } = groupOf(20_000);
    expect(diff.changes.filter((c) => c.direction === "increase")).toHaveLength(1);
    const email = renderAlertEmail({ diff, exposure: e, minSeverity: "high", reportUrl: REPORT_URL });
    expectBounded(email);
    expect(email.text).toMatch(/… and 19,9\d\d more \(see the report\)/);
  });

  it("20,000 separate increases fit too", () => {
    const { diff, exposure: e } = bigIncrease(20_000, 40);
    const email = renderAlertEmail({ diff, exposure: e, minSeverity: "high", reportUrl: REPORT_URL });
    expectBounded(email);
    expect(email.text).toMatch(/… and 19,9\d\d more increases \(19,9\d\d high\): see the report/);
  });

  it("the digest of such a period fits as well", () => {
    const { diff, exposure: e } = bigIncrease(2_000, 6000);
    const changes: StoredChange[] = diff.changes.map((c) => ({
      ...c,
      tenantId: e.tenantId,
      fromSnapshotId: diff.fromSnapshotId,
      toSnapshotId: diff.toSnapshotId,
      detectedAt: e.takenAt,
    }));
    const email = fitEmail(
      renderDigestEmail({ changes, exposure: e, since: "2026-01-01T00:00:00.000Z", reportUrl: REPORT_URL }),
      { reportUrl: REPORT_URL },
    );
    expectBounded(email);
    expect(email.text).toContain(REPORT_URL);
  });

  it("long words break: soft breaks in HTML, text lines wrapped to 78 columns, URLs kept whole", () => {
    const long = `${"Z".repeat(300)}`;
    const prev = exposure();
    const cur = next(prev, { findings: [resetPath({ principalId: "u-long", name: long, reach: 5 })] });
    const email = renderAlertEmail({
      diff: diffExposures(prev, cur),
      exposure: cur,
      minSeverity: "high",
      reportUrl: `${REPORT_URL}&padding=${"p".repeat(100)}`,
    });
    // Every run of 300 Z's is cut into breakable pieces in the HTML body (not in the title).
    const body = email.html.slice(email.html.indexOf("<body"));
    expect(body).not.toMatch(/Z{40}/);
    expect(body).toContain("<wbr>");
    expect(email.html).toMatch(/overflow-wrap:anywhere/);
    for (const line of email.text.split("\n")) {
      if (line.startsWith("https://")) continue;
      expect(line.length, line).toBeLessThanOrEqual(78);
    }
    expect(email.text.split("\n")).toContain(`${REPORT_URL}&padding=${"p".repeat(100)}`);
  });

  it("fitEmail: a body still too large becomes the short form with the link", () => {
    const huge = { subject: "s", html: `<p>${"a".repeat(MAX_HTML_BYTES + 10)}</p>`, text: "t" };
    const fitted = fitEmail(huge, { reportUrl: REPORT_URL, summary: "The audit found 3 increases." });
    expectBounded(fitted);
    expect(fitted.subject).toBe("s");
    expect(fitted.text).toContain("The audit found 3 increases.");
    expect(fitted.text).toContain(REPORT_URL);
    const small = { subject: "s", html: "<p>ok</p>", text: "ok" };
    expect(fitEmail(small, { reportUrl: REPORT_URL })).toBe(small);
  });
});
