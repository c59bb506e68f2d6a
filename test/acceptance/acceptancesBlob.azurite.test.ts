/**
 * ACCEPTANCES_FILE as a blob URL, against Azurite's blob service: the file is read with
 * @azure/storage-blob (here with the development account's key in place of the managed identity's
 * token), merged with the table's acceptances, and a blob that is missing or too large is a problem
 * reported with the table's acceptances still in force, never a failed read of the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from "@azure/storage-blob";
import {
  loadAcceptances,
  MAX_FILE_BYTES,
  readAcceptancesFile,
  type ReadAcceptancesFileOptions,
} from "../../shared/acceptance/loadAcceptances.js";
import type { AcceptanceStore, StoredAcceptance } from "../../shared/store/types.js";
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzuriteBlob, type RunningAzuriteBlob } from "../../sim/azurite.js";
import { acceptance } from "./fixtures.js";

let azurite: RunningAzuriteBlob;
let container: ContainerClient;
const credential = new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY);
const TENANT = "0a0b0c0d-1111-4222-8333-444455556666";

const FILE = JSON.stringify({
  acceptances: [
    {
      id: "hr-sync",
      key: "app-permission:sp-1:User-PasswordProfile.ReadWrite.All",
      owner: "hr-it@contoso.example",
      reason: "Approved HR provisioning app",
      accepted: "2026-01-10",
      until: "2026-04-10",
      upTo: { severity: "high", syncedUsers: 100 },
    },
  ],
});

/** A table with one acceptance, read only. */
const table: AcceptanceStore = {
  list: async (): Promise<StoredAcceptance[]> => [{ acceptance: acceptance(), etag: "e1" }],
  history: async () => [],
  record: async () => {
    throw new Error("not written in this suite");
  },
};

const viaKey = (location: string, options: ReadAcceptancesFileOptions) =>
  readAcceptancesFile(location, { ...options, credential });

const load = (location: string) =>
  loadAcceptances({
    store: table,
    tenantId: TENANT,
    config: { acceptancesFile: location, acceptanceMaxDays: 180 },
    readFile: viaKey,
  });

beforeAll(async () => {
  azurite = await startAzuriteBlob();
  const service = new BlobServiceClient(azurite.blobEndpoint, credential);
  container = service.getContainerClient("config");
  await container.create();
  await container.getBlockBlobClient("acceptances.json").upload(FILE, Buffer.byteLength(FILE));
});

afterAll(async () => {
  await azurite?.stop();
});

describe("the acceptances file as a blob", () => {
  it("is read whole and merged with the table's acceptances", async () => {
    const url = `${azurite.blobEndpoint}/config/acceptances.json`;
    expect(await readAcceptancesFile(url, { credential })).toBe(FILE);
    const set = await load(url);
    expect(set.problems).toEqual([]);
    expect(set.acceptances.map((a) => [a.id, a.source])).toEqual([
      ["file:hr-sync", "file"],
      ["acc-0001", "table"],
    ]);
    expect(set.acceptances[0]!.acceptedBy).toBe(`file ${url}`);
  });

  it("a missing blob is a problem; the table's acceptances still apply", async () => {
    const set = await load(`${azurite.blobEndpoint}/config/missing.json`);
    expect(set.acceptances.map((a) => a.id)).toEqual(["acc-0001"]);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]).toMatch(/acceptances file .*missing\.json could not be read/);
    expect(set.problems[0]).toMatch(/the app's identity can read it/);
  });

  it("a blob larger than the limit is refused unread", async () => {
    const big = " ".repeat(MAX_FILE_BYTES + 1);
    await container.getBlockBlobClient("big.json").upload(big, big.length);
    const set = await load(`${azurite.blobEndpoint}/config/big.json`);
    expect(set.problems[0]).toMatch(new RegExp(`is ${MAX_FILE_BYTES + 1} bytes, more than the ${MAX_FILE_BYTES}`));
    expect(set.acceptances.map((a) => a.id)).toEqual(["acc-0001"]);
  });
});
