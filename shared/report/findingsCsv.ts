/**
 * Findings as CSV, one row per finding, for spreadsheets and ticket imports. Quoting follows RFC 4180
 * (csv-stringify: fields with a comma, a quote or a line break are quoted, quotes doubled, CRLF between
 * records). Tenant strings are untrusted: a display name such as `=HYPERLINK(...)` would run as a
 * formula when the file is opened, so every text cell starting with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before reading a formula) gets a leading apostrophe, the
 * neutralisation OWASP's "CSV Injection" page recommends. Counts stay numbers.
 */
import { stringify } from "csv-stringify/sync";
import type { Exposure, Finding } from "../exposure/types.js";

type Cell = string | number | null | undefined;

const COLUMNS: ReadonlyArray<readonly [string, (f: Finding) => Cell]> = [
  ["severity", (f) => f.severity],
  ["kind", (f) => f.kind],
  ["title", (f) => f.title],
  ["principal", (f) => f.principal?.displayName ?? f.principal?.id],
  ["principalUpn", (f) => f.principal?.userPrincipalName],
  ["principalType", (f) => f.principal?.type],
  ["principalSynced", (f) => (f.principal?.synced === undefined ? undefined : String(f.principal.synced))],
  ["role", (f) => f.role?.displayName ?? f.role?.templateId],
  ["scope", (f) => (f.scope === "/" ? "tenant-wide" : f.scope)],
  ["scopeName", (f) => f.scopeDisplayName],
  ["assignment", (f) => f.assignment],
  ["via", (f) => f.via?.displayName ?? f.via?.id],
  ["syncedUsersReached", (f) => f.reach.syncedUsers],
  ["reachAssumed", (f) => (f.reach.assumed ? "yes" : undefined)],
  ["remediation", (f) => f.remediation],
  ["key", (f) => f.key],
];

/** Characters a spreadsheet may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet shows as text, never evaluates. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function renderFindingsCsv(exposure: Pick<Exposure, "findings">): string {
  const rows = exposure.findings.map((f) =>
    COLUMNS.map(([, cell]) => {
      const value = cell(f);
      return typeof value === "string" ? neutraliseFormula(value) : (value ?? "");
    }),
  );
  return stringify([COLUMNS.map(([name]) => name), ...rows], {
    record_delimiter: "windows",
    // A line break inside a cell is quoted whatever the record delimiter (RFC 4180, rule 6).
    quoted_match: /[\r\n]/,
  });
}
