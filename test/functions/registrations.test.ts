/**
 * What the Functions host sees: the built app (`npm run build`, loaded through package.json "main",
 * exactly what is deployed) registers these functions with these triggers, routes, methods, auth
 * levels and schedules, and no others. The handler tests call handlers directly, so without this an
 * endpoint made anonymous, a route renamed or a timer bound to the wrong setting would go unnoticed.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { SETTINGS } from "../../shared/config.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

interface Binding {
  type: string;
  direction: "in" | "out";
  [setting: string]: unknown;
}
interface Registration {
  name: string;
  bindings: Record<string, Binding>;
}

/**
 * Every function the app must register, as the host reads it. Each keyed route (authLevel "function":
 * the host checks the function key) has a signed-in twin under sso/ that is anonymous to the host
 * because App Service Authentication signs the caller in and the handler checks the app role
 * (functions/lib/protectedRoute.ts). Only health is anonymous with no twin.
 */
const keyed = (name: string, route: string, method: string) => [
  { name, trigger: "httpTrigger", route, methods: [method], authLevel: "function" },
  { name: `${name}SignedIn`, trigger: "httpTrigger", route: `sso/${route}`, methods: [method], authLevel: "anonymous" },
];
const EXPECTED = [
  ...keyed("accept", "acceptances", "POST"),
  ...keyed("acceptances", "acceptances", "GET"),
  { name: "auditTimer", trigger: "timerTrigger", schedule: "%AUDIT_SCHEDULE%", runOnStartup: false, useMonitor: true },
  ...keyed("check", "check", "POST"),
  ...keyed("diff", "diff", "GET"),
  {
    name: "digestTimer",
    trigger: "timerTrigger",
    schedule: "%DIGEST_SCHEDULE%",
    runOnStartup: false,
    useMonitor: true,
  },
  ...keyed("exposure", "exposure", "GET"),
  ...keyed("revoke", "acceptances/{id}", "DELETE"),
  { name: "health", trigger: "httpTrigger", route: "health", methods: ["GET"], authLevel: "anonymous" },
  ...keyed("snapshot", "snapshots/{id}", "GET"),
  ...keyed("snapshots", "snapshots", "GET"),
  ...keyed("trend", "trend", "GET"),
];

/** The built entry files the package's "main" glob picks up. */
const ENTRY_FILES = [
  "accept",
  "acceptances",
  "auditTimer",
  "check",
  "diff",
  "digestTimer",
  "exposure",
  "health",
  "revoke",
  "snapshot",
  "snapshots",
  "trend",
];

/** The settings the host reads for one function, whatever the generated binding names are. */
export function describeRegistration({ name, bindings }: Registration): { name: string; [setting: string]: unknown } {
  const triggers = Object.values(bindings).filter((b) => b.direction === "in" && /Trigger$/.test(b.type));
  if (triggers.length !== 1) throw new Error(`${name}: expected one trigger binding, found ${triggers.length}`);
  const trigger = triggers[0]!;
  if (trigger.type === "httpTrigger") {
    if (bindings.$return?.type !== "http") throw new Error(`${name}: an HTTP trigger without an HTTP response`);
    const { route, methods, authLevel } = trigger;
    return { name, trigger: trigger.type, route, methods, authLevel };
  }
  if (trigger.type === "timerTrigger") {
    const { schedule, runOnStartup, useMonitor } = trigger;
    return { name, trigger: trigger.type, schedule, runOnStartup, useMonitor };
  }
  return { name, trigger: trigger.type };
}

let built: { files: string[]; registrations: Registration[] };

beforeAll(async () => {
  // The same build the deployment runs (it cleans dist first, so a deleted function cannot linger).
  await run("npm", ["run", "build"], { cwd: ROOT });
  const { stdout } = await run(process.execPath, [path.join(ROOT, "test/functions/listRegistrations.mjs"), ROOT], {
    cwd: ROOT,
  });
  built = JSON.parse(stdout) as typeof built;
}, 180_000);

describe("the built app's registrations", () => {
  it("are exactly the expected functions, triggers, routes, methods, auth levels and schedules", () => {
    const seen = built.registrations.map(describeRegistration).sort((a, b) => a.name.localeCompare(b.name));
    expect(seen).toEqual([...EXPECTED].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("come from the built files under the package's main glob", () => {
    expect(built.files).toEqual(ENTRY_FILES.map((name) => `dist/functions/${name}.js`));
  });

  it("bind each timer's schedule to a setting the app declares", () => {
    const schedules = EXPECTED.flatMap((f) => ("schedule" in f ? [f.schedule] : []));
    expect(schedules.length).toBeGreaterThan(0);
    for (const schedule of schedules) {
      const setting = /^%(\w+)%$/.exec(schedule)?.[1];
      expect(Object.keys(SETTINGS)).toContain(setting ?? schedule);
    }
  });
});
