/**
 * Pseudonyms for the personal data in Graph payloads, so a recording of a real tenant can be shared
 * without its directory. Names, sign-in names, mail addresses, on-premises names and identifiers,
 * phone numbers and IP addresses become stable keyed hashes: the same value always gets the same
 * pseudonym within one recording (a user's UPN in the users list, a role assignment and an audit
 * event stays one person), so the audit computed from the recording is the audit of the tenant.
 * Object ids, counts, flags, role and permission values, shapes and error codes are kept: they are
 * what the exposure is computed from, and they say nothing about a person on their own. So are
 * Microsoft's own texts: built-in role names and the app role names of Microsoft Graph.
 *
 * The key is random per recording and never written, so pseudonyms cannot be reversed by hashing
 * a list of likely names. Markers the audit itself reads in names stay readable: the prefix of
 * Entra Connect's `Sync_…` account and cloud sync's `ADToAADSyncServiceAccount@…`, and the names
 * of Microsoft's own sync applications (entra-docs reference-connect-accounts-permissions.md).
 */
import { createHmac, randomBytes } from "node:crypto";

/** Properties whose string values (or strings in arrays) are personal or organisational names. */
const NAME_KEYS = new Set(
  [
    "displayName",
    "userDisplayName",
    "principalDisplayName",
    "resourceDisplayName",
    "givenName",
    "surname",
    "jobTitle",
    "officeLocation",
    "mailNickname",
    "onPremisesSamAccountName",
    "onPremisesDomainName",
    "onPremisesDistinguishedName",
    "onPremisesSecurityIdentifier",
    "onPremisesImmutableId",
    "businessPhones",
    "mobilePhone",
    "ipAddress",
    "accountName",
    "description",
    "oldValue",
    "newValue",
    "value",
  ].map((k) => k.toLowerCase()),
);
/** Properties holding addresses: the local part and the domain are hashed apart, keeping the shape. */
const ADDRESS_KEYS = new Set(
  ["userPrincipalName", "mail", "onPremisesUserPrincipalName", "otherMails", "imAddresses", "proxyAddresses"].map((k) =>
    k.toLowerCase(),
  ),
);
/** Names that identify Microsoft's sync engine, which the audit recognises by name. */
const KEPT_NAMES = /^((Microsoft )?Azure AD (Connect|Cloud) Sync|Microsoft Entra Connect)/i;
const KEPT_PREFIXES = /^(Sync_|ADToAADSyncServiceAccount(?=@))/i;

export interface Pseudonymizer {
  /** A deep copy of a JSON value with personal strings replaced. */
  json(value: unknown): unknown;
  /** The pseudonym of one name. */
  name(value: string): string;
  /** The pseudonym of one address (local@domain). */
  address(value: string): string;
  /**
   * Every value replaced so far with its pseudonym, in memory only (never written): lets a test map
   * the live audit's names onto the recording's.
   */
  issued(): ReadonlyMap<string, string>;
}

export function createPseudonymizer(key: Buffer = randomBytes(32)): Pseudonymizer {
  const hash = (kind: string, value: string) =>
    createHmac("sha256", key).update(`${kind}\u0000${value.toLowerCase()}`).digest("hex").slice(0, 10);

  const issued = new Map<string, string>();
  const remember = (value: string, pseudonym: string): string => {
    if (pseudonym !== value) issued.set(value, pseudonym);
    return pseudonym;
  };

  const name = (value: string): string => {
    if (value === "" || KEPT_NAMES.test(value)) return value;
    return remember(value, `n-${hash("name", value)}`);
  };
  const address = (value: string): string => {
    const at = value.lastIndexOf("@");
    // A proxy address carries its type (SMTP:, smtp:) before the address.
    const typed = /^([a-z0-9]+:)(.*)$/i.exec(value);
    if (typed && typed[2]!.includes("@")) return `${typed[1]}${address(typed[2]!)}`;
    if (at < 0) return name(value);
    const local = value.slice(0, at);
    const kept = KEPT_PREFIXES.exec(local)?.[1] ?? "";
    const rest = local.slice(kept.length);
    return remember(
      value,
      `${kept}${rest ? `u-${hash("local", local)}` : ""}@d-${hash("domain", value.slice(at + 1))}.example`,
    );
  };

  const walk = (value: unknown, key: string | undefined, microsoftText: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, key, microsoftText));
    if (typeof value === "string") {
      if (key === undefined) return value;
      const k = key.toLowerCase();
      if (ADDRESS_KEYS.has(k)) return address(value);
      // Permission and role values (appRoles[].value, "User.Read.All") are Microsoft's, not the tenant's.
      if (k === "value" && /^[A-Za-z-]+(\.[A-Za-z-]+)+$/.test(value)) return value;
      // Built-in role names and Microsoft Graph's app role texts are Microsoft's, not the tenant's.
      if (microsoftText && (k === "displayname" || k === "description")) return value;
      return NAME_KEYS.has(k) ? name(value) : value;
    }
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, unknown>;
    // A built-in role definition, or an app role of the service principal it was read from (the
    // audit reads app roles of Microsoft Graph only): an appRole carries allowedMemberTypes and a value.
    const ofMicrosoft = record.isBuiltIn === true || (Array.isArray(record.allowedMemberTypes) && "value" in record);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = walk(v, k, ofMicrosoft);
    return out;
  };

  return { json: (value) => walk(value, undefined, false), name, address, issued: () => issued };
}
