/**
 * The HTTP functions against a real Azurite, with snapshots stored through the real store and
 * exposures recomputed by the real model. Handlers are called directly (no Core Tools host).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import { annotateExposure } from "../../shared/acceptance/annotateExposure.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { diffExposures } from "../../shared/diff/diffExposures.js";
import { AUDIT_LEASE } from "../../shared/audit/runAudit.js";
import { resetAppContext } from "../../functions/lib/appContext.js";
import { getExposure } from "../../functions/exposure.js";
import { listSnapshotsHandler } from "../../functions/snapshots.js";
import { getSnapshot } from "../../functions/snapshot.js";
import { getDiff } from "../../functions/diff.js";
import { postCheck } from "../../functions/check.js";
import { getHealthHandler } from "../../functions/health.js";
import { getTrendHandler } from "../../functions/trend.js";
import { buildTrend } from "../../shared/report/trend.js";
import { loadTrend } from "../../shared/audit/loadTrend.js";
import { auditTimer } from "../../functions/auditTimer.js";
import { reportContentSecurityPolicy } from "../../shared/report/htmlReportStyle.js";
import type { Snapshot } from "../../shared/snapshot/types.js";
import { UserError } from "../../shared/errors.js";
import { TableClient } from "@azure/data-tables";
import { corruptChunk } from "../audit/snapshotDamage.js";
import { callHttp, callTimer, setEnv, withAppSettings } from "./harness.js";
import { HOSTILE_NAME, SEED_TENANT, seedId, seedSnapshot } from "./seed.js";

let azurite: RunningAzurite;
let stores: TableStores;
let restoreEnv: () => void;
const seeded: Snapshot[] = [];

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function store(snapshot: Snapshot): Promise<void> {
  const previous = seeded.at(-1);
  const exposure = computeExposure(snapshot);
  await stores.snapshots.saveSnapshot(snapshot, exposure);
  if (previous) await stores.changes.saveChanges(diffExposures(computeExposure(previous), exposure));
  await stores.state.setLastRun({
    tenantId: SEED_TENANT,
    at: snapshot.takenAt,
    status: "ok",
    snapshotId: snapshot.id,
    durationMs: 1234,
  });
  seeded.push(snapshot);
}

/** A store whose every method rejects with `error` (whichever one the readers happen to use). */
function failing<T extends object>(target: T, error: Error): T {
  return new Proxy(target, {
    get: (t, prop, receiver) => {
      const value: unknown = Reflect.get(t, prop, receiver);
      return typeof value === "function" ? () => Promise.reject(error) : value;
    },
  });
}

function expectProblem(
  r: { status: number; headers: Headers; body: unknown },
  status: number,
  type: string,
): Record<string, unknown> {
  expect(r.status).toBe(status);
  expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = r.body as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: `urn:writeback-watch:problem:${type}` });
  expect(typeof body.title).toBe("string");
  return body;
}

beforeAll(async () => {
  azurite = await startAzurite();
  restoreEnv = setEnv({
    AUDIT_STORAGE: azurite.connectionString,
    TENANT_ID: SEED_TENANT,
    CHECK_MIN_AGE: "10m",
    LEASE_SECONDS: "300",
    ALERT_RECIPIENTS: undefined,
    ALERT_RECIPIENTS_GROUP_ID: undefined,
    REPORT_URL: "https://app.example/api/exposure?format=html",
  });
  resetAppContext();
  stores = await createTableStores({ connectionString: azurite.connectionString });
});

afterAll(async () => {
  restoreEnv?.();
  resetAppContext();
  await azurite?.stop();
});

describe("before the first audit", () => {
  it("GET exposure answers 404 with a problem body saying how to get a snapshot", async () => {
    const r = await callHttp(getExposure, { path: "exposure" });
    const body = expectProblem(r, 404, "not-found");
    expect(body.detail).toMatch(/POST \/api\/check/);
  });

  it("GET snapshots answers an empty page", async () => {
    const r = await callHttp(listSnapshotsHandler, { path: "snapshots" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ items: [] });
  });
});

describe("with stored snapshots", () => {
  beforeAll(async () => {
    // Five snapshots, oldest first; the newest two are younger than CHECK_MIN_AGE.
    const times = [minutesAgo(300), minutesAgo(240), minutesAgo(180), minutesAgo(5), minutesAgo(2)];
    for (const [i, takenAt] of times.entries()) {
      await store(seedSnapshot({ id: seedId(takenAt, `s${i}`), takenAt, resetters: i === 4 ? 3 : 2 }));
    }
  });

  it("GET exposure returns the latest exposure as JSON, recomputed by the model, with recent changes", async () => {
    const r = await callHttp(getExposure, { path: "exposure" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("cache-control")).toBe("no-store");
    const body = r.body as {
      exposure: unknown;
      summary: { snapshotId: string };
      recentChanges: { direction: string }[];
    };
    const latest = seeded.at(-1)!;
    expect(body.summary.snapshotId).toBe(latest.id);
    // With the acceptances applied (none here): every finding as computed, the headline's unaccepted figures equal.
    const none = { acceptances: [], problems: [], overridden: [] };
    expect(body.exposure).toEqual(annotateExposure(computeExposure(latest), none, new Date()));
    expect(body.recentChanges.some((c) => c.direction === "increase")).toBe(true);
  });

  it("GET exposure serves the HTML report with its CSP for ?format=html and for browsers", async () => {
    for (const options of [
      { query: { format: "html" } },
      { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } },
    ]) {
      const r = await callHttp(getExposure, { path: "exposure", ...options });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(r.headers.get("content-security-policy")).toBe(reportContentSecurityPolicy());
      expect(r.headers.get("content-security-policy")).toMatch(
        /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'/,
      );
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.text).toContain("Password writeback exposure");
      expect(r.text).not.toContain(HOSTILE_NAME);
      expect(r.text).toContain("&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;");
    }
  });

  it("GET exposure keeps JSON for API clients and refuses an unknown format", async () => {
    const api = await callHttp(getExposure, { path: "exposure", headers: { accept: "*/*" } });
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
    const bad = await callHttp(getExposure, { path: "exposure", query: { format: "xml" } });
    expect(expectProblem(bad, 400, "invalid-parameter").parameter).toBe("format");
  });

  it("GET snapshots pages newest first with a continuation token", async () => {
    const ids: string[] = [];
    let token: string | undefined;
    const pageSizes: number[] = [];
    do {
      const r = await callHttp(listSnapshotsHandler, {
        path: "snapshots",
        query: { pageSize: "2", ...(token ? { continuationToken: token } : {}) },
      });
      expect(r.status).toBe(200);
      const page = r.body as { items: { snapshotId: string }[]; continuationToken?: string };
      pageSizes.push(page.items.length);
      ids.push(...page.items.map((s) => s.snapshotId));
      token = page.continuationToken;
    } while (token && pageSizes.length < 10);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(ids).toEqual(seeded.map((s) => s.id).reverse());
  });

  it("GET snapshots refuses a page size outside 1-100 and a forged continuation token", async () => {
    for (const pageSize of ["0", "101", "abc", "2.5"]) {
      const r = await callHttp(listSnapshotsHandler, { path: "snapshots", query: { pageSize } });
      expect(expectProblem(r, 400, "invalid-parameter").parameter).toBe("pageSize");
    }
    for (const continuationToken of ["not base64!", Buffer.from("[1,2]").toString("base64"), "eyJub3QiOiJqc29u"]) {
      const r = await callHttp(listSnapshotsHandler, { path: "snapshots", query: { continuationToken } });
      expect(expectProblem(r, 400, "invalid-parameter").parameter).toBe("continuationToken");
    }
  });

  it("GET snapshots/{id} returns that snapshot; a malformed id is 400 before any lookup, an unknown one 404", async () => {
    const target = seeded[1]!;
    const ok = await callHttp(getSnapshot, { path: `snapshots/${target.id}`, params: { id: target.id } });
    expect(ok.status).toBe(200);
    const body = ok.body as { summary: { snapshotId: string }; exposure: unknown };
    expect(body.summary.snapshotId).toBe(target.id);
    expect(body.exposure).toEqual(computeExposure(target));

    for (const id of ["../state", "a'b", "x y", "snap#1", "-leading-dash", "z".repeat(129)]) {
      const bad = await callHttp(getSnapshot, { path: "snapshots/x", params: { id } });
      expect(expectProblem(bad, 400, "invalid-parameter").parameter).toBe("id");
    }
    const missing = await callHttp(getSnapshot, { path: "snapshots/x", params: { id: "20000101T000000000Z-none" } });
    expectProblem(missing, 404, "not-found");
  });

  it("GET diff compares two snapshots; bad or unknown ids are 400 / 404", async () => {
    const from = seeded[3]!;
    const to = seeded[4]!;
    const r = await callHttp(getDiff, { path: "diff", query: { from: from.id, to: to.id } });
    expect(r.status).toBe(200);
    const diff = r.body as {
      fromSnapshotId: string;
      toSnapshotId: string;
      changes: { direction: string; key: string }[];
    };
    expect(diff).toEqual(JSON.parse(JSON.stringify(diffExposures(computeExposure(from), computeExposure(to)))));
    expect(diff.changes.filter((c) => c.direction === "increase").map((c) => c.key)).toContain(
      computeExposure(to).findings.find((f) => f.principal?.displayName === "Helpdesk 2")!.key,
    );

    expect(
      expectProblem(await callHttp(getDiff, { path: "diff", query: { from: from.id } }), 400, "invalid-parameter")
        .parameter,
    ).toBe("to");
    expect(
      expectProblem(
        await callHttp(getDiff, { path: "diff", query: { from: "a/b", to: to.id } }),
        400,
        "invalid-parameter",
      ).parameter,
    ).toBe("from");
    expectProblem(
      await callHttp(getDiff, { path: "diff", query: { from: "20000101T000000000Z-none", to: to.id } }),
      404,
      "not-found",
    );
  });

  it("GET trend returns one point per stored snapshot, oldest first, marking the snapshot that alerted", async () => {
    const alerted = seeded[4]!;
    await stores.outbox.enqueue([
      {
        tenantId: SEED_TENANT,
        dedupeKey: `${alerted.id}|secops@contoso.example`,
        kind: "alert",
        snapshotId: alerted.id,
        recipient: "secops@contoso.example",
        subject: "Password writeback exposure increased",
        html: "<p>x</p>",
        text: "x",
        createdAt: alerted.takenAt,
        status: "sent",
        attempts: 1,
        sentAt: alerted.takenAt,
      },
    ]);
    const r = await callHttp(getTrendHandler, { path: "trend" });
    expect(r.status).toBe(200);
    const trend = r.body as ReturnType<typeof buildTrend>;
    expect(trend.points.map((p) => p.snapshotId)).toEqual(seeded.map((s) => s.id));
    const summaries = (await stores.snapshots.listSummaries(SEED_TENANT, { pageSize: 100 })).items;
    expect(trend).toEqual(buildTrend(SEED_TENANT, summaries, await stores.outbox.listSent(SEED_TENANT)));
    expect(trend.points.map((p) => p.alertsSent)).toEqual([0, 0, 0, 0, 1]);
    expect(trend.points.at(-1)!.resetters).toBe(computeExposure(alerted).headline.resetters);

    // days reaches back from now (every seeded snapshot is younger than a day); since cuts the walk.
    const recent = await callHttp(getTrendHandler, { path: "trend", query: { days: "1" } });
    expect((recent.body as typeof trend).points).toHaveLength(seeded.length);
    const since = await loadTrend(stores, SEED_TENANT, { since: new Date(seeded[3]!.takenAt) });
    expect(since.points.map((p) => p.snapshotId)).toEqual(seeded.slice(3).map((s) => s.id));
    for (const days of ["0", "-1", "1.5", "x", "99999"]) {
      const bad = await callHttp(getTrendHandler, { path: "trend", query: { days } });
      expect(expectProblem(bad, 400, "invalid-parameter").parameter).toBe("days");
    }

    // The HTML report charts the same points.
    const page = await callHttp(getExposure, { path: "exposure", query: { format: "html" } });
    expect(page.text).toContain(`${seeded.length} snapshots from`);
    expect([...page.text.matchAll(/data-mark="alert"/g)]).toHaveLength(4);
  });

  it("POST check returns the latest snapshot, not a new audit, while it is younger than CHECK_MIN_AGE", async () => {
    const r = await callHttp(postCheck, { method: "POST", path: "check" });
    expect(r.status).toBe(200);
    const body = r.body as { fresh: boolean; ageSeconds: number; summary: { snapshotId: string } };
    expect(body.fresh).toBe(false);
    expect(body.summary.snapshotId).toBe(seeded.at(-1)!.id);
    expect(body.ageSeconds).toBeGreaterThanOrEqual(100);
    expect(body.ageSeconds).toBeLessThan(600);
  });

  it("POST check?force=true answers 409 with Retry-After while another audit holds the lease", async () => {
    const lease = await stores.leases.acquire(AUDIT_LEASE, "another-instance", 120);
    try {
      const r = await callHttp(postCheck, { method: "POST", path: "check", query: { force: "true" } });
      const body = expectProblem(r, 409, "audit-running");
      const retryAfter = Number(r.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(120);
      expect(body.retryAfterSeconds).toBe(retryAfter);

      // The timer meets the same lease: it logs the skip and ends without an error.
      const timer = await callTimer(auditTimer, "auditTimer");
      expect(timer.error).toBeUndefined();
      const line = timer.logs.map((l) => l.replace(/^\w+: /, "")).find((l) => l.includes("audit.skipped"));
      expect(JSON.parse(line!)).toMatchObject({
        event: "audit.skipped",
        reason: "lease-held",
        leaseExpiresAt: lease.expiresAt,
      });
    } finally {
      await stores.leases.release(lease);
    }
  });

  it("POST check refuses a force value that is not a boolean", async () => {
    const r = await callHttp(postCheck, { method: "POST", path: "check", query: { force: "yes please" } });
    expect(expectProblem(r, 400, "invalid-parameter").parameter).toBe("force");
  });

  it("GET health reports config, storage and the last run, and nothing about the tenant", async () => {
    const r = await callHttp(getHealthHandler, { path: "health" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: "ok",
      configValid: true,
      storageReachable: true,
      lastRun: { at: seeded.at(-1)!.takenAt, status: "ok", durationMs: 1234 },
    });
    expect(r.text).not.toContain(SEED_TENANT);
    expect(r.text).not.toContain(seeded.at(-1)!.id);
  });
});

describe("failures", () => {
  afterAll(() => resetAppContext());

  it("an internal failure is a 500 with the invocation id as correlation id, details only in the log", async () => {
    const real = await createTableStores({ connectionString: azurite.connectionString });
    const secretish = `Table service exploded for ${SEED_TENANT} (${HOSTILE_NAME}) AccountKey=c2VjcmV0LWtleQ==`;
    resetAppContext({
      stores: {
        ...real,
        snapshots: failing(real.snapshots, new Error(secretish)),
      },
    });
    const r = await callHttp(listSnapshotsHandler, { path: "snapshots" });
    expect(r.status).toBe(500);
    expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(r.body).toEqual({
      type: "urn:writeback-watch:problem:internal-error",
      title: "Internal error",
      status: 500,
      correlationId: r.invocationId,
    });
    expect(r.text).not.toMatch(/exploded|AccountKey|at .*\.ts|script/);
    const logged = r.logs.join("\n");
    expect(logged).toContain(r.invocationId);
    expect(logged).toContain("Table service exploded");
    expect(logged).toContain("AccountKey=[redacted]");
    expect(logged).not.toContain("c2VjcmV0LWtleQ==");
  });

  it("a UserError from below the handler (stored data, not the request) is a 500, not a 400", async () => {
    const real = await createTableStores({ connectionString: azurite.connectionString });
    resetAppContext({
      stores: {
        ...real,
        snapshots: failing(
          real.snapshots,
          new UserError('Tenant id "unknown" is not a GUID; pass the directory (tenant) id.'),
        ),
      },
    });
    const r = await callHttp(getExposure, { path: "exposure" });
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ title: "Internal error", correlationId: r.invocationId });
    expect(r.text).not.toContain("GUID");
    expect(r.logs.join("\n")).toMatch(/Operator error .*not a GUID/);
  });

  it("invalid settings: every HTTP function answers 500 naming the settings; health says configValid false", async () => {
    await withAppSettings({ RETENTION_DAYS: "forever", CHECK_MIN_AGE: "soon" }, async () => {
      for (const [handler, path] of [
        [getExposure, "exposure"],
        [listSnapshotsHandler, "snapshots"],
        [postCheck, "check"],
      ] as const) {
        const r = await callHttp(handler, { method: path === "check" ? "POST" : "GET", path });
        const body = expectProblem(r, 500, "configuration-invalid");
        expect(body.title).toBe("Configuration invalid");
        expect(body.detail).toMatch(/RETENTION_DAYS, CHECK_MIN_AGE|CHECK_MIN_AGE, RETENTION_DAYS/);
        expect(r.text).not.toContain("forever");
      }
      const health = await callHttp(getHealthHandler, { path: "health" });
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: "unhealthy", configValid: false, storageReachable: false });
    });
  });

  it("unreachable storage: health answers 503 storageReachable false, and the next call retries", async () => {
    const unreachable = azurite.connectionString.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:9");
    await withAppSettings({ AUDIT_STORAGE: unreachable }, async () => {
      const r = await callHttp(getHealthHandler, { path: "health" });
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: "unhealthy", configValid: true, storageReachable: false });
    });
    const again = await callHttp(getHealthHandler, { path: "health" });
    expect(again.status).toBe(200);
  });

  // Last: it damages the newest seeded snapshot.
  it("a damaged newest snapshot: exposure serves the one before and says so; snapshots/{id} of it is problem+json", async () => {
    resetAppContext();
    const newest = seeded.at(-1)!;
    const before = seeded.at(-2)!;
    const table = TableClient.fromConnectionString(azurite.connectionString, "snapshots", {
      allowInsecureConnection: true,
    });
    await corruptChunk(table, SEED_TENANT, newest.id);

    const damaged = await callHttp(getSnapshot, { path: `snapshots/${newest.id}`, params: { id: newest.id } });
    const body = expectProblem(damaged, 500, "snapshot-unreadable");
    expect(body.snapshotId).toBe(newest.id);
    expect(body.detail).toMatch(/is damaged \(.*SHA-256.*\).*GET \/api\/exposure/);
    expect(damaged.text).not.toContain(HOSTILE_NAME);

    const report = await callHttp(getExposure, { path: "exposure" });
    expect(report.status).toBe(200);
    const json = report.body as { summary: { snapshotId: string }; olderThanNewest?: { detail: string } };
    expect(json.summary.snapshotId).toBe(before.id);
    expect(json.olderThanNewest?.detail).toContain(newest.id);
    const page = await callHttp(getExposure, { path: "exposure", query: { format: "html" } });
    expect(page.text).toMatch(
      /data-note="olderThanNewest"><strong>This is not the newest snapshot\.<\/strong> The newest snapshot /,
    );
  });
});
