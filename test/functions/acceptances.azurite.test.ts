/**
 * /api/acceptances through the handlers the app registers, against a real Azurite holding a stored
 * audit: who may accept (Acceptances.Write signed in, or a function key), who is recorded (the
 * signed-in principal, or "function key" with the owner the caller names), bad input answered 400
 * with every problem and the closest keys while nothing is written, revoke by id, and the
 * acceptance shown on the finding in GET /api/exposure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpHandler, HttpRequest, InvocationContext } from "@azure/functions";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import type { Exposure } from "../../shared/exposure/types.js";
import type { AcceptanceEvent } from "../../shared/acceptance/types.js";
import type { AcceptancesListing } from "../../shared/audit/acceptances.js";
import { resetAppContext } from "../../functions/lib/appContext.js";
import { registeredRoutes } from "../../functions/lib/protectedRoute.js";
import "../../functions/acceptances.js";
import "../../functions/accept.js";
import "../../functions/revoke.js";
import "../../functions/exposure.js";
import { callHttp, setEnv, type CallOptions } from "./harness.js";
import { principalHeader } from "./principal.js";
import { SEED_TENANT, seedResetPathKeys, storeHourlySnapshots } from "./seed.js";

let azurite: RunningAzurite;
let stores: TableStores;
let restoreEnv: () => void;

const route = (name: string) => registeredRoutes().find((r) => r.name === name)!;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const writer = {
  "x-ms-client-principal": principalHeader({ roles: ["Acceptances.Write"], name: "erin@contoso.example" }),
};

async function call(name: string, options: Partial<CallOptions> & { json?: unknown } = {}) {
  const r = route(name);
  const handler = r.handler as (q: HttpRequest, c: InvocationContext) => ReturnType<HttpHandler>;
  const { json, ...rest } = options;
  return callHttp(async (q, c) => (await handler(q, c)) ?? {}, {
    method: r.methods[0],
    path: r.route.replace("{id}", options.params?.id ?? ""),
    ...(json !== undefined ? { body: typeof json === "string" ? json : JSON.stringify(json) } : {}),
    ...rest,
  });
}

const keys = () => seedResetPathKeys(3);

beforeAll(async () => {
  azurite = await startAzurite();
  restoreEnv = setEnv({
    AUDIT_STORAGE: azurite.connectionString,
    TENANT_ID: SEED_TENANT,
    ALERT_RECIPIENTS: undefined,
    ALERT_RECIPIENTS_GROUP_ID: undefined,
    ACCEPTANCES_FILE: undefined,
    WEBSITE_AUTH_ENABLED: "True",
  });
  resetAppContext();
  stores = await createTableStores({ connectionString: azurite.connectionString });
  await storeHourlySnapshots(stores, [3], "h");
});

afterAll(async () => {
  restoreEnv?.();
  resetAppContext();
  await azurite?.stop();
});

describe("/api/acceptances", () => {
  it("accept, list, see it on the finding, revoke: the signed-in principal is recorded", async () => {
    const [key] = keys();
    const body = { target: key, until: inDays(20), reason: "Approved HR sync app" };
    const created = await call("acceptSignedIn", { headers: writer, json: body });
    expect(created.status, created.text).toBe(201);
    const event = created.body as AcceptanceEvent;
    expect(event).toMatchObject({
      action: "accept",
      by: "erin@contoso.example (5c0b6a8e-0000-4000-8000-00000000a11c)",
    });
    expect(event.acceptance.owner).toBe(event.by);
    expect(created.logs.join("\n")).toContain('"event":"acceptance.accept"');

    const listed = await call("acceptances");
    expect(listed.status).toBe(200);
    const listing = listed.body as AcceptancesListing;
    expect(listing.acceptances.map((a) => a.id)).toEqual([event.acceptanceId]);

    const exposure = (await call("exposure")).body as { exposure: Exposure };
    const finding = exposure.exposure.findings.find((f) => f.key === key)!;
    expect(finding.acceptance).toMatchObject({ id: event.acceptanceId, status: "accepted", reason: body.reason });
    expect(exposure.exposure.headline.unaccepted!.resetters).toBe(exposure.exposure.headline.resetters! - 1);

    const renewed = await call("acceptSignedIn", { headers: writer, json: { ...body, until: inDays(40) } });
    expect(renewed.status).toBe(200);
    expect((renewed.body as AcceptanceEvent).action).toBe("renew");

    const revoked = await call("revokeSignedIn", { headers: writer, params: { id: event.acceptanceId } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ action: "revoke", acceptance: { revokedBy: event.by } });
    const history = await stores.acceptances.history(SEED_TENANT, event.acceptanceId);
    expect(history.map((h) => [h.action, h.by])).toEqual([
      ["accept", event.by],
      ["renew", event.by],
      ["revoke", event.by],
    ]);

    const again = await call("revoke", { params: { id: event.acceptanceId } });
    expect(again.status).toBe(400);
    const unknown = await call("revoke", { params: { id: "acc-0000000000" } });
    expect(unknown.status).toBe(404);
    const malformed = await call("revoke", { params: { id: "../x" } });
    expect(malformed.status).toBe(400);
  });

  it("a function key is recorded as such, and must name the owner", async () => {
    const [, key] = keys();
    const body = { target: key, until: inDays(20), reason: "Break-glass account" };
    const noOwner = await call("accept", { json: body });
    expect(noOwner.status).toBe(400);
    expect(noOwner.body).toMatchObject({ type: "urn:writeback-watch:problem:invalid-request" });
    expect((noOwner.body as { detail: string }).detail).toMatch(/owner is required/);

    const ok = await call("accept", { json: { ...body, owner: "secops@contoso.example" } });
    expect(ok.status, ok.text).toBe(201);
    expect((ok.body as AcceptanceEvent).acceptance).toMatchObject({
      acceptedBy: "function key",
      owner: "secops@contoso.example",
    });
  });

  it("needs Acceptances.Write to write, Exposure.Read to read; anonymous callers get nothing", async () => {
    const [key] = keys();
    const before = await stores.acceptances.history(SEED_TENANT);
    const reader = { "x-ms-client-principal": principalHeader({ roles: ["Exposure.Read"] }) };
    const body = { target: key, until: inDays(5), reason: "x" };
    expect((await call("acceptSignedIn", { headers: reader, json: body })).status).toBe(403);
    expect((await call("acceptSignedIn", { json: body })).status).toBe(401);
    expect((await call("revokeSignedIn", { headers: reader, params: { id: "acc-0000000000" } })).status).toBe(403);
    expect((await call("acceptancesSignedIn")).status).toBe(401);
    expect((await call("acceptancesSignedIn", { headers: reader })).status).toBe(200);
    expect(await stores.acceptances.history(SEED_TENANT)).toEqual(before);
  });

  it("bad input: 400 naming every problem (the closest keys for an unknown one), and nothing written", async () => {
    const [key] = keys();
    const before = await stores.acceptances.history(SEED_TENANT);
    const typo = key!.replace(/.$/, "x");
    const unknown = await call("acceptSignedIn", {
      headers: writer,
      json: { target: typo, until: inDays(5), reason: "x" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ closestKeys: expect.arrayContaining([key]) });
    expect((unknown.body as { closestKeys: string[] }).closestKeys[0]).toBe(key);

    const several = await call("acceptSignedIn", { headers: writer, json: { target: key, until: "2020-01-01" } });
    expect(several.status).toBe(400);
    const problems = (several.body as { problems: string[] }).problems;
    expect(problems.join(" ")).toMatch(/reason is required/);
    expect(problems.join(" ")).toMatch(/in the past/);

    const far = await call("acceptSignedIn", {
      headers: writer,
      json: { target: key, until: inDays(400), reason: "x" },
    });
    expect((far.body as { detail: string }).detail).toMatch(/ACCEPTANCE_MAX_DAYS/);

    for (const json of [
      "not json",
      "[]",
      JSON.stringify({ until: inDays(5), reason: "x" }),
      JSON.stringify({ target: key, extra: 1 }),
    ]) {
      const r = await call("acceptSignedIn", { headers: writer, json });
      expect(r.status, json).toBe(400);
      expect(r.body, json).toMatchObject({ type: "urn:writeback-watch:problem:invalid-request" });
    }
    expect(await stores.acceptances.history(SEED_TENANT)).toEqual(before);
  });
});
