/**
 * The audit path through the functions, end to end: timers and POST /api/check against the Graph
 * simulator (demo tenant), a real Azurite and the ACS Email simulator, called as the host would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { DEMO, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { startAcsEmailSimulator, type RunningAcsEmailSimulator } from "../../sim/acs/startAcsEmailSimulator.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { resetAppContext } from "../../functions/lib/appContext.js";
import { auditTimer } from "../../functions/auditTimer.js";
import { digestTimer } from "../../functions/digestTimer.js";
import { postCheck } from "../../functions/check.js";
import { getExposure } from "../../functions/exposure.js";
import { getHealthHandler } from "../../functions/health.js";
import { callHttp, callTimer, setEnv } from "./harness.js";

const RECIPIENT = "secops@contoso.example";
const HOSTILE = `<img src=x onerror=alert(1)> "Eve"`;

let azurite: RunningAzurite;
let graph: GraphSimulator;
let acs: RunningAcsEmailSimulator;
let restoreEnv: () => void;

function jsonLine(logs: string[], event: string): Record<string, unknown> {
  const line = logs.map((l) => l.replace(/^\w+: /, "")).find((l) => l.includes(`"event":"${event}"`));
  expect(line, `a log line with event ${event} in:\n${logs.join("\n")}`).toBeDefined();
  return JSON.parse(line!) as Record<string, unknown>;
}

beforeAll(async () => {
  [azurite, graph, acs] = await Promise.all([
    startAzurite(),
    startGraphSimulator({ profile: "demo", timeFactor: 0 }),
    startAcsEmailSimulator(),
  ]);
  restoreEnv = setEnv({
    AUDIT_STORAGE: azurite.connectionString,
    GRAPH_BASE_URL: graph.baseUrl,
    TENANT_ID: undefined,
    CHECK_MIN_AGE: "10m",
    // Every 15 minutes on weekdays from 08:00 to 18:45: the longest wait is Friday 18:45 to Monday 08:00.
    AUDIT_SCHEDULE: "0 */15 8-18 * * 1-5",
    ALERT_RECIPIENTS: RECIPIENT,
    ALERT_RECIPIENTS_GROUP_ID: undefined,
    ALERT_MIN_SEVERITY: "high",
    MAIL_FROM: "DoNotReply@writeback-watch.example",
    ACS_CONNECTION_STRING: acs.connectionString,
    ACS_ENDPOINT: undefined,
    REPORT_URL: "https://app.example/api/exposure?format=html",
  });
  // Only the Graph token differs from production wiring: the simulator accepts a fixed fake one.
  resetAppContext({ graph: simClient() });
});

afterAll(async () => {
  restoreEnv?.();
  resetAppContext();
  await Promise.all([azurite?.stop(), graph?.close(), acs?.close()]);
});

/** A Graph client on the simulator, as the suite's context uses (for tests that reset the context). */
const simClient = () =>
  createGraphClient({
    graphBaseUrl: graph.baseUrl,
    accessToken: "fake-sim-token",
    maxRetries: 2,
    retryDelayScale: 0.001,
    // The suite's simulators do not enforce Graph's reports limit (vitest.config.ts).
    rateLimits: "none",
  });

describe("audit through the functions", () => {
  it("the audit timer takes a baseline and logs one structured summary line", async () => {
    const { logs, error } = await callTimer(auditTimer, "auditTimer");
    expect(error).toBeUndefined();
    const line = jsonLine(logs, "audit.completed");
    expect(line).toMatchObject({ trigger: "timer", tenantId: DEMO.tenantId, baseline: true, alerts: { sent: 0 } });
    const headline = line.headline as { resetters: number; resetPaths: number };
    expect(headline.resetters).toBeGreaterThan(0);
    expect(headline.resetPaths).toBeGreaterThan(0);
    expect(line).toHaveProperty("changes.increase");
    expect(line).toHaveProperty("durationMs");
    expect(Array.isArray(line.coverageGaps)).toBe(true);
    // The watchdog counts this line: its outcome and the headline it reports.
    expect(line.outcome).toBe((line.coverageGaps as string[]).length === 0 ? "ok" : "partial");
    expect(typeof line.criticalFindings).toBe("number");
    // ...and the interval the app derives from AUDIT_SCHEDULE, which the watchdog measures silence in.
    expect(line.intervalMinutes).toBe((2 * 24 + 13) * 60 + 15);
    expect(logs.find((l) => l.includes("audit.completed"))).toContain('{"event":"audit.completed",');
    // Figures and ids only: no display names or UPNs of the tenant in the log.
    expect(logs.join("\n")).not.toContain(DEMO.domain);
    expect(acs.messages).toHaveLength(0);
  });

  it("POST check right after answers with that snapshot (fresh: false) without calling Graph", async () => {
    graph.resetStats();
    const r = await callHttp(postCheck, { method: "POST", path: "check" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ fresh: false });
    expect(graph.stats().totalRequests).toBe(0);
  });

  it("POST check?force=true audits now, finds the escalation, and emails the owners once", async () => {
    const { userId } = graph.mutate.escalation();
    graph.mutate.setDisplayName(userId, HOSTILE);
    const r = await callHttp(postCheck, { method: "POST", path: "check", query: { force: "true" } });
    expect(r.status).toBe(200);
    const body = r.body as {
      fresh: boolean;
      diff: { baseline: boolean; changes: { direction: string; after?: { principal?: { id: string } } }[] };
      alerts: { sent: number };
    };
    expect(body.fresh).toBe(true);
    expect(body.diff.baseline).toBe(false);
    expect(body.diff.changes.some((c) => c.direction === "increase" && c.after?.principal?.id === userId)).toBe(true);
    expect(body.alerts.sent).toBe(1);
    expect(acs.messages).toHaveLength(1);
    expect(acs.messages[0]!.to).toEqual([RECIPIENT]);
    expect(jsonLine(r.logs, "audit.completed")).toMatchObject({ trigger: "http", baseline: false });
  });

  it("the HTML report then shows the new resetter, escaped", async () => {
    const r = await callHttp(getExposure, { path: "exposure", query: { format: "html" } });
    expect(r.status).toBe(200);
    expect(r.text).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;Eve&quot;");
    expect(r.text).not.toContain("<img");
    expect(r.text).toMatch(/Exposure increased/);
  });

  it("the digest timer sends the period's summary", async () => {
    const before = acs.messages.length;
    const { logs, error } = await callTimer(digestTimer, "digestTimer");
    expect(error).toBeUndefined();
    const line = jsonLine(logs, "digest.completed");
    expect(line).toMatchObject({ tenantId: DEMO.tenantId, sent: 1, failed: 0 });
    expect(line.changes as number).toBeGreaterThan(0);
    expect(acs.messages).toHaveLength(before + 1);
  });

  it("permissions revoked one by one, then restored: the timer neither fails nor emails, and the report stays", async () => {
    const { DEFAULT_GRANTED_PERMISSIONS } = await import("../../sim/graph/index.js");
    const sent = acs.messages.length;
    // Organization.Read.All among them: with TENANT_ID unset the tenant comes from the previous run.
    for (const revoked of ["RoleManagement.Read.Directory", "GroupMember.Read.All", "Organization.Read.All"]) {
      // Directory.Read.All is a documented alternative for each of them: withheld with it.
      graph.setGrantedPermissions(
        DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== revoked && p !== "Directory.Read.All"),
      );
      const lost = await callTimer(auditTimer, "auditTimer");
      expect(lost.error, revoked).toBeUndefined();
      const line = jsonLine(lost.logs, "audit.completed");
      expect(line, revoked).toMatchObject({ tenantId: DEMO.tenantId, changes: { increase: 0, decrease: 0 } });
      expect((line.coverageGaps as string[]).length, revoked).toBeGreaterThan(0);
      graph.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
      const back = await callTimer(auditTimer, "auditTimer");
      expect(back.error, revoked).toBeUndefined();
      expect(jsonLine(back.logs, "audit.completed"), revoked).toMatchObject({
        changes: { increase: 0, decrease: 0 },
        coverageGaps: [],
      });
    }
    expect(acs.messages).toHaveLength(sent);
  });

  it("health reports the last run without tenant data", async () => {
    const r = await callHttp(getHealthHandler, { path: "health" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      configValid: true,
      storageReachable: true,
      lastRun: { status: expect.stringMatching(/^(ok|partial)$/) },
    });
    expect(r.text).not.toContain(DEMO.tenantId);
  });

  it("the digest timer stops at its hard stop when ACS stalls, and fails without hanging", async () => {
    acs.setFaults([{ status: 0, stall: true, times: Infinity }]);
    resetAppContext({ graph: simClient(), timeLimits: { collectMs: 300, stopMs: 500 } });
    try {
      // Without the stop, each of the sender's tries would wait its own 60 s limit.
      const { logs, error } = await callTimer(digestTimer, "digestTimer");
      expect(error).toBeInstanceOf(Error);
      expect(jsonLine(logs, "digest.failed").error).toMatch(/abort|timeout/i);
    } finally {
      acs.setFaults([]);
      resetAppContext({ graph: simClient() });
    }
  });

  it("the timer passes its deadline down: a trickled section ends as timeout and the run is still stored", async () => {
    // One byte every 200 ms: the page would take many minutes; the deadline (injected: 800 ms) ends it.
    // An AU's members are read after the first requests, so only that section is held up.
    graph.setFaults([
      { match: { path: "/directory/administrativeUnits/*/members/**" }, effect: { type: "trickle", intervalMs: 200 } },
    ]);
    resetAppContext({ graph: simClient(), timeLimits: { collectMs: 800, stopMs: 60_000 } });
    try {
      const { logs, error } = await callTimer(auditTimer, "auditTimer");
      expect(error).toBeUndefined();
      const line = jsonLine(logs, "audit.completed");
      expect(line.coverageGaps).toContain("administrativeUnits");
      const check = await callHttp(getExposure, { path: "exposure" });
      const report = check.body as { exposure: { coverage: { section: string; reason?: string }[] } };
      const units = report.exposure.coverage.find((c) => c.section === "administrativeUnits");
      expect(units?.reason).toBe("timeout");
      // The on-demand check passes the same deadline down.
      const forced = await callHttp(postCheck, { method: "POST", path: "check", query: { force: "true" } });
      expect(forced.status).toBe(200);
      expect((forced.body as { coverageGaps: string[] }).coverageGaps).toContain("administrativeUnits");
    } finally {
      graph.setFaults([]);
      resetAppContext({ graph: simClient() });
    }
  });
});
