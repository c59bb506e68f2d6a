/**
 * The simulator enforces Microsoft's documented rules from its own table (sim/graph/routes/documented.ts),
 * never from the product: application permissions from the bearer token's roles (all of an "and"
 * row), app-only tokens refused where the Application row says "Not supported", hidden AU members,
 * the advanced-query rule for casts, and system query options a page does not name. A trace of a demo
 * audit lists every route the collectors call; each must have a documented row, and that row must agree
 * with the product's own reading of the same page.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { requestPermissionsOf } from "../../shared/graph/permissions.js";
import { DEFAULT_GRANTED_PERMISSIONS, DEMO, mintToken, ROUTES } from "../../sim/graph/index.js";
import { graphFor } from "../graph/simulatorClient.js";
import { CE, graph } from "./http.js";
import { simulatorForSuite } from "./support.js";

const sim = simulatorForSuite({ profile: "demo" });
const bearer = (claims: Parameters<typeof mintToken>[0]) => ({ authorization: `Bearer ${mintToken(claims)}` });
/** Every read permission the table names (hidden membership included). */
const ALL_READS = DEFAULT_GRANTED_PERMISSIONS.filter((p) => !p.includes("Write"));

describe("the simulator's documented rules", () => {
  it("reads application permissions from the token's roles, and needs every name of an 'and' row", async () => {
    const audits = "/auditLogs/directoryAudits?$top=10";
    const only = await graph(sim().baseUrl, audits, {
      headers: bearer({ roles: ["AuditLog.Read.All"], idtyp: "app" }),
    });
    expect(only.status).toBe(403);
    expect(only.json.error.code).toBe("Authorization_RequestDenied");
    const both = await graph(sim().baseUrl, audits, {
      headers: bearer({ roles: ["AuditLog.Read.All", "Directory.Read.All"], idtyp: "app" }),
    });
    expect(both.status).toBe(200);
    // Any one listed alternative is enough.
    const viaDirectory = await graph(sim().baseUrl, "/organization", {
      headers: bearer({ roles: ["Directory.Read.All"], idtyp: "app" }),
    });
    expect(viaDirectory.status).toBe(200);
  });

  it("refuses app-only tokens where the Application row says 'Not supported'", async () => {
    const path = "/directory/onPremisesSynchronization";
    const roles = ["OnPremDirectorySynchronization.Read.All"];
    expect((await graph(sim().baseUrl, path, { headers: bearer({ roles, idtyp: "app" }) })).status).toBe(403);
    expect((await graph(sim().baseUrl, path, { headers: bearer({ scp: roles[0]!, idtyp: "user" }) })).status).toBe(200);
  });

  it("hides the members of a HiddenMembership unit from a caller without Member.Read.Hidden", async () => {
    const unit = sim().tenant.administrativeUnits.get(DEMO.branchAuId)!;
    unit.visibility = "HiddenMembership";
    try {
      const url = `/directory/administrativeUnits/${DEMO.branchAuId}/members/microsoft.graph.user?$count=true`;
      const without = ALL_READS.filter((p) => p !== "Member.Read.Hidden");
      const hidden = await graph(sim().baseUrl, url, { headers: { ...CE, ...bearer({ roles: without }) } });
      expect(hidden.json.value).toEqual([]);
      const shown = await graph(sim().baseUrl, url, { headers: { ...CE, ...bearer({ roles: ALL_READS }) } });
      expect(shown.json.value.length).toBeGreaterThan(0);
    } finally {
      unit.visibility = null;
    }
  });

  it("needs ConsistencyLevel: eventual and $count=true for an OData cast", async () => {
    const cast = `/groups/${DEMO.roleAssignableGroupId}/transitiveMembers/microsoft.graph.user?$select=id`;
    expect((await graph(sim().baseUrl, cast)).json.error.code).toBe("Request_UnsupportedQuery");
    expect((await graph(sim().baseUrl, cast, { headers: CE })).status).toBe(400);
    expect((await graph(sim().baseUrl, `${cast}&$count=true`, { headers: CE })).status).toBe(200);
    // Administrative unit members: every query option is an advanced query.
    const au = `/directory/administrativeUnits/${DEMO.branchAuId}/members?$filter=onPremisesSyncEnabled eq true`;
    expect((await graph(sim().baseUrl, au, { headers: CE })).status).toBe(400);
    expect((await graph(sim().baseUrl, `${au}&$count=true`, { headers: CE })).status).toBe(200);
  });

  it.each([
    ["$top on the administrative unit list", "/directory/administrativeUnits?$top=999"],
    ["$select on role definitions", "/roleManagement/directory/roleDefinitions?$select=id"],
    ["a templateId filter on role definitions", "/roleManagement/directory/roleDefinitions?$filter=templateId eq 'x'"],
    ["a category filter on directory audits", "/auditLogs/directoryAudits?$filter=category eq 'UserManagement'"],
    ["a result filter on directory audits", "/auditLogs/directoryAudits?$filter=result eq 'success'"],
    ["$select on the authorization policy", "/policies/authorizationPolicy?$select=id"],
    ["$filter on subscribed SKUs", "/subscribedSkus?$filter=skuId eq 'x'"],
    [
      "$top on administrative unit members",
      `/directory/administrativeUnits/${DEMO.branchAuId}/members?$top=5&$count=true`,
    ],
  ])("rejects %s with a Graph-shaped 400", async (_what, url) => {
    const r = await graph(sim().baseUrl, url, { headers: CE });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(r.json.error.innerError).toHaveProperty("request-id");
  });

  it("serves every route a demo audit calls from a documented row that agrees with the product's table", async () => {
    sim().resetStats();
    const token = mintToken({ roles: ALL_READS, idtyp: "app" });
    await collectSnapshot(graphFor(sim().baseUrl, 3, token), {
      declaredWriteback: "unset",
      auditSince: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    });
    const called = Object.keys(sim().stats().perRoute);
    expect(called.length).toBeGreaterThan(15);
    for (const key of called) {
      const route = ROUTES.find((r) => `${r.method} ${r.pattern}` === key);
      expect(route, key).toBeDefined();
      const row = route!.documented;
      // A permission row and a limits row, each from a named page.
      expect(row.doc, key).toMatch(/^[a-z-]+$/);
      expect(row.permissions.length, key).toBeGreaterThan(0);
      expect(row.pageSize, key).toBeGreaterThan(0);
      expect(Array.isArray(row.query), key).toBe(true);
      // The product read the same page the same way.
      const product = requestPermissionsOf(route!.pattern.replace(/\{[a-z]+\}/g, "x"));
      expect(product?.doc, key).toBe(row.doc);
      if (row.appOnlyNotSupported) expect(product?.application, key).toBe("not supported");
      else expect(product?.application, key).toEqual(row.permissions);
    }
  });

  it("imports no product code (sim/ is a test of the product, not a mirror)", () => {
    const root = path.resolve(import.meta.dirname, "../../sim");
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const source = readFileSync(path.join(root, file), "utf8");
      const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
      for (const specifier of specifiers) {
        if (!specifier.startsWith(".")) continue;
        // Relative imports stay inside sim/.
        const target = path.relative(root, path.resolve(root, path.dirname(file), specifier));
        expect(target.startsWith(".."), `${file} imports ${specifier}`).toBe(false);
      }
    }
  });
});
