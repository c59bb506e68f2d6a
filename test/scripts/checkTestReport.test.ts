/** CI's test verdict, on reports the real vitest JSON reporter wrote for small fixture suites. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { judgeTestReport, type VitestJsonReport } from "../../scripts/checkTestReport.js";

const run = promisify(execFile);
const FIXTURES = path.resolve(import.meta.dirname, "fixtures/reports");
const VITEST = path.resolve(import.meta.dirname, "../../node_modules/vitest/vitest.mjs");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function reportOf(file: string): Promise<VitestJsonReport> {
  const dir = await mkdtemp(path.join(tmpdir(), "wbw-report-"));
  dirs.push(dir);
  const out = path.join(dir, "report.json");
  // A failing fixture run exits non-zero: the report is what matters here.
  await run(process.execPath, [VITEST, "run", file, "--reporter=json", `--outputFile=${out}`], {
    cwd: FIXTURES,
  }).catch(() => undefined);
  return JSON.parse(await readFile(out, "utf8")) as VitestJsonReport;
}

describe("the test report verdict", () => {
  it("is green when every test ran and passed", async () => {
    const verdict = judgeTestReport(await reportOf("passing.fixture.ts"), FIXTURES);
    expect(verdict).toEqual({ ok: true, line: "1 passed, 0 failed, 0 skipped", problems: [] });
  });

  it("fails on a skipped test, a todo and a suite whose setup failed, though nothing failed outright", async () => {
    const report = await reportOf("skipping.fixture.ts");
    expect(report.numFailedTests).toBe(0);
    const verdict = judgeTestReport(report, FIXTURES);
    expect(verdict.ok).toBe(false);
    expect(verdict.line).toBe("1 passed, 0 failed, 3 skipped");
    expect(verdict.problems).toEqual([
      "skipping.fixture.ts: failed",
      "  skipped: is skipped",
      "  todo: is a todo",
      "  skipped: a suite whose service is missing never runs",
    ]);
  });
});
