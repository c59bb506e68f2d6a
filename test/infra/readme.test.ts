/** The README's tables and commands stay in step with the code and the templates. */
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../shared/config.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import { readRepoFile } from "./bicepText.js";
import { parseAcceptancesFile } from "../../shared/acceptance/acceptancesFile.js";

const readme = readRepoFile("README.md");

/** Rows of the Markdown table under the heading `title`, as arrays of cells. */
function tableUnder(title: string): string[][] {
  const start = readme.indexOf(`\n${title}\n`);
  expect(start, title).toBeGreaterThan(-1);
  const rest = readme.slice(start + title.length + 2);
  const section = rest.slice(0, rest.search(/\n#{1,3} /) === -1 ? undefined : rest.search(/\n#{1,3} /));
  return section
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) =>
      l
        .replace(/\\\|/g, "¦")
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe("README", () => {
  it("lists exactly the granted Graph permissions, each with its reason", () => {
    const rows = tableUnder("### Microsoft Graph permissions");
    expect(rows.map((r) => r[0])).toEqual(REQUIRED_GRAPH_PERMISSIONS.map((p) => `\`${p.permission}\``));
    for (const p of REQUIRED_GRAPH_PERMISSIONS) {
      const row = rows.find((r) => r[0] === `\`${p.permission}\``)!;
      expect(row[1]).toBe(p.reason);
      for (const section of p.usedBy) expect(row[2]).toContain(`\`${section}\``);
      expect(p.docs.length).toBeGreaterThan(0);
      for (const doc of p.docs) expect(row[3]).toContain(`learn.microsoft.com/graph/api/${doc}?`);
    }
  });

  it("lists every setting the code reads, and nothing else", () => {
    const rows = tableUnder("## Settings");
    expect(rows.map((r) => r[0]!.replace(/`/g, "")).sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it("documents only azd environment variables that main.parameters.json maps", () => {
    const mapped = new Set(
      [...readRepoFile("infra/main.parameters.json").matchAll(/"\$\{([A-Z_]+)/g)].map((m) => m[1]!),
    );
    const documented = [...readme.matchAll(/azd env set ([A-Z_]+)/g)].map((m) => m[1]!);
    expect(documented.length).toBeGreaterThan(5);
    for (const name of documented) expect(mapped.has(name), name).toBe(true);
  });

  it("gives the national-cloud endpoints that shared/graph and the hook accept", () => {
    const rows = tableUnder("## National clouds");
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      ["`https://graph.microsoft.com`", "`https://login.microsoftonline.com`"],
      ["`https://graph.microsoft.us`", "`https://login.microsoftonline.us`"],
      ["`https://dod-graph.microsoft.us`", "`https://login.microsoftonline.us`"],
      ["`https://microsoftgraph.chinacloudapi.cn`", "`https://login.chinacloudapi.cn`"],
    ]);
  });

  it("shows an acceptances file example that the parser takes whole", () => {
    const start = readme.indexOf("\n### Acceptances as code\n");
    expect(start).toBeGreaterThan(-1);
    const block = /```json\n([\s\S]*?)\n```/.exec(readme.slice(start))![1]!;
    const parsed = parseAcceptancesFile(block, { maxDays: 180, where: "README" });
    expect(parsed.problems).toEqual([]);
    expect(parsed.acceptances.map((a) => a.id)).toEqual(["file:break-glass-ga", "file:hr-sync"]);
  });

  it("keeps the sections the README is organised around", () => {
    for (const heading of [
      "## Local demo",
      "## HTTP API",
      "## What an alert looks like",
      "## Troubleshooting",
      "## Costs",
    ]) {
      expect(readme).toContain(`\n${heading}\n`);
    }
    expect(readme).toContain("npm install");
    expect(readme).toContain("npm start");
    expect(readme).toContain("npm test");
    expect(readme).toContain("azd up");
  });
});
