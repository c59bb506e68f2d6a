import { describe, expect, it } from "vitest";
import { checkFilter, evaluate, parseFilter, type FilterCapabilities } from "../../sim/graph/odata/filter.js";
import { CE, graph } from "./http.js";
import { simulatorForSuite } from "./support.js";

describe("OData $filter parser", () => {
  it("parses comparison, in, and/or/not and parentheses with the right precedence", () => {
    const e = parseFilter("a eq 'x' or b eq true and not (c ne null)");
    expect(e.kind).toBe("or");
    if (e.kind !== "or") return;
    expect(e.right.kind).toBe("and");
    const item = { a: "y", b: true, c: null };
    expect(evaluate(e, item)).toBe(true);
    expect(evaluate(e, { a: "y", b: true, c: 3 })).toBe(false);
    expect(evaluate(e, { a: "X", b: false, c: 3 })).toBe(true); // string eq is case-insensitive
  });

  it("reads string (with doubled quotes), GUID, DateTimeOffset, number, boolean and null literals", () => {
    const e = parseFilter(
      "name eq 'O''Brien' and id eq 5f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b and at ge 2024-05-01T10:00:00Z and n lt 10 and flag eq false and x eq null",
    );
    const item = {
      name: "o'brien",
      id: "5F1E2D3C-4B5A-4697-8A8B-9C0D1E2F3A4B",
      at: "2024-05-02T00:00:00Z",
      n: 3,
      flag: false,
      x: null,
    };
    expect(evaluate(e, item)).toBe(true);
    expect(evaluate(e, { ...item, at: "2024-04-30T23:59:59Z" })).toBe(false);
  });

  it("evaluates property paths, in and startswith", () => {
    const e = parseFilter("initiatedBy/user/id in ('a','b') and startswith(activityDisplayName,'Reset')");
    expect(evaluate(e, { initiatedBy: { user: { id: "b" } }, activityDisplayName: "Reset password (by admin)" })).toBe(
      true,
    );
    expect(evaluate(e, { initiatedBy: { user: null }, activityDisplayName: "Reset password (by admin)" })).toBe(false);
  });

  it.each([
    ["a eq", "missing literal"],
    ["a eq 'x", "unterminated string"],
    ["a foo 'x'", "unknown operator"],
    ["(a eq 1", "unbalanced parenthesis"],
    ["a eq 1 b", "trailing token"],
    ["a in 'x'", "in without a list"],
    ["a eq 1 #", "bad character"],
  ])("rejects %s (%s) with a Graph 400", (text) => {
    expect(() => parseFilter(text)).toThrowError(/Invalid filter clause/);
  });

  it("rejects (property, operator) pairs the route does not declare", () => {
    const caps: FilterCapabilities = { onPremisesSyncEnabled: { type: "boolean", ops: ["eq"] } };
    expect(() => checkFilter(parseFilter("onPremisesSyncEnabled eq true"), caps)).not.toThrow();
    expect(() => checkFilter(parseFilter("onPremisesSyncEnabled ne true"), caps)).toThrowError(/Unsupported/);
    expect(() => checkFilter(parseFilter("displayName eq 'x'"), caps)).toThrowError(/Unsupported/);
    expect(() => checkFilter(parseFilter("onPremisesSyncEnabled eq 'yes'"), caps)).toThrowError(/incompatible types/);
  });
});

describe("$filter over HTTP", () => {
  const sim = simulatorForSuite({ profile: "demo" });

  it("answers the collectors' filters", async () => {
    const groups = await graph(
      sim().baseUrl,
      "/groups?$filter=isAssignableToRole eq true&$select=id,displayName&$top=999&$count=true",
      { headers: CE },
    );
    expect(groups.status).toBe(200);
    expect(groups.json["@odata.count"]).toBe(1);
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const chain = `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${since} and (activityDisplayName eq 'Enable password writeback for directory' or activityDisplayName eq 'Disable password writeback for directory')`)}&$top=999`;
    // directoryaudit-list.md documents eq, ge, le and startswith: an `or` chain is refused unless
    // the simulator is told Graph accepts it.
    const refused = await graph(sim().baseUrl, chain);
    expect(refused.status).toBe(400);
    const one = await graph(
      sim().baseUrl,
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${since} and activityDisplayName eq 'Enable password writeback for directory'`)}&$top=999`,
    );
    expect(one.status).toBe(200);
    expect(one.json.value.map((e: { activityDisplayName: string }) => e.activityDisplayName)).toEqual([
      "Enable password writeback for directory",
    ]);
    sim().tenant.undocumented.directoryAuditsOrFilter = true;
    try {
      const audits = await graph(sim().baseUrl, chain);
      expect(audits.status).toBe(200);
      expect(audits.json.value.map((e: { activityDisplayName: string }) => e.activityDisplayName)).toEqual([
        "Enable password writeback for directory",
        "Disable password writeback for directory",
      ]);
    } finally {
      sim().tenant.undocumented.directoryAuditsOrFilter = false;
    }
  });

  it("rejects unsupported filters with Request_UnsupportedQuery and bad syntax with 400", async () => {
    const unsupported = await graph(sim().baseUrl, "/auditLogs/directoryAudits?$filter=resultReason eq 'x'");
    expect(unsupported.status).toBe(400);
    expect(unsupported.json.error.code).toBe("Request_UnsupportedQuery");
    expect(unsupported.json.error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const gtOnAudit = await graph(
      sim().baseUrl,
      "/auditLogs/directoryAudits?$filter=activityDateTime gt 2024-01-01T00:00:00Z",
    );
    expect(gtOnAudit.json.error.code).toBe("Request_UnsupportedQuery");
    const syntax = await graph(sim().baseUrl, "/users?$filter=onPremisesSyncEnabled eq");
    expect(syntax.status).toBe(400);
  });

  it("accepts ne/not on users only as an advanced query", async () => {
    const plain = await graph(sim().baseUrl, "/users?$filter=onPremisesSyncEnabled ne true");
    expect(plain.json.error.code).toBe("Request_UnsupportedQuery");
    const advanced = await graph(sim().baseUrl, "/users?$filter=onPremisesSyncEnabled ne true&$count=true&$top=999", {
      headers: CE,
    });
    expect(advanced.status).toBe(200);
    expect(advanced.json["@odata.count"]).toBe(16);
  });
});
