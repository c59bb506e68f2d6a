/**
 * The two connection strings the app accepts (Table Storage for Azurite or a keyed account, and
 * Azure Communication Services for local development), checked when the settings are read so that
 * a malformed one fails at start with a message naming it, instead of later inside an SDK that
 * echoes the whole string (key included) in its error.
 *
 * Storage: `;`-separated `Name=value` pairs as in "Configure Azure Storage connection strings"
 * (articles/storage/common/storage-configure-connection-string.md), or `UseDevelopmentStorage=true`.
 * ACS: `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>` as the
 * Communication Services resource shows it under Keys.
 */
import { endpointUrlProblem } from "./loopback.js";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Pairs by lower-cased name; a value keeps any `=` it contains (keys end in `==`). */
export function connectionStringPairs(text: string): { pairs: Map<string, string>; malformed: string[] } {
  const pairs = new Map<string, string>();
  const malformed: string[] = [];
  for (const part of text.split(";")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      malformed.push(part.trim().slice(0, 40));
      continue;
    }
    pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return { pairs, malformed };
}

export function isDevelopmentStorage(text: string): boolean {
  return /^\s*usedevelopmentstorage\s*=\s*true\s*;?\s*$/i.test(text);
}

const STORAGE_NAMES = new Set([
  "defaultendpointsprotocol",
  "accountname",
  "accountkey",
  "endpointsuffix",
  "tableendpoint",
  "blobendpoint",
  "queueendpoint",
  "fileendpoint",
  "sharedaccesssignature",
]);

/** What is wrong with a Table Storage connection string; empty when it can be used. Never quotes a key. */
export function storageConnectionStringProblems(text: string): string[] {
  if (isDevelopmentStorage(text)) return [];
  const { pairs, malformed } = connectionStringPairs(text);
  const problems: string[] = [];
  if (malformed.length > 0 || pairs.size === 0) {
    return ["is not a connection string of Name=value pairs separated by ; (or UseDevelopmentStorage=true)"];
  }
  const unknown = [...pairs.keys()].filter((k) => !STORAGE_NAMES.has(k));
  if (unknown.length > 0) problems.push(`has unknown names: ${unknown.join(", ")}`);
  const key = pairs.get("accountkey");
  const sas = pairs.get("sharedaccesssignature");
  const account = pairs.get("accountname");
  const tableEndpoint = pairs.get("tableendpoint");
  if (!key && !sas) problems.push("needs AccountKey or SharedAccessSignature");
  if (key !== undefined && !BASE64.test(key)) problems.push("has an AccountKey that is not base64");
  if (key !== undefined && !account) problems.push("has an AccountKey without AccountName");
  if (!tableEndpoint && !account) problems.push("needs TableEndpoint or AccountName");
  const protocol = pairs.get("defaultendpointsprotocol")?.toLowerCase();
  if (protocol !== undefined && protocol !== "http" && protocol !== "https") {
    problems.push("has a DefaultEndpointsProtocol other than https or http");
  }
  if (tableEndpoint !== undefined) {
    const problem = endpointUrlProblem(tableEndpoint);
    if (problem) problems.push(`TableEndpoint ${problem}`);
  } else if (protocol === "http") {
    problems.push("uses DefaultEndpointsProtocol=http without a loopback TableEndpoint; use https");
  }
  return problems;
}

/** The secret parts of a storage connection string, for redaction. */
export function storageConnectionStringSecrets(text: string): string[] {
  const { pairs } = connectionStringPairs(text);
  return [pairs.get("accountkey"), pairs.get("sharedaccesssignature")].filter((v): v is string => !!v);
}

/** What is wrong with an ACS connection string; empty when it can be used. Never quotes the key. */
export function acsConnectionStringProblems(text: string): string[] {
  const { pairs, malformed } = connectionStringPairs(text);
  if (malformed.length > 0 || pairs.size === 0) {
    return ["is not of the form endpoint=https://<resource>.communication.azure.com/;accesskey=<key>"];
  }
  const problems: string[] = [];
  const unknown = [...pairs.keys()].filter((k) => k !== "endpoint" && k !== "accesskey");
  if (unknown.length > 0) problems.push(`has unknown names: ${unknown.join(", ")}`);
  const endpoint = pairs.get("endpoint");
  if (!endpoint) problems.push("needs endpoint=https://<resource>.communication.azure.com/");
  else {
    const problem = endpointUrlProblem(endpoint);
    if (problem) problems.push(`endpoint ${problem}`);
  }
  const key = pairs.get("accesskey");
  if (!key) problems.push("needs accesskey=<key>");
  else if (!BASE64.test(key)) problems.push("has an accesskey that is not base64");
  return problems;
}

/** The endpoint of an ACS connection string (undefined when it has none). */
export function acsEndpointOf(text: string): string | undefined {
  return connectionStringPairs(text).pairs.get("endpoint");
}

export function acsConnectionStringSecrets(text: string): string[] {
  const key = connectionStringPairs(text).pairs.get("accesskey");
  return key ? [key] : [];
}
