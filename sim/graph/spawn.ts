/**
 * The simulator in a child process, so a benchmark measures the product's memory and CPU without
 * the simulator's. The child prints one JSON line with its base URL; stats and faults go over the
 * /_sim control routes.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { FaultRule } from "./faults.js";
import type { GeneratedTenantOptions } from "./profiles/generated.js";
import type { SimStats } from "./server.js";
import type { ThrottlingMode } from "./throttling.js";

export interface SpawnedGraphSimulator {
  baseUrl: string;
  pid: number;
  stats(): Promise<SimStats>;
  resetStats(): Promise<void>;
  setFaults(rules: FaultRule[]): Promise<void>;
  setGrantedPermissions(permissions: string[]): Promise<void>;
  setThrottling(mode: ThrottlingMode): Promise<void>;
  mutate(name: string, args?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface SpawnOptions {
  profile: "demo" | GeneratedTenantOptions;
  port?: number;
  faults?: FaultRule[];
  grantedPermissions?: string[];
  timeFactor?: number;
  throttling?: ThrottlingMode;
}

export async function spawnGraphSimulator(options: SpawnOptions): Promise<SpawnedGraphSimulator> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From sources (tsx, vitest) the child runs child.ts through tsx's loader; from a build, child.js.
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = path.join(here, fromSource ? "child.ts" : "child.js");
  const loader = fromSource ? ["--import", createRequire(import.meta.url).resolve("tsx")] : [];
  const child = spawn(process.execPath, [...loader, entry], { stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.end(JSON.stringify(options));
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`The simulator child did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout.on("data", (d) => {
      out += String(d);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line) as { baseUrl: string }).baseUrl);
        } catch (err) {
          reject(err as Error);
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The simulator child exited with ${code}:\n${stderr}`));
    });
  });
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`Simulator control ${method} ${route} failed: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : ((await res.json()) as unknown);
  };
  return {
    baseUrl,
    pid: child.pid ?? -1,
    stats: async () => (await call("GET", "/_sim/stats")) as SimStats,
    resetStats: async () => void (await call("POST", "/_sim/stats/reset")),
    setFaults: async (rules) => void (await call("POST", "/_sim/faults", rules)),
    setGrantedPermissions: async (p) => void (await call("POST", "/_sim/permissions", p)),
    setThrottling: async (mode) => void (await call("POST", "/_sim/throttling", { mode })),
    mutate: async (name, args) =>
      ((await call("POST", `/_sim/mutations/${name}`, args ?? {})) as { result: unknown }).result,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
