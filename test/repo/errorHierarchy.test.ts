/**
 * One error hierarchy: every error class in functions/ and shared/ descends from one of the three
 * kinds in shared/errors.ts (user, transient, system), so a caller can always tell whose move it is.
 * Checked on the source text, so a new `class X extends Error` anywhere in production code fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConcurrentUpdateError, StoredSnapshotCorruptError } from "../../shared/store/errors.js";
import { ConfigError, GraphRequestError, LeaseHeldError, UserError, WritebackWatchError } from "../../shared/errors.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The three kinds, and GraphRequestError, which decides its kind per instance from the status (graphErrorKind). */
const KINDS = new Set(["UserError", "TransientError", "SystemError", "GraphRequestError"]);
/** Built-in errors a class might extend instead of the hierarchy. */
const BUILT_IN = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "AggregateError",
  "EvalError",
  "URIError",
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every `class A extends B` in the given files: A → { parent B, file }. */
function classParents(files: string[]): Map<string, { parent: string; file: string }> {
  const parents = new Map<string, { parent: string; file: string }>();
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(/\bclass\s+(\w+)\s+extends\s+([\w.]+)/g)) {
      parents.set(m[1]!, { parent: m[2]!, file: path.relative(ROOT, file) });
    }
  }
  return parents;
}

/** The classes whose chain reaches a built-in error without passing through one of the three kinds. */
export function outsideHierarchy(parents: Map<string, { parent: string; file: string }>): string[] {
  const outside: string[] = [];
  for (const [name, { file }] of parents) {
    if (name === "WritebackWatchError" || KINDS.has(name)) continue;
    let current = name;
    const seen = new Set<string>();
    while (parents.has(current) && !KINDS.has(current) && !seen.has(current)) {
      seen.add(current);
      current = parents.get(current)!.parent;
    }
    if (BUILT_IN.has(current) || current === "WritebackWatchError") outside.push(`${file}: ${name}`);
  }
  return outside.sort();
}

describe("the error hierarchy", () => {
  const parents = classParents([...sources(path.join(ROOT, "functions")), ...sources(path.join(ROOT, "shared"))]);

  it("has every error class in functions/ and shared/ under user, transient or system", () => {
    expect([...parents.keys()]).toEqual(expect.arrayContaining(["ConfigError", "GraphRequestError", "PagingError"]));
    expect(outsideHierarchy(parents)).toEqual([]);
  });

  it("would flag a class that extends Error directly, or the base without a kind", () => {
    const planted = new Map(parents);
    planted.set("StrayError", { parent: "Error", file: "shared/stray.ts" });
    planted.set("VagueError", { parent: "WritebackWatchError", file: "shared/vague.ts" });
    planted.set("StrayChildError", { parent: "StrayError", file: "shared/stray.ts" });
    expect(outsideHierarchy(planted)).toEqual([
      "shared/stray.ts: StrayChildError",
      "shared/stray.ts: StrayError",
      "shared/vague.ts: VagueError",
    ]);
  });

  it("gives each error the kind that says whose move it is", () => {
    const kinds = [
      new ConfigError(["AUDIT_STORAGE: required"]),
      new LeaseHeldError("run-1", "2030-01-01T00:00:00Z"),
      new ConcurrentUpdateError("The outbox item"),
      new StoredSnapshotCorruptError("t", "s", "a chunk is missing"),
    ].map((e) => [e.name, e instanceof WritebackWatchError && e.kind]);
    expect(kinds).toEqual([
      ["ConfigError", "user"],
      ["LeaseHeldError", "transient"],
      ["ConcurrentUpdateError", "transient"],
      ["StoredSnapshotCorruptError", "system"],
    ]);
    expect(new ConfigError([])).toBeInstanceOf(UserError);
  });

  it("classifies Graph failures by status and code", () => {
    const kind = (status: number, code?: string) => new GraphRequestError("x", status, code, "/users").kind;
    expect([kind(403, "Authorization_RequestDenied"), kind(401, "NoToken"), kind(0, "UntrustedHost")]).toEqual([
      "user",
      "user",
      "user",
    ]);
    expect([kind(429), kind(503), kind(504), kind(0, "NetworkError"), kind(0, "Timeout")]).toEqual([
      "transient",
      "transient",
      "transient",
      "transient",
      "transient",
    ]);
    expect([kind(400, "Request_UnsupportedQuery"), kind(0, "NotBatchable")]).toEqual(["system", "system"]);
  });
});
