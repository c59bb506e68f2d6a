/**
 * Bicep syntax without the Bicep CLI: the tree-sitter grammar for Bicep (npm tree-sitter-bicep,
 * its prebuilt WebAssembly parser) run through web-tree-sitter. The grammar knows the language,
 * not Azure's resource types, so this catches what a broken edit does to the syntax (an unclosed
 * brace, a missing value, a stray token) and leaves type checking to `az bicep build` at deploy time.
 *
 * The grammar (1.1.0) predates Bicep's `extension` statement, which took over from `provider` for
 * extensions such as Microsoft Graph: `extension <name>`, `extension <name> with { … }` or
 * `extension '<registry path>'` (https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-extension).
 * Such a line is parsed as the grammar's `provider '<name>'` statement of the same shape; anything
 * else after the keyword is left for the grammar to reject.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Node } from "web-tree-sitter";

export interface SyntaxError {
  kind: "ERROR" | "MISSING";
  /** 1-based, as editors show it. */
  line: number;
  column: number;
  /** What the grammar expected (MISSING) or the text it could not place (ERROR), cut short. */
  text: string;
}

let parser: Promise<Parser> | undefined;

function bicepParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve("tree-sitter-bicep/tree-sitter-bicep.wasm");
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    return p;
  })();
  return parser;
}

const EXTENSION_STATEMENT = /^(\s*)extension(\s+)(?:'([^'\n]*)'|([A-Za-z_]\w*))(?=\s|$)/gm;

/** `extension x …` as the grammar's older `provider 'x' …`; other lines untouched, line numbers kept. */
export function asGrammarStatements(source: string): string {
  return source.replace(
    EXTENSION_STATEMENT,
    (_, indent: string, gap: string, path?: string, alias?: string) => `${indent}provider${gap}'${path ?? alias}'`,
  );
}

/** Every ERROR and MISSING node of the parse tree, in source order; empty when the file parses. */
export async function bicepSyntaxErrors(source: string): Promise<SyntaxError[]> {
  const tree = (await bicepParser()).parse(asGrammarStatements(source));
  if (!tree) throw new Error("tree-sitter returned no tree for the Bicep source");
  const errors: SyntaxError[] = [];
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) {
      errors.push({
        kind: node.isMissing ? "MISSING" : "ERROR",
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        text: node.isMissing ? node.type : node.text.slice(0, 60),
      });
    }
    if (node.hasError) for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return errors;
}
