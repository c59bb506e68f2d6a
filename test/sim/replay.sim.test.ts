/**
 * Recordings of tenants: `audit --record` keeps every Graph exchange with personal data
 * pseudonymized, and the replay (sim/graph/replay) serves it back. A recording replayed gives the
 * exposure the live audit computed (names replaced by their pseudonyms, nothing else changed),
 * throttling and paging included; the demo tenant ships as one recording under test/recordings.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../shared/cli/main.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { Exposure } from "../../shared/exposure/types.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import { createPseudonymizer } from "../../shared/graph/recording/pseudonymize.js";
import { DirectoryRecording } from "../../shared/graph/recording/recordingDirectory.js";
import {
  buildTenant,
  mintToken,
  startGraphSimulator,
  startReplayServer,
  type FaultRule,
  type GraphSimulatorOptions,
} from "../../sim/graph/index.js";

const TOKEN = mintToken({ roles: REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission), idtyp: "app" });
const AT = new Date("2026-11-30T09:00:00.000Z");
const SINCE = new Date(Date.now() - 30 * 86_400_000).toISOString();
const SHIPPED = path.resolve(import.meta.dirname, "../recordings");

const scratch = mkdtempSync(path.join(os.tmpdir(), "ww-recording-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Audit {
  exposure: Exposure;
  retries: number;
}

async function audit(baseUrl: string, options: { recording?: DirectoryRecording; since?: string; now?: Date } = {}) {
  const graph = createGraphClient({
    graphBaseUrl: baseUrl,
    accessToken: TOKEN,
    maxRetries: 3,
    retryDelayScale: 0.001,
    ...(options.recording ? { recording: options.recording } : {}),
  });
  const snapshot = await collectSnapshot(graph, {
    declaredWriteback: "unset",
    auditSince: options.since ?? SINCE,
    now: () => options.now ?? AT,
  });
  return { exposure: computeExposure(snapshot), retries: graph.stats().retries } satisfies Audit;
}

/** Records a live audit of a simulated tenant; returns it with the directory and the pseudonyms used. */
async function recordLive(name: string, profile: GraphSimulatorOptions["profile"], faults: FaultRule[] = []) {
  const sim = await startGraphSimulator({ profile, faults });
  try {
    const directory = path.join(scratch, name);
    const recording = new DirectoryRecording(directory, new URL(sim.baseUrl).origin, () => AT, createPseudonymizer());
    const live = await audit(sim.baseUrl, { recording });
    recording.save();
    return { live, directory, issued: recording.pseudonyms.issued() };
  } finally {
    await sim.close();
  }
}

/**
 * An exposure compared as content: its random snapshot id left out, and lists in a fixed order
 * (what the audit sorts by name comes out in another order once names are pseudonyms).
 */
function content(exposure: Exposure): unknown {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (typeof v === "object" && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
    return v;
  };
  const { snapshotId: _id, ...rest } = exposure;
  return canonical(rest);
}

/** The live exposure with every name the recording replaced swapped for its pseudonym. */
function withPseudonyms<T>(value: T, issued: ReadonlyMap<string, string>): T {
  const originals = [...issued.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(originals.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return originals.length ? v.replace(pattern, (m) => issued.get(m)!) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

interface Line {
  method: string;
  url: string;
  status: number;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  responseBody?: { responses?: { status: number; headers?: Record<string, string> }[] };
  requestBody?: { requests?: { url: string }[] };
}

function lines(directory: string): Line[] {
  return readFileSync(path.join(directory, "exchanges.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function replayed(directory: string, options: { since?: string; now?: Date } = {}) {
  const replay = await startReplayServer({ directory });
  try {
    const result = await audit(replay.baseUrl, options);
    return { ...result, misses: replay.misses(), served: replay.served() };
  } finally {
    await replay.close();
  }
}

describe("a recording replayed", () => {
  it("gives the live audit's exposure, throttling included (429 and 503 with Retry-After, retried alike)", async () => {
    const { live, directory, issued } = await recordLive("demo-throttled", "demo", [
      {
        match: { section: "syncedUsers" },
        effect: { type: "status", status: 429, retryAfterSeconds: 2 },
        when: { first: 1 },
      },
      {
        match: { section: "groupMembers" },
        effect: { type: "status", status: 503, retryAfterSeconds: 1 },
        when: { first: 2 },
      },
    ]);
    expect(live.retries).toBeGreaterThan(0);
    // Throttled answers are kept with their Retry-After, inside a $batch too.
    const answers = lines(directory).flatMap((e) => [
      { status: e.status, headers: e.responseHeaders },
      ...(e.responseBody?.responses ?? []),
    ]);
    for (const status of [429, 503]) {
      expect(
        answers.some((a) => a.status === status && Object.keys(a.headers ?? {}).some((h) => /^retry-after$/i.test(h))),
        String(status),
      ).toBe(true);
    }
    expect(issued.size).toBeGreaterThan(20);

    const again = await replayed(directory);
    expect(again.misses).toEqual([]);
    expect(again.retries).toBe(live.retries);
    expect(content(again.exposure)).toEqual(content(withPseudonyms(live.exposure, issued)));
    // Not vacuous: the exposure has findings, and their names are the pseudonyms.
    expect(again.exposure.findings.length).toBeGreaterThan(5);
    expect(JSON.stringify(again.exposure)).toMatch(/n-[0-9a-f]{10}/);
  });

  it("follows the recorded paging links to the replay's own origin, and answers a later audit-log window", async () => {
    const { live, directory, issued } = await recordLive("generated-paged", {
      seed: "replay",
      users: 3_000,
      syncedShare: 0.7,
    });
    const recorded = lines(directory);
    // Paging links are followed on their own or, most often, as $batch items.
    const requested = recorded.flatMap((e) => [e.url, ...(e.requestBody?.requests ?? []).map((r) => r.url)]);
    expect(requested.filter((url) => /\$skiptoken=/i.test(url)).length).toBeGreaterThan(1);
    const again = await replayed(directory);
    expect(again.misses).toEqual([]);
    expect(content(again.exposure)).toEqual(content(withPseudonyms(live.exposure, issued)));
    expect(again.exposure.headline.syncedUsers).toBe(live.exposure.headline.syncedUsers);

    // Replayed a day later: the audit-log window moves, the recording still answers it.
    const later = await replayed(directory, { since: new Date(Date.parse(SINCE) + 86_400_000).toISOString() });
    expect(later.misses).toEqual([]);
  });

  it("answers what it never saw with a Graph-shaped 404, and says so", async () => {
    const { directory } = await recordLive("demo-plain", "demo");
    const replay = await startReplayServer({ directory });
    try {
      const r = await fetch(`${replay.baseUrl}/v1.0/users/not-recorded?$select=id`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("Request_ResourceNotFound");
      expect(replay.misses()).toEqual(["GET /v1.0/users/not-recorded?$select=id"]);
    } finally {
      await replay.close();
    }
  });
});

describe("writeback-watch audit --record DIR", () => {
  it("writes a recording without the tenant's names, sign-in names or mail", async () => {
    const sim = await startGraphSimulator({ profile: "demo" });
    const directory = path.join(scratch, "cli");
    let stderr = "";
    try {
      const code = await main(["audit", "--json", "--graph-url", sim.baseUrl, "--record", directory], {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        env: { GRAPH_ACCESS_TOKEN: TOKEN },
        isTty: false,
      });
      expect(code).toBe(0);
    } finally {
      await sim.close();
    }
    expect(stderr).toContain(`pseudonymized, in ${directory}`);
    const manifest = JSON.parse(readFileSync(path.join(directory, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ format: "writeback-watch-graph-recording", version: 1 });
    const recorded = lines(directory);
    expect(recorded).toHaveLength(manifest.exchanges);
    const strings = JSON.stringify(recorded);
    // No credential: neither the token nor an Authorization header.
    expect(strings).not.toContain(TOKEN.split(".")[1]);
    expect(recorded.every((e) => !Object.keys(e.requestHeaders).some((h) => /^authorization$/i.test(h)))).toBe(true);

    const tenant = buildTenant("demo");
    const personal = new Set<string>();
    for (const u of tenant.users.all().slice(0, tenant.users.count)) {
      for (const v of [u.displayName, u.userPrincipalName, u.mail, u.onPremisesDistinguishedName])
        if (v) personal.add(v);
    }
    for (const g of tenant.groups.values()) personal.add(g.displayName);
    for (const a of tenant.administrativeUnits.values()) personal.add(a.displayName);
    expect(personal.size).toBeGreaterThan(50);
    const values = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === "string") values.add(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (typeof v === "object" && v !== null) Object.values(v).forEach(collect);
    };
    collect(recorded);
    for (const name of personal) expect(values.has(name), name).toBe(false);
    // Ids stay: the demo's users are still there, by id.
    const someId = tenant.users.all().slice(0, 1)[0]!.id;
    expect(strings).toContain(someId);
  });
});

describe("npm run sim -- --replay DIR", () => {
  it("serves the recording as a process, prints its base URL and names what it was never asked", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join(root, "sim/graph/main.ts"), "--replay", path.join(SHIPPED, "demo")],
      { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const closed = new Promise((resolve) => child.on("close", resolve));
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          stdout += d;
          const url = /base URL:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
          if (url) resolve(url);
        });
        child.on("close", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const live = await audit(baseUrl);
      expect(live.exposure.coverage.filter((c) => c.status === "ok").length).toBeGreaterThan(5);
      expect((await fetch(`${baseUrl}/v1.0/users/not-recorded`)).status).toBe(404);
      await expect.poll(() => stderr).toContain("not in the recording (answered 404): GET /v1.0/users/not-recorded");
    } finally {
      child.kill("SIGTERM");
      await closed;
    }
  });
});

describe("the shipped recordings (test/recordings)", () => {
  const shipped = readdirSync(SHIPPED, { withFileTypes: true }).filter((d) => d.isDirectory());

  it("include the demo tenant", () => {
    expect(shipped.map((d) => d.name)).toContain("demo");
  });

  it("demo gives the live demo audit's figures, findings by id (rerun scripts/record-demo.ts after a demo change)", async () => {
    // The demo tenant's dates are relative to its build time: built at the recording's time, and both
    // audits run at it, the figures do not drift as the recording ages.
    const directory = path.join(SHIPPED, "demo");
    const recordedAt = new Date(JSON.parse(readFileSync(path.join(directory, "manifest.json"), "utf8")).recordedAt);
    const at = { now: recordedAt, since: new Date(recordedAt.getTime() - 30 * 86_400_000).toISOString() };
    const sim = await startGraphSimulator({ profile: "demo", tenant: buildTenant("demo", recordedAt.getTime()) });
    let live: Audit;
    try {
      live = await audit(sim.baseUrl, at);
    } finally {
      await sim.close();
    }
    const again = await replayed(directory, at);
    expect(again.misses).toEqual([]);
    // Names are pseudonyms in the recording; ids, figures and severities are not.
    const figures = (e: Exposure) => ({
      headline: e.headline,
      writeback: e.writeback.state,
      coverage: e.coverage.map((c) => [c.section, c.status]),
      findings: e.findings.map((f) => [f.key, f.severity, f.reach.syncedUsers]).sort(),
    });
    expect(figures(again.exposure)).toEqual(figures(live.exposure));
    expect(live.exposure.findings.length).toBeGreaterThan(5);
  });

  it.each(shipped.map((d) => [d.name]))("%s replays into a complete audit", async (name) => {
    const again = await replayed(path.join(SHIPPED, name));
    expect(again.misses).toEqual([]);
    expect(again.served).toBeGreaterThan(10);
    const unknown = again.exposure.coverage.filter((c) => c.status === "unknown");
    expect(unknown.length).toBeLessThan(again.exposure.coverage.length);
    if (name === "demo") {
      // Recorded app-only, as deployed: onPremisesSynchronization's Application row says "Not supported".
      expect(unknown.map((c) => c.section)).toEqual(["syncFeatures"]);
      expect(again.exposure.headline.resetPaths).toBeGreaterThan(0);
    }
  });
});
