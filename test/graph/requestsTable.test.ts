/**
 * shared/graph/REQUESTS.md, the per-request table of shared/graph/permissions.ts and the exported
 * permission list say the same thing: every request the table lists is matched by a row of
 * REQUEST_PERMISSIONS naming the same documentation page, the Application permission the table
 * names is one of that page's documented entries and is granted in full (or the page says "Not
 * supported"), and each granted permission cites only pages whose Application row lists it.
 */
import { describe, expect, it } from "vitest";
import {
  REQUEST_PERMISSIONS,
  REQUIRED_GRAPH_PERMISSIONS,
  requestPermissionsOf,
} from "../../shared/graph/permissions.js";
import { readRepoFile } from "../infra/bicepText.js";

interface RequestRow {
  request: string;
  doc: string;
  /** The names joined by "and" in the docs column, or "not supported". */
  permission: string[] | "not supported";
}

/** The rows of the first table (the collectors' requests); "same" repeats the row above. */
function requestRows(): RequestRow[] {
  const text = readRepoFile("shared/graph/REQUESTS.md");
  const table = text.slice(text.indexOf("| section"), text.indexOf("\n\n", text.indexOf("| section")));
  const rows: RequestRow[] = [];
  for (const line of table.split("\n").slice(2)) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const [, , request = "", docs = ""] = cells;
    const previous = rows.at(-1);
    if (docs === "same") {
      expect(previous, request).toBeDefined();
      rows.push({ ...previous!, request });
      continue;
    }
    const match = /^`([a-z-]+)` · (.+)$/.exec(docs);
    expect(match, `${request}: docs column "${docs}"`).not.toBeNull();
    const named = match![2]!.replace(/\s*\(.*\)$/, "").replace(/\*\*/g, "");
    rows.push({
      request,
      doc: match![1]!,
      permission: /^not supported$/i.test(named) ? "not supported" : named.split(/\s+and\s+/),
    });
  }
  return rows;
}

/** `GET /path?query` (the first backticked span) → the path after the version, with its query. */
function pathOf(request: string): string {
  const span = /`(?:GET|POST) ([^`]+)`/.exec(request);
  expect(span, request).not.toBeNull();
  return span![1]!.replace(/\{[^}]+\}/g, "x");
}

const granted = new Set(REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission));

describe("shared/graph/REQUESTS.md", () => {
  const rows = requestRows();

  it("lists the collectors' requests", () => {
    expect(rows.length).toBeGreaterThan(20);
  });

  it.each(rows.map((r) => [r.request.slice(0, 90), r]))(
    "%s: its page and permission agree with REQUEST_PERMISSIONS",
    (_, row) => {
      const documented = requestPermissionsOf(pathOf(row.request));
      expect(documented?.doc).toBe(row.doc);
      if (row.permission === "not supported") {
        expect(documented!.application).toBe("not supported");
        return;
      }
      expect(documented!.application).not.toBe("not supported");
      const entries = documented!.application as readonly (readonly string[])[];
      expect(entries.map((e) => [...e].sort().join(" and "))).toContain([...row.permission].sort().join(" and "));
      for (const p of row.permission) expect(granted.has(p), p).toBe(true);
    },
  );

  it("every request row of permissions.ts is used by some listed request", () => {
    const docs = new Set(rows.map((r) => r.doc));
    for (const r of REQUEST_PERMISSIONS) expect(docs.has(r.doc), r.doc).toBe(true);
  });
});

describe("the exported permission list cites its pages", () => {
  // Named by a page's text rather than its Application row: the hidden-membership note of
  // administrativeunit-list-members, and the Delegated row of onpremisesdirectorysynchronization-get.
  const CITED_FROM_TEXT = new Set(["Member.Read.Hidden", "OnPremDirectorySynchronization.Read.All"]);

  it.each(REQUIRED_GRAPH_PERMISSIONS.map((p) => [p.permission, p]))("%s", (_, p) => {
    for (const doc of p.docs) {
      const rowsOfPage = REQUEST_PERMISSIONS.filter((r) => r.doc === doc);
      expect(rowsOfPage.length, doc).toBeGreaterThan(0);
      if (CITED_FROM_TEXT.has(p.permission)) continue;
      expect(
        rowsOfPage.some(
          (r) => r.application !== "not supported" && r.application.some((e) => e.includes(p.permission)),
        ),
        `${doc} lists ${p.permission}`,
      ).toBe(true);
    }
  });
});
