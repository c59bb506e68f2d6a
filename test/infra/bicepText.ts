/**
 * Just enough Bicep reading for the infra tests (the Bicep CLI is not available here): object literals
 * by brace matching, parameters with their decorators, outputs. Strings are single-quoted in Bicep.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..");

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), "utf8");
}

/** The body of the first `{ ... }` after `anchor`, braces inside strings and comments ignored. */
export function objectBodyAfter(text: string, anchor: string): string {
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`anchor not found: ${anchor}`);
  const open = text.indexOf("{", at + anchor.length);
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === "'") inString = false;
      continue;
    }
    if (c === "'") inString = true;
    else if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i) - 1;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced braces after ${anchor}`);
}

/** Top-level property names of an object body (one property per line, as Bicep writes them). */
export function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const line of stripComments(body).split("\n")) {
    const m = depth === 0 ? /^\s*'?([A-Za-z_][A-Za-z0-9_-]*)'?\s*:/.exec(line) : null;
    if (m) keys.push(m[1]!);
    for (const c of line.replace(/'(?:[^'\\]|\\.)*'/g, "''")) {
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") depth--;
    }
  }
  return keys;
}

export function stripComments(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      // Drop a // comment that is not inside a string.
      let inString = false;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === "'") inString = !inString;
        else if (!inString && line[i] === "/" && line[i + 1] === "/") return line.slice(0, i);
      }
      return line;
    })
    .join("\n");
}

export interface BicepParam {
  name: string;
  decorators: string[];
  hasDefault: boolean;
}

/** Every `param` with the decorator lines just above it. */
export function params(text: string): BicepParam[] {
  const lines = text.split("\n");
  const out: BicepParam[] = [];
  lines.forEach((line, i) => {
    const m = /^param\s+(\w+)\s+\S+(\s*=)?/.exec(line);
    if (!m) return;
    const decorators: string[] = [];
    let depth = 0;
    for (let j = i - 1; j >= 0; j--) {
      const l = lines[j]!.trim();
      if (
        depth === 0 &&
        (l === "" || l.startsWith("//") || /^(param|var|resource|module|output|targetScope)\b/.test(l))
      )
        break;
      depth += (l.match(/[\])}]/g) ?? []).length - (l.match(/[[({]/g) ?? []).length;
      decorators.unshift(l);
    }
    out.push({ name: m[1]!, decorators, hasDefault: Boolean(m[2]) });
  });
  return out;
}

export function outputs(text: string): string[] {
  return [...text.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!);
}
