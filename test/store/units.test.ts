import { describe, expect, it } from "vitest";
import { TableClient, type TransactionAction } from "@azure/data-tables";
import {
  createTableClientFactory,
  DEVELOPMENT_STORAGE_CONNECTION_STRING,
  resolveStorageConnection,
} from "../../shared/store/tableClientFactory.js";
import {
  estimateActionBytes,
  MAX_ACTIONS_PER_TRANSACTION,
  planTransactions,
  TRANSACTION_BODY_BUDGET,
} from "../../shared/store/transactions.js";
import { base64urlKey, invertedTime, safeId, sortableTime, tenantKey } from "../../shared/store/keys.js";
import {
  decodePayload,
  encodePayload,
  MAX_PROPERTY_BYTES,
  PROPERTIES_PER_ROW,
} from "../../shared/store/snapshotPayload.js";
import { UserError } from "../../shared/errors.js";
import { randomBytes } from "node:crypto";

describe("storage connection", () => {
  it("maps UseDevelopmentStorage=true to Azurite's default table endpoint over http", () => {
    for (const cs of ["UseDevelopmentStorage=true", "usedevelopmentstorage=TRUE;", " UseDevelopmentStorage = true "]) {
      const r = resolveStorageConnection({ connectionString: cs });
      expect(r).toMatchObject({
        kind: "connectionString",
        connectionString: DEVELOPMENT_STORAGE_CONNECTION_STRING,
        tableEndpoint: "http://127.0.0.1:10002/devstoreaccount1",
        allowInsecureConnection: true,
      });
    }
    const client = createTableClientFactory({ connectionString: "UseDevelopmentStorage=true" }).client("snapshots");
    expect(client.url).toBe("http://127.0.0.1:10002/devstoreaccount1");
  });

  it("allows plain http only for loopback endpoints", () => {
    const key = "ZmFrZQ==";
    const remoteHttp = `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${key};TableEndpoint=http://acct.example.net/`;
    expect(() => resolveStorageConnection({ connectionString: remoteHttp })).toThrow(UserError);
    const noEndpointHttp = `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`;
    expect(() => resolveStorageConnection({ connectionString: noEndpointHttp })).toThrow(/https/);
    const azure = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`;
    expect(resolveStorageConnection({ connectionString: azure }).allowInsecureConnection).toBe(false);
    expect(createTableClientFactory({ connectionString: azure }).client("t").url).toBe(
      "https://acct.table.core.windows.net",
    );

    expect(
      resolveStorageConnection({ tableServiceUri: "https://acct.table.core.windows.net/", clientId: "c" }),
    ).toEqual({
      kind: "identity",
      tableServiceUri: "https://acct.table.core.windows.net",
      clientId: "c",
      allowInsecureConnection: false,
    });
    expect(
      resolveStorageConnection({ tableServiceUri: "http://localhost:10002/devstoreaccount1" }).allowInsecureConnection,
    ).toBe(true);
    expect(() => resolveStorageConnection({ tableServiceUri: "http://acct.table.core.windows.net" })).toThrow(
      UserError,
    );
    expect(() => resolveStorageConnection({})).toThrow(/AUDIT_STORAGE/);
  });

  it("builds identity-based clients with the given credential", () => {
    const credential = { getToken: async () => ({ token: "fake", expiresOnTimestamp: Date.now() + 60_000 }) };
    const client = createTableClientFactory(
      { tableServiceUri: "https://acct.table.core.windows.net" },
      { credential },
    ).client("state");
    expect(client).toBeInstanceOf(TableClient);
    expect(client.tableName).toBe("state");
  });
});

describe("transaction planning", () => {
  const entity = (i: number, bytes: number): TransactionAction => [
    "upsert",
    { partitionKey: "p", rowKey: String(i), d00: new Uint8Array(bytes) },
  ];

  it("keeps each transaction within 100 actions and the body budget, in order", () => {
    const small = Array.from({ length: 250 }, (_, i) => entity(i, 10));
    const groups = planTransactions(small);
    expect(groups.map((g) => g.length)).toEqual([100, 100, 50]);
    expect(groups.flat()).toEqual(small);

    const big = Array.from({ length: 9 }, (_, i) => entity(i, MAX_PROPERTY_BYTES * PROPERTIES_PER_ROW));
    const bigGroups = planTransactions(big);
    expect(bigGroups.length).toBeGreaterThan(1);
    for (const g of bigGroups) {
      expect(g.length).toBeLessThanOrEqual(MAX_ACTIONS_PER_TRANSACTION);
      expect(g.reduce((n, a) => n + estimateActionBytes(a), 0)).toBeLessThanOrEqual(TRANSACTION_BODY_BUDGET);
    }
    expect(bigGroups.flat()).toEqual(big);
  });

  it("counts binary values at their base64 size", () => {
    expect(estimateActionBytes(entity(0, 3000))).toBeGreaterThanOrEqual(4000);
    expect(() => planTransactions([entity(0, 4 * 1024 * 1024)])).toThrow(/budget/);
  });
});

describe("keys", () => {
  it("accepts GUID tenants and safe ids, rejects what Table keys forbid", () => {
    expect(tenantKey("0B5C1E2A-7F3D-4C1E-9A6B-2D8F4E3C1A90")).toBe("0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a90");
    for (const bad of ["", "x", "0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a9/", "0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a90\n"]) {
      expect(() => tenantKey(bad)).toThrow(UserError);
    }
    expect(safeId("20300101T000000000Z-ab12cd34", "id")).toBe("20300101T000000000Z-ab12cd34");
    for (const bad of ["a/b", "a\\b", "a#b", "a?b", "a\tb", "a\u007fb", "a\u0085b", "", "-lead", "x".repeat(200)]) {
      expect(() => safeId(bad, "id")).toThrow(UserError);
    }
  });

  it("orders times as strings: sortable ascending, inverted descending", () => {
    const a = new Date("2024-01-01T00:00:00Z");
    const b = new Date("2024-01-01T00:00:00.001Z");
    expect(sortableTime(a) < sortableTime(b)).toBe(true);
    expect(invertedTime(a) > invertedTime(b)).toBe(true);
    expect(() => sortableTime("not a date")).toThrow(UserError);
  });

  it("encodes free-form values (email addresses) reversibly into key-safe text", () => {
    const key = base64urlKey("snap-1:O'Brien/#?@contoso.example", "k");
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(key, "base64url").toString("utf8")).toBe("snap-1:O'Brien/#?@contoso.example");
    expect(() => base64urlKey("x".repeat(1000), "k")).toThrow(UserError);
  });
});

describe("snapshot payload", () => {
  it("round-trips and refuses bytes that do not match the recorded hash", async () => {
    const value = { blob: randomBytes(300_000).toString("base64") };
    const encoded = await encodePayload(value);
    expect(encoded.rows.length).toBe(Math.ceil(encoded.gzipped.length / (MAX_PROPERTY_BYTES * PROPERTIES_PER_ROW)));
    for (const row of encoded.rows) {
      expect(row.length).toBeLessThanOrEqual(PROPERTIES_PER_ROW);
      for (const part of row) expect(part.length).toBeLessThanOrEqual(MAX_PROPERTY_BYTES);
    }
    const parts = encoded.rows.flat();
    expect(await decodePayload(parts, encoded.sha256)).toEqual(value);
    await expect(decodePayload(parts.slice(0, -1), encoded.sha256)).rejects.toThrow(/SHA-256/);
  });
});
