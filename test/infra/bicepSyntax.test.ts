/** Every Bicep file under infra/ parses with the Bicep grammar; a planted error shows the check can fail. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bicepSyntaxErrors } from "./bicepSyntax.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function bicepFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return bicepFiles(full);
    return entry.name.endsWith(".bicep") ? [full] : [];
  });
}

describe("Bicep syntax", () => {
  const files = bicepFiles(path.join(ROOT, "infra"));

  it("finds the templates", () => {
    expect(files.map((f) => path.relative(ROOT, f))).toContain(path.join("infra", "main.bicep"));
  });

  it.each(files.map((f) => [path.relative(ROOT, f), f]))(
    "%s parses without ERROR or MISSING nodes",
    async (_, file) => {
      expect(await bicepSyntaxErrors(readFileSync(file, "utf8"))).toEqual([]);
    },
  );

  it("reports a planted syntax error with its line", async () => {
    const errors = await bicepSyntaxErrors(
      readFileSync(path.join(import.meta.dirname, "fixtures/broken.bicep"), "utf8"),
    );
    // Line 7 is `kind:` with no value: the parser gives up at the next property, on line 8.
    expect(errors[0]).toMatchObject({ kind: "ERROR", line: 8 });
  });

  it("reports a missing closing brace and an unterminated string", async () => {
    expect(await bicepSyntaxErrors("var a = {\n  b: 1\n")).not.toEqual([]);
    expect(await bicepSyntaxErrors("var a = 'x\n")).not.toEqual([]);
    expect(await bicepSyntaxErrors("var a = {\n  b: 1\n}\n")).toEqual([]);
  });

  it("accepts the documented extension statements and still rejects a broken one", async () => {
    for (const ok of [
      "extension microsoftGraphV1\n",
      "extension kubernetes with {\n  namespace: 'default'\n}\n",
      "extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'\n",
    ])
      expect(await bicepSyntaxErrors(ok), ok).toEqual([]);
    for (const bad of ["extension\n", "extension microsoftGraphV1 {\n", "extension 'unclosed\n"])
      expect(await bicepSyntaxErrors(bad), bad).not.toEqual([]);
  });
});
