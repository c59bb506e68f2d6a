/**
 * The lint rule that keeps deployed code (functions/, shared/) free of the stand-ins, tests,
 * benchmark and dev scripts (eslint.config.js) fires on each of them and on nothing else.
 */
import { ESLint } from "eslint";
import path from "node:path";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function restrictedImports(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").length;
}

describe("production import boundary", () => {
  it("rejects an import of sim/, test/, bench/ or scripts/ from functions/ and shared/", async () => {
    for (const target of ["sim/azurite.js", "test/store/fixtures.js", "bench/run.js", "scripts/chromium.js"]) {
      expect(await restrictedImports("shared/audit/planted.ts", `import "../../${target}";\n`)).toBe(1);
      expect(await restrictedImports("functions/planted.ts", `export { x } from "../${target}";\n`)).toBe(1);
      expect(await restrictedImports("shared/planted.ts", `import type { X } from "../${target}";\n`)).toBe(1);
    }
  });

  it("allows the same imports outside production code, and production code's own imports", async () => {
    expect(await restrictedImports("test/planted.test.ts", `import "../sim/azurite.js";\n`)).toBe(0);
    expect(await restrictedImports("bench/planted.ts", `import "../sim/azurite.js";\n`)).toBe(0);
    expect(await restrictedImports("functions/planted.ts", `import "../shared/audit/runAudit.js";\n`)).toBe(0);
    expect(await restrictedImports("shared/audit/planted.ts", `import "../snapshot/scope.js";\n`)).toBe(0);
  });
});
