/**
 * CI's verdict on a vitest run, from its JSON report: green only when every test ran and passed.
 * A skipped, pending or todo test fails the run as surely as a failing one, because a suite that
 * skips when its service is missing (Chromium, say) would otherwise let CI pass without testing.
 *
 *   npx tsx scripts/checkTestReport.ts [out/vitest-results.json]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** The parts of vitest's JSON reporter output (Jest-compatible shape) this check reads. */
export interface VitestJsonReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

export interface TestReportVerdict {
  ok: boolean;
  /** One plain line: "N passed, N failed, N skipped" (todo tests count as skipped). */
  line: string;
  /** Why the run is not green, one item per file or test. */
  problems: string[];
}

export function judgeTestReport(report: VitestJsonReport, root = ""): TestReportVerdict {
  const relative = (file: string) => (root && file.startsWith(root) ? file.slice(root.length + 1) : file);
  const problems: string[] = [];
  for (const file of report.testResults) {
    if (file.status !== "passed")
      problems.push(`${relative(file.name)}: ${file.status}${file.message ? ` (${file.message.split("\n")[0]})` : ""}`);
    for (const test of file.assertionResults) {
      if (test.status !== "passed") problems.push(`  ${test.status}: ${test.fullName}`);
    }
  }
  if (report.numTotalTests === 0) problems.push("no tests ran");
  const notPassed = report.numFailedTests + report.numPendingTests + report.numTodoTests;
  const ok =
    report.success && notPassed === 0 && report.numPassedTests === report.numTotalTests && problems.length === 0;
  if (!ok && problems.length === 0) problems.push("vitest reported the run as unsuccessful");
  return {
    ok,
    line: `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
    problems,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? "out/vitest-results.json";
  const verdict = judgeTestReport(JSON.parse(readFileSync(file, "utf8")) as VitestJsonReport, process.cwd());
  console.log(verdict.line);
  if (!verdict.ok) {
    console.error(`CI fails: every test must run and pass.\n${verdict.problems.join("\n")}`);
    process.exitCode = 1;
  }
}
