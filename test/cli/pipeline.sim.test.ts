/**
 * The CLI in a pipeline against the Graph simulator (main() in-process, and a real process where the
 * exit status and streams of the process itself are the point): audits saved with --json and
 * compared offline by `diff` (the timer's rules and change objects), --fail-on's exit code 3,
 * findings as CSV a spreadsheet cannot be tricked by, the HTML report written to a file, per-verb help
 * and one message with exit code 2 for anything the command line gets wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { DEFAULT_GRANTED_PERMISSIONS, DEMO, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { diffSnapshots } from "../../shared/diff/diffSnapshots.js";
import type { Diff } from "../../shared/diff/types.js";
import { parseAuditDocument, type AuditDocument } from "../../shared/cli/auditDocument.js";
import { blockingFindings } from "../../shared/exposure/blockingFindings.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import { runCli, runMain, type Run } from "./run.js";

let sim: GraphSimulator;
let dir: string;
const TOKEN = { GRAPH_ACCESS_TOKEN: "fake" };
const file = (name: string) => path.join(dir, name);
/** What the product grants, less some (the simulator's default grants every documented alternative). */
const grantedWithout = (...withheld: string[]) =>
  REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission).filter((p) => !withheld.includes(p));
const audit = (...args: string[]) => runMain(["audit", "--graph-url", sim.baseUrl, ...args], TOKEN);

/** Runs `audit --json` and saves what it printed, as a pipeline step would. */
async function saveAudit(name: string): Promise<AuditDocument> {
  const r = await audit("--json");
  expect(r.code, r.stderr).toBe(0);
  await writeFile(file(name), r.stdout);
  return JSON.parse(r.stdout) as AuditDocument;
}

function oneMessage(r: Run, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines[0]).toMatch(/^writeback-watch: /);
  expect(lines[0]).toMatch(pattern);
  // The problem, then at most the hint to the verb's help.
  expect(lines.length).toBeLessThanOrEqual(2);
}

beforeAll(async () => {
  sim = await startGraphSimulator({ profile: "demo", timeFactor: 0 });
  dir = await mkdtemp(path.join(tmpdir(), "wbw-pipeline-"));
});

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("diff of two saved audits", () => {
  let before: AuditDocument;
  let after: AuditDocument;
  let diff: Diff;

  beforeAll(async () => {
    before = await saveAudit("before.json");
    sim.mutate.escalation(); // a synced user made Helpdesk Administrator, SSPR widened to all
    after = await saveAudit("after.json");
    // A real process: what a pipeline step runs.
    const r = await runCli(["diff", file("before.json"), file("after.json"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    diff = JSON.parse(r.stdout) as Diff;
  });

  it("prints the change objects the timer stores: the diff of the same two snapshots", () => {
    const timer = diffSnapshots({ snapshot: before.snapshot }, { snapshot: after.snapshot });
    expect(diff).toEqual(JSON.parse(JSON.stringify(timer)));
    expect(diff).toMatchObject({ fromSnapshotId: before.snapshotId, toSnapshotId: after.snapshotId, baseline: false });
    for (const c of diff.changes) {
      expect(c).toEqual(
        expect.objectContaining({
          key: expect.any(String),
          direction: expect.stringMatching(/^(increase|decrease|neutral)$/),
          severity: expect.any(String),
          summary: expect.any(String),
        }),
      );
    }
    const eve = diff.changes.find((c) => c.after?.principal?.displayName?.startsWith("Eve Escalated"));
    expect(eve).toMatchObject({ direction: "increase", severity: "critical", type: "added" });
    expect(diff.changes.find((c) => c.key === "sspr:users")).toMatchObject({ direction: "increase", severity: "high" });
  });

  it("prints the same changes as text, with the headline before and after", async () => {
    const r = await runMain(["diff", file("before.json"), file("after.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`writeback-watch diff — tenant ${DEMO.tenantId}`);
    expect(r.stdout).toContain(
      `Headline: reset-to-on-prem paths ${before.headline.resetPaths}, resetters ${before.headline.resetters} → reset-to-on-prem paths ${after.headline.resetPaths}, resetters ${after.headline.resetters}`,
    );
    const increases = r.stdout.split("\n").filter((l) => l.startsWith("  ▲ "));
    expect(increases).toHaveLength(diff.changes.filter((c) => c.direction === "increase").length);
    expect(r.stdout).toMatch(/▲ CRITICAL New reset path: Eve Escalated \(synced\)/);
  });

  it("an audit whose sections were unreadable yields neutral coverage changes only", async () => {
    // Directory.Read.All is a documented alternative for group members: withheld with them.
    sim.setGrantedPermissions(grantedWithout("GroupMember.Read.All", "AuditLog.Read.All", "Directory.Read.All"));
    try {
      const partial = await saveAudit("partial.json");
      expect(partial.coverage.filter((c) => c.status === "unknown").map((c) => c.section)).toEqual(
        expect.arrayContaining(["groupMembers", "auditEvents"]),
      );
      // The figures did move (group paths are unknown now)...
      expect(partial.headline.resetPaths).not.toBe(after.headline.resetPaths);
      const r = await runMain(["diff", file("after.json"), file("partial.json"), "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const lost = JSON.parse(r.stdout) as Diff;
      // ...but nothing changed in the tenant: only coverage lines, all neutral.
      expect(lost.changes.length).toBeGreaterThan(0);
      expect(lost.changes.every((c) => c.direction === "neutral" && c.type === "coverage")).toBe(true);
      expect(lost.changes.map((c) => c.key)).toEqual(
        expect.arrayContaining(["coverage:groupMembers", "coverage:auditEvents"]),
      );
    } finally {
      sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    }
  });

  it("refuses files that are not saved audits, the wrong order and two tenants, with one message", async () => {
    await writeFile(file("exposure-only.json"), JSON.stringify({ ...after, format: undefined, snapshot: undefined }));
    await writeFile(file("not-json.json"), "{ nope");
    await writeFile(file("future.json"), JSON.stringify({ ...after, formatVersion: 99 }));
    await writeFile(
      file("other-tenant.json"),
      JSON.stringify({ ...after, snapshot: { ...after.snapshot, tenantId: "00000000-0000-4000-8000-000000000001" } }),
    );
    const cases: Array<[string[], RegExp]> = [
      [[file("before.json"), file("missing.json")], /missing\.json: no such file/],
      [[file("before.json"), file("not-json.json")], /not a saved audit \(not JSON\)/],
      [[file("before.json"), file("exposure-only.json")], /no "format" and no "snapshot"/],
      [[file("before.json"), file("future.json")], /format version 99; this release reads version 1/],
      [[file("after.json"), file("before.json")], /is newer than .*give the older audit first/],
      [[file("before.json"), file("other-tenant.json")], /only audits of one tenant compare/],
      [[file("before.json")], /diff needs <before\.json> <after\.json>/],
    ];
    for (const [args, pattern] of cases) oneMessage(await runMain(["diff", ...args]), pattern);
  });
});

describe("--fail-on", () => {
  it("exits 3 when a finding at or above the severity exists, after printing the report", async () => {
    // A real process: its exit status is what fails the pipeline.
    const r = await runCli(["audit", "--graph-url", sim.baseUrl, "--json", "--fail-on", "critical"], TOKEN);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as AuditDocument;
    const critical = blockingFindings(doc, "critical").length;
    expect(critical).toBeGreaterThan(0);
    expect(r.stderr).toBe(
      `writeback-watch: ${critical} findings at or above critical (--fail-on): ${critical} critical.\n`,
    );
  });

  it("exits 0 when none is, and says so when unread sections may hide findings", async () => {
    // Without role assignments there is no reset path: nothing critical is left to find.
    // Directory.Read.All is a documented alternative for role assignments: withheld with it.
    sim.setGrantedPermissions(grantedWithout("RoleManagement.Read.Directory", "Directory.Read.All"));
    try {
      const r = await audit("--fail-on", "critical");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Coverage gaps/m);
      expect(r.stderr).toMatch(
        /^writeback-watch: \d+ of 13 sections could not be read \(.*roleAssignments.*\); findings that need them are missing, so --fail-on critical checked a partial audit\.$/m,
      );
    } finally {
      sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    }
  });

  it("works on a saved audit through report, and takes any severity name", async () => {
    await saveAudit("now.json");
    const saved = parseAuditDocument(await readFile(file("now.json"), "utf8"), "now.json");
    const r = await runMain(["report", file("now.json"), "--format", "json", "--fail-on", "LOW"]);
    expect(r.code).toBe(blockingFindings(saved.exposure, "low").length > 0 ? 3 : 0);
    oneMessage(await audit("--fail-on", "severe"), /--fail-on must be one of critical, high, medium, low, info/);
  });
});

describe("--fail-on with an acceptances file (ACCEPTANCES_FILE)", () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  /** An acceptances file entry per finding, as a team would commit it. */
  const entries = (findings: AuditDocument["findings"]) =>
    findings.map((f, i) => ({
      id: `accepted-${i}`,
      key: f.key,
      owner: "secops@contoso-demo.example",
      reason: "Reviewed in the quarterly access review",
      accepted: day(-1),
      until: day(30),
      upTo: { severity: f.severity, syncedUsers: f.reach.syncedUsers },
    }));

  it("blocks only on findings no acceptance covers, and says how many were accepted", async () => {
    const doc = await saveAudit("for-acceptances.json");
    const critical = doc.findings.filter((f) => f.severity === "critical");
    expect(critical.length).toBeGreaterThan(1);
    const acceptancesFile = file("acceptances.json");
    await writeFile(acceptancesFile, JSON.stringify({ acceptances: entries(critical.slice(1)) }));
    const env = { ...TOKEN, ACCEPTANCES_FILE: acceptancesFile };

    const one = await runMain(["audit", "--graph-url", sim.baseUrl, "--json", "--fail-on", "critical"], env);
    expect(one.code).toBe(3);
    expect(one.stderr).toBe(
      `writeback-watch: 1 finding at or above critical (--fail-on): 1 critical (${critical.length - 1} accepted, not counted).\n`,
    );
    // The printed document shows each acceptance on its finding.
    const printed = JSON.parse(one.stdout) as AuditDocument;
    expect(printed.findings.filter((f) => f.acceptance?.status === "accepted")).toHaveLength(critical.length - 1);

    await writeFile(acceptancesFile, JSON.stringify({ acceptances: entries(critical) }));
    const none = await runMain(
      ["report", file("for-acceptances.json"), "--format", "csv", "--fail-on", "critical"],
      env,
    );
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toBe(
      `writeback-watch: no unaccepted finding at or above critical (${critical.length} accepted, not counted).\n`,
    );
  });

  it("a file that cannot be used is named on stderr and accepts nothing", async () => {
    await saveAudit("for-bad-acceptances.json");
    const env = { ACCEPTANCES_FILE: file("no-such-acceptances.json") };
    const r = await runMain(["report", file("for-bad-acceptances.json"), "--fail-on", "critical"], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^writeback-watch: acceptances file .*no-such-acceptances\.json could not be read \(.*\); no finding is accepted\.$/m,
    );
    expect(r.stderr).toMatch(/findings at or above critical \(--fail-on\)/);
  });
});

describe("findings as CSV", () => {
  it("one RFC 4180 record per finding; tenant strings read back intact and formulas neutralised", async () => {
    sim.mutate.setDisplayName(DEMO.helpdeskSyncedUserId, '=HYPERLINK("https://evil.example","Hank, the helpdesk")');
    try {
      const json = JSON.parse((await audit("--json")).stdout) as AuditDocument;
      const r = await audit("--format", "csv");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      // CRLF between records (RFC 4180, 2.1), the header first (2.3).
      expect(r.stdout.endsWith("\r\n")).toBe(true);
      const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(json.findings.length);
      expect(rows.map((row) => row.key)).toEqual(json.findings.map((f) => f.key));
      const hank = rows.find((row) => row.principalUpn === "hank@contoso-demo.example")!;
      expect(hank.principal).toBe(`'=HYPERLINK("https://evil.example","Hank, the helpdesk")`);
      expect(hank.title!.startsWith("'=HYPERLINK")).toBe(true);
      // Quotes, commas and the hostile names of the demo survive quoting.
      const pat = rows.find((row) => row.principal === `Pat "<b>AU</b>" Password`);
      expect(pat?.scopeName).toBe("Branch Office – Leeds");
      expect(Number(hank.syncedUsersReached)).toBe(
        json.findings.find((f) => f.principal?.id === DEMO.helpdeskSyncedUserId && f.kind === "reset-path")!.reach
          .syncedUsers,
      );
    } finally {
      sim.mutate.setDisplayName(DEMO.helpdeskSyncedUserId, "Hank Helpdesk");
    }
  });
});

describe("report --html", () => {
  it("writes the HTML report of a saved audit to a file, escaped, with its CSP and no stored history", async () => {
    await saveAudit("for-html.json");
    const out = file("report.html");
    const r = await runMain(["report", file("for-html.json"), "--html", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/wrote the HTML report of snapshot \S+ to .*report\.html/);
    const html = await readFile(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Pat &quot;&lt;b&gt;AU&lt;/b&gt;&quot; Password");
    expect(html).not.toContain("<b>AU</b>");
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/,
    );
    expect(html).not.toContain('id="h-trend"');
    expect(html).not.toContain('id="h-changes"');
    expect(html).toContain("Rendered from one audit by the writeback-watch CLI");
  });

  it("audits first when no saved audit is given; bad combinations are one message", async () => {
    const out = file("fresh.html");
    const r = await runMain(["report", "--html", out, "--graph-url", sim.baseUrl], TOKEN);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(out, "utf8")).toContain(DEMO.tenantId);
    oneMessage(
      await runMain(["report", file("for-html.json"), "--tenant", DEMO.tenantId]),
      /--graph-url and --tenant apply when no saved audit is given/,
    );
    oneMessage(
      await runMain(["report", file("for-html.json"), "--html", out, "--format", "csv"]),
      /--html writes a file; --format prints to stdout/,
    );
    oneMessage(
      await runMain(["report", file("for-html.json"), "--html", path.join(dir, "no/such/dir/r.html")]),
      /Cannot write/,
    );
  });
});

describe("help and bad arguments", () => {
  it("each verb's --help is its own, exit 0", async () => {
    for (const verb of ["audit", "report", "diff", "snapshots", "trend", "accept", "acceptances", "revoke"]) {
      const r = await runMain([verb, "--help"]);
      expect(r.code, verb).toBe(0);
      expect(r.stdout, verb).toMatch(new RegExp(`^Usage: writeback-watch ${verb} `));
      expect(r.stderr).toBe("");
    }
    expect((await runMain(["diff", "--help"])).stdout).not.toContain("--graph-url");
    expect((await runMain(["help", "snapshots"])).stdout).toMatch(/^Usage: writeback-watch snapshots/);
  });

  it("an unknown verb, an option of another verb or a missing command: one message, exit 2", async () => {
    // A real process first: one line on stderr, exit status 2.
    oneMessage(await runCli(["frobnicate"]), /Unknown command "frobnicate"/);
    oneMessage(await runMain([]), /Missing command/);
    oneMessage(await runMain(["--json"]), /Missing command before "--json"/);
    oneMessage(
      await runMain(["diff", "a.json", "b.json", "--graph-url", "https://g.example"]),
      /Unknown option '--graph-url'/,
    );
    oneMessage(await runMain(["snapshots", "--limit", "0"]), /--limit must be a whole number/);
    oneMessage(await runMain(["audit", "--json", "--format", "csv"]), /--json and --format csv disagree/);
    oneMessage(await runMain(["audit", "extra"]), /Unexpected argument "extra"/);
  });
});
