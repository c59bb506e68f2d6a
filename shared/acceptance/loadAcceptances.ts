/**
 * The acceptances in force for a tenant: the table's, merged with the acceptances file's
 * (ACCEPTANCES_FILE), where the file wins for the same target. Reading the file can fail in many
 * ways (missing, unreadable blob, bad JSON, a bad entry): each is a problem reported with the run,
 * the health endpoint and the report, never a failed audit. The file is a local path, or a blob URL
 * read with the app's managed identity (@azure/storage-blob).
 */
import { readFile, stat } from "node:fs/promises";
import { BlobClient, type StorageSharedKeyCredential } from "@azure/storage-blob";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { Config } from "../config.js";
import { scrubSecrets } from "../errors.js";
import type { AcceptanceStore, OperationOptions } from "../store/types.js";
import { parseAcceptancesFile } from "./acceptancesFile.js";
import { sameTarget } from "./matchFinding.js";
import type { Acceptance, AcceptanceSet } from "./types.js";

/** Far more than any reviewed list of acceptances; a larger file is refused unread. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface ReadAcceptancesFileOptions extends OperationOptions {
  /** For a blob URL; default DefaultAzureCredential with the app's managed identity. */
  credential?: TokenCredential | StorageSharedKeyCredential;
  managedIdentityClientId?: string;
}

const isUrl = (location: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(location);

/** The file's text. Throws with a message saying what to check. */
export async function readAcceptancesFile(location: string, options: ReadAcceptancesFileOptions = {}): Promise<string> {
  const tooLarge = (bytes: number) =>
    new Error(`is ${bytes} bytes, more than the ${MAX_FILE_BYTES} an acceptances file may have`);
  if (!isUrl(location)) {
    const info = await stat(location);
    if (info.size > MAX_FILE_BYTES) throw tooLarge(info.size);
    return readFile(location, { encoding: "utf8", signal: options.abortSignal });
  }
  const url = new URL(location);
  const credential =
    options.credential ?? new DefaultAzureCredential({ managedIdentityClientId: options.managedIdentityClientId });
  const blob = new BlobClient(location, credential, {
    // Plain http only for a loopback blob endpoint (Azurite); the setting's validation refuses others.
    ...(url.protocol === "http:" ? { allowInsecureConnection: true } : {}),
    retryOptions: { maxTries: 2 },
  } as ConstructorParameters<typeof BlobClient>[2]);
  const properties = await blob.getProperties({ abortSignal: options.abortSignal });
  if ((properties.contentLength ?? 0) > MAX_FILE_BYTES) throw tooLarge(properties.contentLength!);
  const buffer = await blob.downloadToBuffer(0, undefined, { abortSignal: options.abortSignal });
  return buffer.toString("utf8");
}

export interface LoadAcceptancesInput {
  store: AcceptanceStore;
  tenantId: string;
  config: Pick<Config, "acceptancesFile" | "acceptanceMaxDays" | "managedIdentityClientId">;
  /** Reads the file (tests pass a stub or an Azurite credential); default readAcceptancesFile. */
  readFile?: (location: string, options: ReadAcceptancesFileOptions) => Promise<string>;
  abortSignal?: AbortSignal;
}

export async function loadAcceptances(input: LoadAcceptancesInput): Promise<AcceptanceSet> {
  const table = (await input.store.list(input.tenantId, { abortSignal: input.abortSignal })).map((s) => s.acceptance);
  const location = input.config.acceptancesFile;
  if (!location) return { acceptances: table, problems: [], overridden: [] };
  const where = displayLocation(location);
  let text: string;
  try {
    text = await (input.readFile ?? readAcceptancesFile)(location, {
      abortSignal: input.abortSignal,
      managedIdentityClientId: input.config.managedIdentityClientId,
    });
  } catch (e) {
    input.abortSignal?.throwIfAborted();
    const reason = scrubSecrets(e instanceof Error ? e.message : String(e)).slice(0, 300);
    return {
      acceptances: table,
      problems: [
        `acceptances file ${where} could not be read (${reason}); only the table's acceptances apply. Check ACCEPTANCES_FILE and, for a blob, that the app's identity can read it.`,
      ],
      overridden: [],
    };
  }
  const file = parseAcceptancesFile(text, { maxDays: input.config.acceptanceMaxDays, where });
  return { ...merge(table, file.acceptances), problems: file.problems };
}

/** The file's entries, and the table's for targets the file does not name. */
export function merge(table: readonly Acceptance[], file: readonly Acceptance[]): Omit<AcceptanceSet, "problems"> {
  const overridden = table.filter((t) => !t.revokedAt && file.some((f) => sameTarget(f.target, t.target)));
  const kept = table.filter((t) => !overridden.includes(t));
  return { acceptances: [...file, ...kept], overridden: overridden.map((t) => t.id) };
}

/** A blob URL without its query (a SAS token has no place in a log or a report). */
export function displayLocation(location: string): string {
  if (!isUrl(location)) return location;
  const url = new URL(location);
  return `${url.origin}${url.pathname}`;
}
