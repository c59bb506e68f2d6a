#!/usr/bin/env node
// Entry point of the `writeback-watch` command.
// Runs the compiled CLI (dist/, from `npm run build`) when it exists: no TypeScript tooling at run time.
// In a checkout without a build it runs the TypeScript source through tsx from node_modules (a dev
// dependency), so `npx writeback-watch audit` works straight after `npm install`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/shared/cli/main.js", import.meta.url);
const source = new URL("../shared/cli/main.ts", import.meta.url);

let cli;
if (existsSync(fileURLToPath(built))) {
  cli = await import(built.href);
} else {
  let tsImport;
  try {
    ({ tsImport } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write(
      "writeback-watch: not built and tsx is not installed. Run `npm install` then `npm run build`.\n",
    );
    process.exit(1);
  }
  cli = await tsImport(source.href, import.meta.url);
}
process.exitCode = await cli.main(process.argv.slice(2));
