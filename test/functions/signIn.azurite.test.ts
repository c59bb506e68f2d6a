/**
 * Who may call what: every protected endpoint × {no identity, wrong role, right role, function key},
 * through the handlers the app registers (functions/lib/protectedRoute.ts), against a real Azurite
 * with stored snapshots. The Functions host's own key check cannot run here (no Core Tools); what is
 * asserted about keyed routes is that they are registered with authLevel "function", so the host
 * refuses a request without a valid key before any code runs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpHandler, HttpRequest, InvocationContext } from "@azure/functions";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores } from "../../shared/store/createTableStores.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import { resetAppContext } from "../../functions/lib/appContext.js";
import { APP_ROLES } from "../../functions/lib/appRoles.js";
import {
  LOGIN_PATH,
  registeredRoutes,
  SIGNED_IN_PREFIX,
  type RegisteredRoute,
} from "../../functions/lib/protectedRoute.js";
import { getHealthHandler } from "../../functions/health.js";
import "../../functions/exposure.js";
import "../../functions/snapshots.js";
import "../../functions/snapshot.js";
import "../../functions/diff.js";
import "../../functions/check.js";
import "../../functions/trend.js";
import "../../functions/acceptances.js";
import { callHttp, setEnv, type CallOptions } from "./harness.js";
import { principalHeader } from "./principal.js";
import { SEED_TENANT, seedId, seedSnapshot } from "./seed.js";

let azurite: RunningAzurite;
let restoreEnv: () => void;
const ids: string[] = [];

/** A request each endpoint answers with 200 when authorised (ids filled in once snapshots exist). */
const REQUESTS: Record<string, () => Omit<CallOptions, "path">> = {
  exposure: () => ({}),
  snapshots: () => ({ query: { pageSize: "5" } }),
  snapshot: () => ({ params: { id: ids[1]! } }),
  diff: () => ({ query: { from: ids[0]!, to: ids[1]! } }),
  check: () => ({ method: "POST" }),
  trend: () => ({}),
  acceptances: () => ({}),
};

const pairs = () => {
  const routes = registeredRoutes();
  return [...new Set(routes.map((r) => r.declaration.name))].map((name) => ({
    name,
    keyed: routes.find((r) => r.name === name)!,
    signedIn: routes.find((r) => r.name === `${name}SignedIn`)!,
  }));
};

async function call(route: RegisteredRoute, headers: Record<string, string> = {}, extra: Partial<CallOptions> = {}) {
  const request = REQUESTS[route.declaration.name]!();
  const handler = route.handler as (r: HttpRequest, c: InvocationContext) => ReturnType<HttpHandler>;
  return callHttp(async (r, c) => (await handler(r, c)) ?? {}, {
    method: route.methods[0],
    path: route.route.replace("{id}", request.params?.id ?? ""),
    ...request,
    ...extra,
    headers: { ...request.headers, ...headers, ...extra.headers },
  });
}

beforeAll(async () => {
  azurite = await startAzurite();
  restoreEnv = setEnv({
    AUDIT_STORAGE: azurite.connectionString,
    TENANT_ID: SEED_TENANT,
    CHECK_MIN_AGE: "1h",
    ALERT_RECIPIENTS: undefined,
    ALERT_RECIPIENTS_GROUP_ID: undefined,
    WEBSITE_AUTH_ENABLED: "True",
  });
  resetAppContext();
  const stores = await createTableStores({ connectionString: azurite.connectionString });
  for (const [i, minutes] of [20, 10].entries()) {
    const takenAt = new Date(Date.now() - minutes * 60_000).toISOString();
    const snapshot = seedSnapshot({ id: seedId(takenAt, `a${i}`), takenAt, resetters: 2 + i });
    await stores.snapshots.saveSnapshot(snapshot, computeExposure(snapshot));
    ids.push(snapshot.id);
  }
  await stores.state.setLastRun({ tenantId: SEED_TENANT, at: new Date().toISOString(), status: "ok" });
});

afterAll(async () => {
  restoreEnv?.();
  resetAppContext();
  await azurite?.stop();
});

describe("route registrations", () => {
  it("every protected endpoint has a keyed route (authLevel function) and a signed-in one (anonymous, /sso/, with a role)", () => {
    const all = pairs();
    expect(all.map((p) => p.name).sort()).toEqual(Object.keys(REQUESTS).sort());
    for (const { name, keyed, signedIn } of all) {
      expect(keyed, name).toMatchObject({ authLevel: "function" });
      expect(keyed.role, name).toBeUndefined();
      expect(signedIn, name).toMatchObject({ authLevel: "anonymous", route: `${SIGNED_IN_PREFIX}/${keyed.route}` });
      expect(Object.values(APP_ROLES).map((r) => r.value)).toContain(signedIn.role);
    }
    expect(all.find((p) => p.name === "check")!.signedIn.role).toBe(APP_ROLES.auditRun.value);
    expect(all.find((p) => p.name === "exposure")!.signedIn.role).toBe(APP_ROLES.exposureRead.value);
  });

  it("only /api/health registers itself outside protectedRoute, anonymously", () => {
    const dir = join(import.meta.dirname, "..", "..", "functions");
    const direct = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && /\bapp\.http\(/.test(readFileSync(join(dir, f), "utf8")))
      .sort();
    expect(direct).toEqual(["health.ts"]);
    expect(readFileSync(join(dir, "health.ts"), "utf8")).toMatch(/authLevel: "anonymous", route: "health"/);
  });
});

describe.each(["exposure", "snapshots", "snapshot", "diff", "check", "trend", "acceptances"])("%s", (name) => {
  const pair = () => pairs().find((p) => p.name === name)!;
  const rightRole = () => pair().signedIn.role!;
  const wrongRole = () => Object.values(APP_ROLES).find((r) => r.value !== rightRole())!.value;

  it("no identity: the signed-in route answers 401 (API client) and runs nothing", async () => {
    const r = await call(pair().signedIn);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ type: "urn:writeback-watch:problem:unauthenticated" });
    expect(r.headers.get("www-authenticate")).toBe("Bearer");
    expect(r.text).not.toContain(SEED_TENANT);
  });

  it("wrong role: 403 naming the role it needs, no tenant data", async () => {
    const r = await call(pair().signedIn, { "x-ms-client-principal": principalHeader({ roles: [wrongRole()] }) });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ type: "urn:writeback-watch:problem:forbidden", requiredRole: rightRole() });
    expect(r.text).not.toContain(SEED_TENANT);
    expect(r.logs.join("\n")).toContain('"event":"auth.forbidden"');
  });

  it("right role: the same answer as the keyed route gives", async () => {
    const signedIn = await call(pair().signedIn, {
      "x-ms-client-principal": principalHeader({ roles: [rightRole()] }),
    });
    const keyed = await call(pair().keyed);
    expect(signedIn.status).toBe(200);
    expect(keyed.status).toBe(200);
    const strip = (b: unknown) => JSON.parse(JSON.stringify(b, (k, v) => (k === "ageSeconds" ? undefined : v)));
    expect(strip(signedIn.body)).toEqual(strip(keyed.body));
  });

  it("function key: admitted on the keyed route (the host checked it), worthless on the signed-in route", async () => {
    const keyHeaders = { "x-functions-key": "a-function-key" };
    const keyed = await call(pair().keyed, keyHeaders);
    expect(keyed.status).toBe(200);
    const signedIn = await call(pair().signedIn, keyHeaders, {
      query: { ...REQUESTS[name]!().query, code: "a-function-key" },
    });
    expect(signedIn.status).toBe(401);
  });

  it("a forged principal is refused while App Service Authentication is not in front of the app", async () => {
    const restore = setEnv({ WEBSITE_AUTH_ENABLED: undefined });
    try {
      const r = await call(pair().signedIn, { "x-ms-client-principal": principalHeader({ roles: [rightRole()] }) });
      expect(r.status).toBe(401);
      expect(r.text).not.toContain(SEED_TENANT);
    } finally {
      restore();
    }
  });
});

describe("single sign-on from the email link", () => {
  it("a browser without a session is sent to sign in and back to the report it asked for", async () => {
    const exposure = pairs().find((p) => p.name === "exposure")!;
    const r = await call(
      exposure.signedIn,
      { accept: "text/html,application/xhtml+xml" },
      { query: { format: "html" } },
    );
    expect(r.status).toBe(302);
    const location = new URL(r.headers.get("location")!, "https://app.example");
    expect(location.pathname).toBe(LOGIN_PATH);
    expect(location.searchParams.get("post_login_redirect_uri")).toBe("/api/sso/exposure?format=html");
  });

  it("the signed-in report is the HTML report with its CSP", async () => {
    const exposure = pairs().find((p) => p.name === "exposure")!;
    const r = await call(
      exposure.signedIn,
      { accept: "text/html", "x-ms-client-principal": principalHeader({ roles: ["Exposure.Read"] }) },
      { query: { format: "html" } },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
  });

  it("POST to a signed-in route without identity gets 401, never a redirect", async () => {
    const check = pairs().find((p) => p.name === "check")!;
    const r = await call(check.signedIn, { accept: "text/html" });
    expect(r.status).toBe(401);
  });
});

describe("/api/health", () => {
  it("stays anonymous and tenant-free with or without an identity", async () => {
    const withIdentity: Record<string, string> = {
      "x-ms-client-principal": principalHeader({ roles: ["Exposure.Read"] }),
    };
    for (const headers of [{}, withIdentity]) {
      const r = await callHttp(getHealthHandler, { path: "health", headers });
      expect(r.status).toBe(200);
      expect(Object.keys(r.body as object).sort()).toEqual(["configValid", "lastRun", "status", "storageReachable"]);
      expect(r.text).not.toContain(SEED_TENANT);
    }
  });
});
