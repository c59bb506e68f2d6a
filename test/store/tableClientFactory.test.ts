/** tableClientFactory: connection strings and identity endpoints resolved to table clients, http only on loopback. */
import { describe, expect, it } from "vitest";
import { TableClient } from "@azure/data-tables";
import {
  createTableClientFactory,
  DEVELOPMENT_STORAGE_CONNECTION_STRING,
  resolveStorageConnection,
} from "../../shared/store/tableClientFactory.js";
import { UserError } from "../../shared/errors.js";

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
