/**
 * The alert and the digest as a mail client shows them: rendered by headless Chromium (scripts on,
 * to prove none is there to run), checked for what a reader must see: one line per cause with its
 * findings under it, a decrease in green as "reduced", the silence warning, hostile names as text,
 * and no sideways scrolling on a phone. Needs Chromium (scripts/chromium.ts finds it; without it the
 * suite fails with the way to install it, never skips).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../scripts/chromium.js";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { renderAlertEmail } from "../../shared/notify/renderAlertEmail.js";
import { renderDigestEmail } from "../../shared/notify/renderDigestEmail.js";
import type { StoredChange } from "../../shared/store/types.js";
import { exposure, next, resetPath } from "../diff/fixtures.js";

declare const document: {
  body: { innerText: string };
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(s: string): Iterable<{ textContent: string | null }> & { length: number };
};
declare function getComputedStyle(e: unknown): { backgroundColor: string };

const HOSTILE = `<img src=x onerror=alert(1)> "Eve"`;

/** Writeback off → on over three paths, and one path gone: one cause line, one good-news line. */
function scenario() {
  const paths = [
    resetPath({ principalId: "u-1", name: HOSTILE, reach: 12, severity: "info" }),
    resetPath({ principalId: "u-2", name: "Dan", reach: 7, severity: "info" }),
    resetPath({ principalId: "u-3", name: "Fay", reach: 3, severity: "info" }),
    resetPath({ principalId: "u-old", name: "Olga", reach: 9, severity: "critical" }),
  ];
  const prev = exposure({ writeback: { state: "off", evidence: [] }, findings: paths });
  const cur = next(prev, {
    writeback: { state: "on", evidence: [] },
    findings: paths.slice(0, 3).map((p) => ({ ...p, severity: "high" as const })),
  });
  return { diff: diffExposures(prev, cur), exposure: cur };
}

describe("alert and digest emails in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function show(html: string, width: number) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(html, { waitUntil: "load" });
    const text = await page.evaluate(() => document.body.innerText);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    const badges = await page.evaluate(() =>
      [...document.querySelectorAll("span")].map((s) => ({
        text: s.textContent,
        background: getComputedStyle(s).backgroundColor,
      })),
    );
    const images = await page.evaluate(() => document.querySelectorAll("img").length);
    await page.close();
    return { text, overflow, badges, images, dialogs };
  }

  it("the alert: one line for writeback switched on with its paths under it, the removal in green", async () => {
    const { diff, exposure: e } = scenario();
    const email = renderAlertEmail({ diff, exposure: e, minSeverity: "high" });
    expect(email.subject).toBe("Password writeback exposure increased: writeback switched on (3 reset paths live)");
    for (const width of [1024, 375]) {
      const seen = await show(email.html, width);
      expect(seen.dialogs).toEqual([]);
      expect(seen.images).toBe(0);
      expect(seen.overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
      expect(seen.text).toContain("Password writeback switched on: 3 reset paths to on-prem are now live.");
      expect(seen.text).toContain(`${HOSTILE} can reset synced users' passwords`.slice(0, 20));
      expect(seen.text).toContain("found 1 increase since");
      expect(seen.text).not.toMatch(/Severity raised/);
      const reduced = seen.badges.find((b) => b.text === "reduced");
      expect(reduced?.background).toBe("rgb(16, 124, 16)");
      expect(seen.badges.filter((b) => b.text === "critical").length).toBe(1);
    }
  });

  it("the digest: the silence warning first, the changes in order, decreases as good news", async () => {
    const { diff, exposure: e } = scenario();
    const stored: StoredChange[] = diff.changes.map((c) => ({
      ...c,
      tenantId: diff.tenantId,
      fromSnapshotId: diff.fromSnapshotId,
      toSnapshotId: diff.toSnapshotId,
      detectedAt: diff.toTakenAt,
    }));
    const email = renderDigestEmail({
      changes: stored,
      exposure: e,
      since: "2026-01-01T00:00:00.000Z",
      until: "2026-01-08T00:00:00.000Z",
      audits: { run: 40, succeeded: 14, failed: 26 },
      silentHours: 26,
      lastSuccessAt: "2026-01-06T22:00:00.000Z",
    });
    expect(email.subject).toBe("Password writeback watch digest: no successful audit for 26 h");
    for (const width of [1024, 375]) {
      const seen = await show(email.html, width);
      expect(seen.dialogs).toEqual([]);
      expect(seen.overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
      expect(seen.text.indexOf("Warning: no successful audit for 26 h")).toBeLessThan(seen.text.indexOf("Period"));
      expect(seen.text).toContain("Audits in the period: 40 run, 14 succeeded, 26 failed.");
      expect(seen.text).toContain("Changes in the period, in order (2)");
      expect(seen.badges.find((b) => b.text === "reduced")?.background).toBe("rgb(16, 124, 16)");
    }
  });
});
