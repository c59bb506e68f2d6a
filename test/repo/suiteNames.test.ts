/**
 * A suite that starts a service says so in its file name, so a contributor can tell fast in-memory
 * suites from ones that spawn Azurite, the simulators or Chromium (and filter on the suffix):
 * `*.browser.test.ts` (headless Chromium), else `*.azurite.test.ts` (Azurite, with or without the
 * stand-ins), else `*.sim.test.ts` (the Graph simulator, the ACS Email stand-in or a channel stand-in from sim/). A suite
 * that starts nothing carries no suffix. Scripted one-off HTTP servers written inside a test are
 * fixtures, not services.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const TEST_ROOT = path.resolve(import.meta.dirname, "..");

/** Calls that start a service, by the suffix they require (strongest first). */
const STARTERS: [suffix: string, starts: RegExp][] = [
  ["browser", /\b(chromium\.launch|launchChromium)\(/],
  ["azurite", /\b(startAzurite|startAzuriteBlob|azuriteStoresForSuite|startLocalStack|stackPerTest|runDemo)\(/],
  [
    "sim",
    /\b(startGraphSimulator|spawnGraphSimulator|simulatorForSuite|startAcsEmailSimulator|startTeamsWorkflowSimulator|startWebhookReceiver|startLogsIngestionSimulator)\(/,
  ],
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

export function requiredSuffix(source: string): string | undefined {
  return STARTERS.find(([, starts]) => starts.test(source))?.[0];
}

function actualSuffix(file: string): string | undefined {
  const match = /\.(browser|azurite|sim)\.test\.ts$/.exec(file);
  return match?.[1];
}

describe("suite file names", () => {
  it("classify the starters by the strongest service", () => {
    expect(requiredSuffix("const sim = await startGraphSimulator({});")).toBe("sim");
    expect(requiredSuffix("await startAzurite(); await startGraphSimulator({});")).toBe("azurite");
    expect(requiredSuffix("await chromium.launch({}); await startAzurite();")).toBe("browser");
    expect(requiredSuffix('import { startAzurite } from "../../sim/azurite.js";')).toBeUndefined();
  });

  it("carry the suffix of the service they start, and no suffix when they start none", () => {
    const files = testFiles(TEST_ROOT);
    expect(files.length).toBeGreaterThan(40);
    const wrong = files
      .map((file) => ({
        file: path.relative(TEST_ROOT, file),
        required: requiredSuffix(readFileSync(file, "utf8")),
        actual: actualSuffix(file),
      }))
      .filter(({ required, actual, file }) => required !== actual && file !== path.join("repo", "suiteNames.test.ts"));
    expect(wrong).toEqual([]);
  });
});
