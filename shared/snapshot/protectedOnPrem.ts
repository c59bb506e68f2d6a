/**
 * On-premises accounts the password writeback service cannot change, as the operator declares them.
 *
 * MicrosoftDocs/entra-docs docs/identity/authentication/concept-sspr-writeback.md: "The on-premises
 * service account that handles password write-back requests cannot change the passwords for users
 * that belong to protected groups." Active Directory marks such accounts with adminCount, which
 * Microsoft Graph does not expose, so the operator lists them (PROTECTED_ONPREM_ACCOUNTS) by what
 * Graph does expose on a synced user: onPremisesSecurityIdentifier and onPremisesDistinguishedName.
 *
 * An entry is one of:
 * - a security identifier, `S-1-5-21-…`: matches that account;
 * - a distinguished name with `*` wildcards, `CN=adm-*,OU=Staff,DC=corp,DC=example`: matches whole DNs;
 * - a distinguished name without wildcards, usually an OU or container, `OU=Tier0,DC=corp,DC=example`:
 *   matches that object and everything below it.
 * Comparison ignores case and the spaces around `,` and `=` (RFC 4514 allows them when reading a DN).
 */

export type ProtectedOnPremEntry =
  { kind: "sid"; value: string } | { kind: "dn-pattern"; value: string } | { kind: "dn-subtree"; value: string };

/** A synced user the declaration matched: left out of every reset path's reach. */
export interface ProtectedOnPremUser {
  id: string;
  userPrincipalName: string | null;
  /** The declared entry that matched, as the operator wrote it. */
  matchedBy: string;
}

const SID = /^S-1-\d+(-\d+)+$/i;

/** Split the setting into entries (`;` or new lines; DNs contain commas). Throws a message per bad entry. */
export function parseProtectedOnPrem(text: string): { entries: ProtectedOnPremEntry[]; problems: string[] } {
  const entries: ProtectedOnPremEntry[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[;\r\n]+/)) {
    const value = raw.trim();
    if (value === "") continue;
    if (SID.test(value)) entries.push({ kind: "sid", value });
    else if (/^[a-z][a-z0-9-]*\s*=/i.test(value))
      entries.push({ kind: value.includes("*") ? "dn-pattern" : "dn-subtree", value });
    else
      problems.push(
        `"${value.slice(0, 80)}" is neither a security identifier (S-1-5-21-…) nor a distinguished name (OU=…,DC=…)`,
      );
  }
  return { entries, problems };
}

/** What Graph returns for a synced user, as far as matching needs it. */
export interface OnPremIdentity {
  onPremisesSecurityIdentifier?: string | null;
  onPremisesDistinguishedName?: string | null;
}

/** The entry that matches the user, or undefined. Compiled once per declaration. */
export function protectedOnPremMatcher(
  entries: readonly ProtectedOnPremEntry[],
): (user: OnPremIdentity) => ProtectedOnPremEntry | undefined {
  const sids = new Map(entries.filter((e) => e.kind === "sid").map((e) => [e.value.toUpperCase(), e]));
  const dnTests = entries
    .filter((e) => e.kind !== "sid")
    .map((e) => {
      const norm = normalizeDn(e.value);
      const test =
        e.kind === "dn-pattern"
          ? (
              (re: RegExp) => (dn: string) =>
                re.test(dn)
            )(new RegExp(`^${norm.split("*").map(escapeRegExp).join(".*")}$`, "s"))
          : (dn: string) => dn === norm || dn.endsWith(`,${norm}`);
      return { entry: e, test };
    });
  return (user) => {
    const sid = user.onPremisesSecurityIdentifier?.toUpperCase();
    if (sid) {
      const hit = sids.get(sid);
      if (hit) return hit;
    }
    if (!user.onPremisesDistinguishedName || dnTests.length === 0) return undefined;
    const dn = normalizeDn(user.onPremisesDistinguishedName);
    return dnTests.find((t) => t.test(dn))?.entry;
  };
}

function normalizeDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*([,=])\s*/g, "$1")
    .toLowerCase();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
