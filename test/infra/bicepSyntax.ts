/**
 * Bicep syntax without the Bicep CLI: the tree-sitter grammar for Bicep (npm tree-sitter-bicep,
 * its prebuilt WebAssembly parser) run through web-tree-sitter. The grammar knows the language,
 * not Azure's resource types, so this catches what a broken edit does to the syntax (an unclosed
 * brace, a missing value, a stray token) and leaves type checking to `az bicep build` at deploy time.
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

/** Every ERROR and MISSING node of the parse tree, in source order; empty when the file parses. */
export async function bicepSyntaxErrors(source: string): Promise<SyntaxError[]> {
  const tree = (await bicepParser()).parse(source);
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
