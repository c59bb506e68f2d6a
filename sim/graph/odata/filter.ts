/**
 * A small OData v4 $filter parser and evaluator: comparison operators (eq ne gt ge lt le), `in`,
 * `and` / `or` / `not`, parentheses, startswith(), and string, GUID, DateTimeOffset, number,
 * boolean and null literals over property paths such as `initiatedBy/user/id`.
 *
 * Parsing is separate from validation: each route says which (property, operator) pairs it
 * supports, so a filter Graph would reject is rejected here too (see checkFilter).
 */
import { badRequest, unsupportedQuery } from "../errors.js";

export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type FilterOp = CompareOp | "in" | "startswith" | "not";
export type LiteralType = "string" | "guid" | "datetime" | "number" | "boolean" | "null";

export interface Literal {
  type: LiteralType;
  value: string | number | boolean | null;
}

export type FilterExpr =
  | { kind: "compare"; op: CompareOp; path: string; value: Literal }
  | { kind: "in"; path: string; values: Literal[] }
  | { kind: "startswith"; path: string; value: Literal }
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; expr: FilterExpr };

type Token =
  { t: "ident"; v: string } | { t: "lit"; v: Literal } | { t: "("; v: "(" } | { t: ")"; v: ")" } | { t: ","; v: "," };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*(\/[A-Za-z_][A-Za-z0-9_.]*)*/;

function syntaxError(detail: string): Error {
  return badRequest(`Invalid filter clause: ${detail}`);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ t: ch, v: ch } as Token);
      i++;
      continue;
    }
    if (ch === "'") {
      // OData escapes a quote inside a string literal by doubling it.
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError("unterminated string literal");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ t: "lit", v: { type: "string", value } });
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid) {
      tokens.push({ t: "lit", v: { type: "guid", value: guid[0].toLowerCase() } });
      i += guid[0].length;
      continue;
    }
    const dt = DATETIME.exec(rest);
    if (dt) {
      tokens.push({ t: "lit", v: { type: "datetime", value: dt[0] } });
      i += dt[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ t: "lit", v: { type: "number", value: Number(num[0]) } });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      const word = id[0];
      if (word === "true" || word === "false")
        tokens.push({ t: "lit", v: { type: "boolean", value: word === "true" } });
      else if (word === "null") tokens.push({ t: "lit", v: { type: "null", value: null } });
      else tokens.push({ t: "ident", v: word });
      i += word.length;
      continue;
    }
    throw syntaxError(`unexpected character '${ch}' at position ${i}`);
  }
  return tokens;
}

const COMPARE_OPS = new Set<string>(["eq", "ne", "gt", "ge", "lt", "le"]);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpr {
    const expr = this.parseOr();
    if (this.pos < this.tokens.length) throw syntaxError(`unexpected '${String(this.tokens[this.pos]!.v)}'`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const tok = this.tokens[this.pos++];
    if (!tok) throw syntaxError("unexpected end of expression");
    return tok;
  }

  private isWord(word: string): boolean {
    const tok = this.peek();
    return tok?.t === "ident" && tok.v.toLowerCase() === word;
  }

  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      this.pos++;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (this.isWord("and")) {
      this.pos++;
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpr {
    if (this.isWord("not")) {
      this.pos++;
      return { kind: "not", expr: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterExpr {
    const tok = this.next();
    if (tok.t === "(") {
      const inner = this.parseOr();
      this.expect(")");
      return inner;
    }
    if (tok.t !== "ident") throw syntaxError(`expected a property name, found '${String(tok.v)}'`);
    if (tok.v.toLowerCase() === "startswith" && this.peek()?.t === "(") {
      this.pos++;
      const prop = this.next();
      if (prop.t !== "ident") throw syntaxError("startswith expects a property name first");
      this.expect(",");
      const lit = this.next();
      if (lit.t !== "lit") throw syntaxError("startswith expects a literal second");
      this.expect(")");
      return { kind: "startswith", path: prop.v, value: lit.v };
    }
    const opTok = this.next();
    if (opTok.t !== "ident") throw syntaxError(`expected an operator after '${tok.v}'`);
    const op = opTok.v.toLowerCase();
    if (op === "in") {
      this.expect("(");
      const values: Literal[] = [];
      for (;;) {
        const lit = this.next();
        if (lit.t !== "lit") throw syntaxError("'in' expects a list of literals");
        values.push(lit.v);
        const sep = this.next();
        if (sep.t === ")") break;
        if (sep.t !== ",") throw syntaxError("expected ',' or ')' in 'in' list");
      }
      return { kind: "in", path: tok.v, values };
    }
    if (!COMPARE_OPS.has(op)) throw syntaxError(`unknown operator '${opTok.v}'`);
    const lit = this.next();
    if (lit.t !== "lit") throw syntaxError(`expected a literal after '${op}'`);
    return { kind: "compare", op: op as CompareOp, path: tok.v, value: lit.v };
  }

  private expect(t: "(" | ")" | ","): void {
    const tok = this.next();
    if (tok.t !== t) throw syntaxError(`expected '${t}', found '${String(tok.v)}'`);
  }
}

export function parseFilter(text: string): FilterExpr {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw syntaxError("empty expression");
  return new Parser(tokens).parse();
}

// ---- validation -------------------------------------------------------------------------------

export type PropertyType = "string" | "guid" | "datetime" | "boolean" | "number";

/** What a route accepts in $filter: property path → its type and the operators Graph supports on it. */
export type FilterCapabilities = Record<string, { type: PropertyType; ops: FilterOp[] }>;

function literalFits(type: PropertyType, lit: Literal): boolean {
  if (lit.type === "null") return true;
  switch (type) {
    case "string":
      return lit.type === "string";
    case "guid":
      return lit.type === "guid" || (lit.type === "string" && GUID.test(String(lit.value)));
    case "datetime":
      return lit.type === "datetime";
    case "boolean":
      return lit.type === "boolean";
    case "number":
      return lit.type === "number";
  }
}

export interface FilterUse {
  /** ne / not were used: Graph directory objects accept them only as advanced queries. */
  negation: boolean;
}

/** Throws Request_UnsupportedQuery for any (property, operator) pair the route does not support. */
export function checkFilter(expr: FilterExpr, caps: FilterCapabilities): FilterUse {
  const use: FilterUse = { negation: false };
  const need = (path: string, op: FilterOp, lits: Literal[]) => {
    const cap = caps[path];
    if (!cap || !cap.ops.includes(op)) {
      throw unsupportedQuery(
        `Unsupported or invalid query filter clause specified for property '${path}' of resource '${op}'.`,
      );
    }
    for (const lit of lits) {
      if (!literalFits(cap.type, lit)) {
        throw badRequest(`A binary operator with incompatible types was detected for property '${path}'.`);
      }
    }
  };
  const walk = (e: FilterExpr): void => {
    switch (e.kind) {
      case "compare":
        if (e.op === "ne") use.negation = true;
        need(e.path, e.op, [e.value]);
        return;
      case "in":
        need(e.path, "in", e.values);
        return;
      case "startswith":
        need(e.path, "startswith", [e.value]);
        return;
      case "not": {
        use.negation = true;
        // `not` applies to a property the route allows to negate.
        const paths = collectPaths(e.expr);
        for (const p of paths) if (!caps[p]?.ops.includes("not")) throw unsupportedQuery();
        walk(e.expr);
        return;
      }
      case "and":
      case "or":
        walk(e.left);
        walk(e.right);
        return;
    }
  };
  walk(expr);
  return use;
}

function collectPaths(e: FilterExpr): string[] {
  switch (e.kind) {
    case "compare":
    case "in":
    case "startswith":
      return [e.path];
    case "not":
      return collectPaths(e.expr);
    case "and":
    case "or":
      return [...collectPaths(e.left), ...collectPaths(e.right)];
  }
}

// ---- evaluation -------------------------------------------------------------------------------

export function valueAt(item: unknown, path: string): unknown {
  let cur: unknown = item;
  for (const seg of path.split("/")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function compareValues(actual: unknown, lit: Literal): number | null {
  if (lit.type === "null" || actual === null || actual === undefined) {
    return (actual ?? null) === lit.value ? 0 : null;
  }
  if (lit.type === "datetime" && typeof actual === "string") {
    return Math.sign(Date.parse(actual) - Date.parse(String(lit.value)));
  }
  if (typeof actual === "string") {
    // Directory string comparisons are case-insensitive.
    const a = actual.toLowerCase();
    const b = String(lit.value).toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof actual === "number" && typeof lit.value === "number") return Math.sign(actual - lit.value);
  if (typeof actual === "boolean") return actual === lit.value ? 0 : null;
  return null;
}

export function evaluate(expr: FilterExpr, item: unknown): boolean {
  switch (expr.kind) {
    case "and":
      return evaluate(expr.left, item) && evaluate(expr.right, item);
    case "or":
      return evaluate(expr.left, item) || evaluate(expr.right, item);
    case "not":
      return !evaluate(expr.expr, item);
    case "in": {
      const actual = valueAt(item, expr.path);
      return expr.values.some((v) => compareValues(actual, v) === 0);
    }
    case "startswith": {
      const actual = valueAt(item, expr.path);
      return typeof actual === "string" && actual.toLowerCase().startsWith(String(expr.value.value).toLowerCase());
    }
    case "compare": {
      const c = compareValues(valueAt(item, expr.path), expr.value);
      switch (expr.op) {
        case "eq":
          return c === 0;
        case "ne":
          return c !== 0;
        case "gt":
          return c === 1;
        case "ge":
          return c === 1 || c === 0;
        case "lt":
          return c === -1;
        case "le":
          return c === -1 || c === 0;
      }
    }
  }
}

/** True when the filter is exactly `path eq <boolean>` (lets large generated sources answer without scanning). */
export function isBooleanEquality(expr: FilterExpr | undefined, path: string): boolean | undefined {
  if (expr?.kind === "compare" && expr.op === "eq" && expr.path === path && expr.value.type === "boolean") {
    return expr.value.value as boolean;
  }
  return undefined;
}
