/** The acceptances file: validated entry by entry; a bad entry is named and left out, the rest apply. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAcceptancesFile } from "../../shared/acceptance/acceptancesFile.js";
import { loadAcceptances, merge, displayLocation } from "../../shared/acceptance/loadAcceptances.js";
import type { AcceptanceStore } from "../../shared/store/types.js";
import { acceptance } from "./fixtures.js";

const PRINCIPAL = "6b1f0c2e-3d4a-4e5f-8a9b-0c1d2e3f4a5b";
const GA = "62e90394-69f5-4237-9190-012177145e10";

const good = {
  id: "break-glass",
  principalId: PRINCIPAL,
  roleTemplateId: GA,
  owner: "secops@contoso.com",
  reason: "Break-glass account; sign-ins raise an incident",
  accepted: "2026-01-05",
  until: "2026-07-01",
  upTo: { severity: "critical", syncedUsers: 1200, assignment: "active" },
};
const parse = (value: unknown, maxDays = 180) =>
  parseAcceptancesFile(typeof value === "string" ? value : JSON.stringify(value), { maxDays, where: "a.json" });

describe("parseAcceptancesFile", () => {
  it("reads an entry into an acceptance of source file", () => {
    const { acceptances, problems } = parse({ acceptances: [good] });
    expect(problems).toEqual([]);
    expect(acceptances).toEqual([
      {
        id: "file:break-glass",
        source: "file",
        target: { principalId: PRINCIPAL, roleTemplateId: GA },
        owner: "secops@contoso.com",
        reason: "Break-glass account; sign-ins raise an incident",
        acceptedAt: "2026-01-05T00:00:00.000Z",
        acceptedBy: "file a.json",
        expiresAt: "2026-07-01T00:00:00.000Z",
        upTo: { severity: "critical", syncedUsers: 1200, assignment: "active" },
      },
    ]);
  });

  it("names each bad entry and keeps the good ones", () => {
    const entries = [
      good,
      { ...good, id: "no-reason", reason: " " },
      { ...good, id: "both", key: "sspr" },
      { ...good, id: "neither", principalId: undefined },
      { ...good, id: "too-long", until: "2027-01-05" },
      { ...good, id: "backwards", until: "2026-01-01" },
      { ...good, id: "bad-date", until: "next spring" },
      { ...good, id: "extra", note: "unexpected" },
      { ...good, id: "no-bounds", upTo: undefined },
      { ...good, reason: "the same id again" },
      {
        id: "sspr-users",
        key: "sspr",
        owner: "x",
        reason: "y",
        accepted: "2026-01-01",
        until: "2026-02-01",
        upTo: { severity: "high", syncedUsers: null },
      },
    ];
    const { acceptances, problems } = parse({ acceptances: entries });
    expect(acceptances.map((a) => a.id)).toEqual(["file:break-glass", "file:sspr-users"]);
    expect(problems).toHaveLength(9);
    expect(problems[0]).toMatch(/entry 2 \("no-reason"\): reason: must not be empty; left out/);
    expect(problems[1]).toMatch(/"both".*either key or principalId \+ roleTemplateId, not both/);
    expect(problems[2]).toMatch(/"neither".*give key, or both principalId and roleTemplateId/);
    expect(problems[3]).toMatch(/"too-long"\): lasts 365 days from accepted, more than ACCEPTANCE_MAX_DAYS \(180\)/);
    expect(problems[4]).toMatch(/"backwards"\): until must be after accepted/);
    expect(problems[5]).toMatch(/"bad-date"\): until: must be a date/);
    expect(problems[6]).toMatch(/"extra".*note/);
    expect(problems[7]).toMatch(/"no-bounds"\): upTo/);
    expect(problems[8]).toMatch(/entry 10 \("break-glass"\): the id is used twice/);
  });

  it("a file that is not JSON or not the expected shape applies nothing and says so", () => {
    expect(parse("{ nope")).toMatchObject({
      acceptances: [],
      problems: [expect.stringMatching(/a.json: not valid JSON/)],
    });
    expect(parse([good]).problems[0]).toMatch(/expected \{ "acceptances": \[ ... \] \}/);
  });
});

describe("loadAcceptances", () => {
  const table = acceptance({ id: "acc-1", target: { principalId: PRINCIPAL, roleTemplateId: GA } });
  const other = acceptance({ id: "acc-2" });
  const store: AcceptanceStore = {
    list: async () => [table, other].map((a) => ({ acceptance: a, etag: "e" })),
    history: async () => [],
    record: async () => {
      throw new Error("not in this test");
    },
  };
  const config = (acceptancesFile?: string) => ({ acceptancesFile, acceptanceMaxDays: 180 });

  it("merges the file with the table, the file winning for the same target", async () => {
    const dir = mkdtempSync(join(tmpdir(), "acceptances-"));
    const path = join(dir, "acceptances.json");
    writeFileSync(path, JSON.stringify({ acceptances: [good] }));
    const set = await loadAcceptances({ store, tenantId: "t", config: config(path) });
    expect(set.acceptances.map((a) => a.id)).toEqual(["file:break-glass", "acc-2"]);
    expect(set.overridden).toEqual(["acc-1"]);
    expect(set.problems).toEqual([]);
  });

  it("a file that cannot be read is a problem, not a failure: the table's acceptances apply", async () => {
    const set = await loadAcceptances({ store, tenantId: "t", config: config("/nonexistent/acceptances.json") });
    expect(set.acceptances.map((a) => a.id)).toEqual(["acc-1", "acc-2"]);
    expect(set.problems).toEqual([expect.stringMatching(/\/nonexistent\/acceptances.json could not be read \(ENOENT/)]);
  });

  it("without a file, only the table", async () => {
    expect(await loadAcceptances({ store, tenantId: "t", config: config() })).toMatchObject({
      problems: [],
      overridden: [],
    });
  });

  it("a revoked table acceptance is not reported as overridden", () => {
    const revoked = { ...table, revokedAt: "2026-01-01T00:00:00.000Z" };
    const file = parse({ acceptances: [good] }).acceptances;
    expect(merge([revoked], file).overridden).toEqual([]);
  });

  it("never shows a blob URL's query (a SAS token) in a problem", () => {
    expect(displayLocation("https://acct.blob.core.windows.net/c/a.json?sv=2024&sig=secret")).toBe(
      "https://acct.blob.core.windows.net/c/a.json",
    );
  });
});
