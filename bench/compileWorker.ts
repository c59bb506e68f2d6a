/**
 * Compiles the audit worker and the product code it imports to plain JavaScript, as production
 * runs it (the Functions host loads dist/). Running the worker through the tsx loader instead
 * would add ~50 MiB of loader and source-map memory to every peak-RSS figure.
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Emits bench/auditWorker.ts and its imports under `outDir`; returns the worker's .js path. */
export async function compileWorker(root: string, outDir: string): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  // Same compiler settings as tsconfig.json; --noCheck: type checking is `npm run typecheck`'s job.
  const args = [
    tsc,
    path.join(root, "bench", "auditWorker.ts"),
    ...[
      "--outDir",
      outDir,
      "--rootDir",
      root,
      "--module",
      "NodeNext",
      "--moduleResolution",
      "NodeNext",
      "--target",
      "ES2022",
    ],
    ...[
      "--types",
      "node",
      "--esModuleInterop",
      "--resolveJsonModule",
      "--verbatimModuleSyntax",
      "--skipLibCheck",
      "--noCheck",
    ],
  ];
  try {
    await run(process.execPath, args, { cwd: root });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`compiling the audit worker failed:\n${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`, {
      cause: error,
    });
  }
  return path.join(outDir, "bench", "auditWorker.js");
}
