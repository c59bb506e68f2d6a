/**
 * Developer step (`npm run screenshot`): renders the HTML report and writes desktop and phone PNGs
 * to out/, served with the real CSP header, so a change to the report can be looked at.
 *
 *   npm run screenshot                      # the test fixture (hostile names, potential exposure)
 *   npm run screenshot -- exposure.json     # an Exposure as printed by `writeback-watch audit --json`
 *
 * Needs Chromium: CHROMIUM_PATH, else `chromium` on PATH (scripts/chromium.ts).
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Exposure } from "../shared/exposure/types.js";
import { renderHtmlReport } from "../shared/report/htmlReport.js";
import { serveReport } from "../test/report/reportServer.js";
import { launchChromium } from "./chromium.js";

// Evaluated in the page, where the DOM exists; Node's lib has no DOM types.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
import { changes, hostileExposure, sampleTrend } from "../test/report/fixtures.js";

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 812 },
} as const;

async function main(): Promise<void> {
  const file = process.argv[2];
  const exposure: Exposure = file ? (JSON.parse(await readFile(file, "utf8")) as Exposure) : hostileExposure();
  const report = renderHtmlReport({
    exposure,
    recentChanges: file ? [] : changes(),
    trend: file ? undefined : sampleTrend(),
    generatedAt: new Date().toISOString(),
    reportUrl: "https://writeback-watch.example/api/exposure?format=html",
  });
  const outDir = path.resolve("out");
  await mkdir(outDir, { recursive: true });
  const server = await serveReport(report);
  const browser = await launchChromium();
  try {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const page = await browser.newPage({ viewport });
      await page.goto(server.url);
      const target = path.join(outDir, `report-${name}.png`);
      await page.screenshot({ path: target, fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      console.log(`${target}${overflow > 0 ? `  (warning: ${overflow}px horizontal overflow)` : ""}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
