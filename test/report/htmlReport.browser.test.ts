/**
 * What a person sees: the report rendered by headless Chromium, served with its CSP header.
 * Needs Chromium (found by scripts/chromium.ts: CHROMIUM_PATH, else `chromium` on PATH); without it
 * the suite fails with the way to install it, never skips.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { renderHtmlReport, type HtmlReport } from "../../shared/report/htmlReport.js";
import { launchChromium } from "../../scripts/chromium.js";
import { serveReport } from "./reportServer.js";
import { HOSTILE, changes, hostileExposure, sampleTrend } from "./fixtures.js";

// Code passed to page.evaluate runs in the browser; the project compiles without the DOM lib, so
// these module-local declarations describe the little of the DOM that code touches.
interface PageElement {
  tagName: string;
  innerText: string;
  attributes: Iterable<{ name: string }>;
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
  addEventListener(
    type: "securitypolicyviolation",
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};
declare const window: { __reportViolation(v: string): void };
declare function getComputedStyle(e: PageElement, pseudo?: string): { backgroundColor: string; content: string };

/**
 * Runs in the page: every element with its own text, its colour against the first opaque
 * background up the tree, as WCAG relative-luminance contrast; returns those under 4.5:1.
 */
const LOW_CONTRAST_TEXT = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!ownText || el.getClientRects().length === 0) continue;
    const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) out.push(el.tagName + "." + el.className + " " + ratio.toFixed(2) + ": " + el.textContent.trim().slice(0, 40));
  }
  return out;
})()`;

const report = renderHtmlReport({
  exposure: hostileExposure(),
  recentChanges: changes(),
  generatedAt: "2026-11-23T22:05:00.000Z",
  reportUrl: "https://app.example/api/exposure?format=html",
  trend: sampleTrend(),
});

interface Visit {
  page: Page;
  violations: string[];
  consoleErrors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

describe("HTML report in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function visit(served: HtmlReport, viewport: { width: number; height: number }): Promise<Visit> {
    const server = await serveReport(served);
    const context = await browser.newContext({ viewport, javaScriptEnabled: true });
    const page = await context.newPage();
    const violations: string[] = [];
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    // Init scripts are injected by the browser itself, so the page's CSP does not block this listener.
    await page.exposeFunction("__reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const response = await page.goto(server.url);
    expect(response?.headers()["content-security-policy"]).toBe(served.contentSecurityPolicy);
    await page.waitForLoadState("load");
    return {
      page,
      violations,
      consoleErrors,
      dialogs,
      close: async () => {
        await context.close();
        await server.close();
      },
    };
  }

  it("shows the headline, every section and hostile names as literal text, with no CSP violation", async () => {
    const v = await visit(report, { width: 1280, height: 900 });
    try {
      const { page } = v;
      await expect.poll(() => page.locator('[data-figure="resetPaths"]').innerText()).toBe("12,345");
      expect(await page.locator('[data-figure="resetPaths"]').isVisible()).toBe(true);
      expect(await page.locator('[data-figure="resetters"]').innerText()).toBe("7");
      expect(await page.getByText("POTENTIAL").first().isVisible()).toBe(true);

      const headings = await page
        .locator("h1, h2, h3")
        .evaluateAll((els: PageElement[]) =>
          els.map((e) => ({ level: Number(e.tagName.slice(1)), text: e.innerText.trim() })),
        );
      expect(headings.filter((h) => h.level === 2).map((h) => h.text)).toEqual([
        "Headline",
        "Trend",
        "Writeback and self-service password reset",
        "Reset paths",
        "One-hop escalations",
        "Tenant findings",
        "Recent changes",
        "Coverage gaps",
      ]);
      expect(headings[0]).toEqual({ level: 1, text: "Password writeback exposure" });
      for (let i = 1; i < headings.length; i++)
        expect(headings[i]!.level - headings[i - 1]!.level).toBeLessThanOrEqual(1);

      // Hostile strings are visible text, not markup.
      const text = await page.locator("main").innerText();
      expect(text).toContain(HOSTILE.script);
      expect(text).toContain(HOSTILE.img);
      expect(text).toContain(`"quotes" & 'apostrophes'`);
      expect(text).toContain("RoleEligibilitySchedule.Read.Directory");
      const injected = await page.evaluate(() => ({
        scripts: document.querySelectorAll("script").length,
        imgs: document.querySelectorAll("img").length,
        handlers: [...document.querySelectorAll("*")].filter((e) =>
          [...e.attributes].some((a) => a.name.startsWith("on")),
        ).length,
      }));
      expect(injected).toEqual({ scripts: 0, imgs: 0, handlers: 0 });
      expect(v.dialogs).toEqual([]);

      // Landmarks, language and table headers a screen reader relies on.
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      expect(await page.locator("header, main, footer").count()).toBe(3);
      expect(await page.locator("thead th:not([scope=col])").count()).toBe(0);

      // The hashed stylesheet applied (a blocked one would leave the default serif font and no badge colour).
      const badge = await page
        .locator(".badge.potential")
        .first()
        .evaluate((e: PageElement) => getComputedStyle(e).backgroundColor);
      expect(badge).toBe("rgb(110, 71, 0)");
      expect(v.violations).toEqual([]);
      expect(v.consoleErrors.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("gives all text at least 4.5:1 contrast against its background (WCAG AA)", async () => {
    const v = await visit(report, { width: 1280, height: 900 });
    try {
      const failures = (await v.page.evaluate(LOW_CONTRAST_TEXT)) as string[];
      expect(failures).toEqual([]);
      // The check does look at the coloured badges and muted text, not only body text.
      expect(await v.page.evaluate(`document.querySelectorAll(".badge, .muted").length`)).toBeGreaterThan(5);
    } finally {
      await v.close();
    }
  });

  it("draws the trend as four charts, with the alert and coverage marks, under the CSP", async () => {
    const v = await visit(report, { width: 1280, height: 900 });
    try {
      const { page } = v;
      const charts = page.locator(".trend-panel svg");
      expect(await charts.count()).toBe(4);
      for (let i = 0; i < 4; i++) {
        const box = await charts.nth(i).boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(80);
      }
      // The stylesheet reached the SVG: the line is stroked in the link colour, not the default black fill.
      const line = await page
        .locator(".trend-line")
        .first()
        .evaluate((e: PageElement) => {
          const s = getComputedStyle(e) as unknown as { stroke: string; fill: string };
          return { stroke: s.stroke, fill: s.fill };
        });
      expect(line).toEqual({ stroke: "rgb(11, 87, 164)", fill: "none" });
      expect(await page.locator('[data-mark="alert"]').count()).toBe(4);
      expect(await page.locator('[data-mark="coverage-lost"]').count()).toBe(4);
      expect(await page.locator(".trend-now").first().innerText()).toBe("254");
      expect(v.violations).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("fits a 375 px phone screen without horizontal scrolling", async () => {
    const v = await visit(report, { width: 375, height: 812 });
    try {
      const { page } = v;
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      expect(await page.locator('[data-figure="resetPaths"]').isVisible()).toBe(true);
      // The trend charts fill the width, one under the other, with axis labels still legible.
      const boxes = await Promise.all([0, 1].map((i) => page.locator(".trend-panel svg").nth(i).boundingBox()));
      expect(boxes[0]!.width).toBeGreaterThan(280);
      expect(boxes[0]!.width).toBeLessThanOrEqual(375);
      expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height);
      const tick = await page.locator(".trend-panel .tick").first().boundingBox();
      expect(tick!.height).toBeGreaterThanOrEqual(10);
      // Stacked tables keep their column names next to each value.
      const label = await page
        .locator('td[data-label="Reach"]')
        .first()
        .evaluate((e: PageElement) => getComputedStyle(e, "::before").content);
      expect(label).toBe('"Reach"');
    } finally {
      await v.close();
    }
  });

  it("detects a stylesheet the CSP does not allow (the checks above can fail)", async () => {
    const tampered: HtmlReport = { ...report, html: report.html.replace("--fg:#1a1a1a", "--fg:#1a1a1b") };
    const v = await visit(tampered, { width: 1280, height: 900 });
    try {
      await expect.poll(() => v.violations.length).toBeGreaterThan(0);
      expect(v.violations[0]).toMatch(/^style-src/);
    } finally {
      await v.close();
    }
  });
});
