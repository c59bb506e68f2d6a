/**
 * The one place that decides which Chromium the browser tests, the screenshot script and CI use:
 * CHROMIUM_PATH when set (it must then point at an executable: a wrong value is an error, never a
 * silent fallback), else the first `chromium` on PATH, as `command -v chromium` would find it. No
 * Chromium is an error that says how to get one, so a browser suite fails instead of skipping.
 *
 *   npx tsx scripts/chromium.ts    # prints the path, or exits 1 with the reason (used by .ci/run)
 */
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";

/** Flags for headless Chromium in containers and CI: no sandbox (often no user namespaces), no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const HOW_TO_GET_IT =
  "Install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.";

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file. ${HOW_TO_GET_IT}`);
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "chromium");
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new Error(`No chromium on PATH and CHROMIUM_PATH is not set. ${HOW_TO_GET_IT}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(`${findChromium()}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
