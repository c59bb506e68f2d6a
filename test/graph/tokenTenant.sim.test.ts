/** The tenant named by the token, when /organization cannot be read and TENANT_ID is unset. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { collectSnapshot, UNKNOWN_TENANT } from "../../shared/graph/collectSnapshot.js";
import { tenantIdOfToken } from "../../shared/graph/tokenTenant.js";
import { DEFAULT_GRANTED_PERMISSIONS, DEMO, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";

/** An unsigned token in the JWT shape with the claims given (the simulator accepts any bearer token). */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.not-signed`;
}

describe("tenantIdOfToken", () => {
  it("reads the tid claim, and nothing from tokens without one", () => {
    expect(tenantIdOfToken(fakeJwt({ tid: DEMO.tenantId.toUpperCase() }))).toBe(DEMO.tenantId);
    expect(tenantIdOfToken(fakeJwt({ tid: "not-a-guid" }))).toBeUndefined();
    expect(tenantIdOfToken(fakeJwt({ aud: "x" }))).toBeUndefined();
    expect(tenantIdOfToken("opaque-token")).toBeUndefined();
    expect(tenantIdOfToken("a.%%%.b")).toBeUndefined();
  });
});

describe("collectSnapshot with /organization forbidden", () => {
  let sim: GraphSimulator;
  const since = new Date(Date.now() - 86_400_000).toISOString();
  beforeAll(async () => {
    sim = await startGraphSimulator({ profile: "demo", timeFactor: 0 });
    // Directory.Read.All is a documented alternative for /organization: withhold it too.
    const withheld = ["Organization.Read.All", "Directory.Read.All"];
    sim.setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => !withheld.includes(p)));
  });
  afterAll(async () => {
    await sim?.close();
  });
  const client = (accessToken: string) =>
    createGraphClient({ graphBaseUrl: sim.baseUrl, accessToken, maxRetries: 0, rateLimits: "none" });

  it("names the tenant from the token's tid claim first", async () => {
    const other = "99999999-8888-4777-8666-555555555555";
    const s = await collectSnapshot(client(fakeJwt({ tid: DEMO.tenantId })), {
      declaredWriteback: "unset",
      auditSince: since,
      previousTenantId: other,
    });
    expect(s.sections.organization.status).toBe("unknown");
    expect(s.tenantId).toBe(DEMO.tenantId);
  });

  it("else the tenant the previous run audited, else a placeholder the audit refuses to store", async () => {
    const s = await collectSnapshot(client("opaque"), {
      declaredWriteback: "unset",
      auditSince: since,
      previousTenantId: DEMO.tenantId,
    });
    expect(s.tenantId).toBe(DEMO.tenantId);
    const none = await collectSnapshot(client("opaque"), { declaredWriteback: "unset", auditSince: since });
    expect(none.tenantId).toBe(UNKNOWN_TENANT);
  });
});
