/**
 * Findings CSV: RFC 4180 quoting read back by a real parser (csv-parse), and spreadsheet formula
 * injection neutralised for every text cell a tenant could start with = + - @ (or a tab / carriage return).
 */
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { neutraliseFormula, renderFindingsCsv } from "../../shared/report/findingsCsv.js";
import { HOSTILE, hostileExposure } from "./fixtures.js";
import type { Finding } from "../../shared/exposure/types.js";

const finding = (over: Partial<Finding>): Finding => ({
  key: "reset-path:u1:r:/:active",
  kind: "reset-path",
  severity: "high",
  title: "t",
  scope: "/",
  reach: { syncedUsers: 7 },
  ...over,
});

describe("renderFindingsCsv", () => {
  it("quotes commas, quotes and line breaks so a parser reads every hostile string back", () => {
    const names = [HOSTILE.quotes, HOSTILE.script, HOSTILE.rtl, "two\r\nlines, with a comma", 'end quote"'];
    const exposure = hostileExposure({
      findings: names.map((name, i) =>
        finding({ key: `k${i}`, title: name, principal: { id: `u${i}`, type: "user", displayName: name } }),
      ),
    });
    const csv = renderFindingsCsv(exposure);
    const records = parse(csv, { relax_column_count: false }) as string[][];
    expect(records).toHaveLength(names.length + 1);
    const header = records[0]!;
    expect(header.slice(0, 3)).toEqual(["severity", "kind", "title"]);
    const col = (name: string) => header.indexOf(name);
    records.slice(1).forEach((r, i) => {
      expect(r[col("title")]).toBe(names[i]);
      expect(r[col("principal")]).toBe(names[i]);
      expect(r[col("syncedUsersReached")]).toBe("7");
      expect(r[col("scope")]).toBe("tenant-wide");
    });
    // Records end in CRLF; the line break inside a cell stays inside its quotes.
    // (header + 5 records + the final empty piece, plus the break inside the title and principal cells)
    expect(csv.split("\r\n")).toHaveLength(names.length + 2 + 2);
    expect(csv).toContain('"two\r\nlines, with a comma"');
    expect(csv).toContain('"end quote"""');
  });

  it("neutralises cells that a spreadsheet would evaluate, and only those", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(neutraliseFormula(`${start}HYPERLINK("https://evil.example")`)).toBe(
        `'${start}HYPERLINK("https://evil.example")`,
      );
    }
    for (const safe of ["Hank Helpdesk", " =not first", "'already quoted", "", "a=b"])
      expect(neutraliseFormula(safe)).toBe(safe);
    const csv = renderFindingsCsv({
      findings: [
        finding({
          title: "=1+1",
          principal: { id: "u", type: "user", displayName: "@SUM(A1:A9)", userPrincipalName: "-x@contoso.example" },
          scopeDisplayName: "+Branch",
          reach: { syncedUsers: null },
        }),
      ],
    });
    const [header, row] = parse(csv) as string[][];
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell("title")).toBe("'=1+1");
    expect(cell("principal")).toBe("'@SUM(A1:A9)");
    expect(cell("principalUpn")).toBe("'-x@contoso.example");
    expect(cell("scopeName")).toBe("'+Branch");
    // An unknown reach is an empty cell, never a 0.
    expect(cell("syncedUsersReached")).toBe("");
  });

  it("an exposure without findings is the header alone", () => {
    expect(parse(renderFindingsCsv({ findings: [] }))).toHaveLength(1);
  });
});
