/**
 * Turns a StorageConnection (connection string or identity-based table endpoint) into TableClients
 * that share one request counter. Only loopback endpoints (Azurite) may use plain http.
 */
import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { StorageConnection } from "../config.js";
import { connectionStringPairs, isDevelopmentStorage } from "../connectionStrings.js";
import { UserError } from "../errors.js";
import { isLoopbackUrl } from "../loopback.js";

/** Azurite's documented development account (public, not a secret) on its default table port. */
export const DEVELOPMENT_STORAGE_CONNECTION_STRING =
  "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
  "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
  "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

export type ResolvedConnection =
  | { kind: "connectionString"; connectionString: string; tableEndpoint?: string; allowInsecureConnection: boolean }
  | { kind: "identity"; tableServiceUri: string; clientId?: string; allowInsecureConnection: boolean };

/** What a request looked like, for callers that watch sizes (tests, benchmark). */
export interface RequestInfo {
  method: string;
  url: string;
  /** UTF-8 bytes of the request body (0 when none). */
  bodyBytes: number;
}

export function resolveStorageConnection(storage: StorageConnection): ResolvedConnection {
  if (storage.connectionString) {
    const raw = storage.connectionString.trim();
    const cs = isDevelopmentStorage(raw) ? DEVELOPMENT_STORAGE_CONNECTION_STRING : raw;
    const { pairs } = connectionStringPairs(cs);
    const tableEndpoint = pairs.get("tableendpoint");
    if (tableEndpoint !== undefined) {
      try {
        new URL(tableEndpoint);
      } catch {
        throw new UserError("AUDIT_STORAGE: TableEndpoint in the connection string is not a URL.");
      }
    }
    const plainHttp =
      tableEndpoint !== undefined
        ? tableEndpoint.toLowerCase().startsWith("http:")
        : pairs.get("defaultendpointsprotocol")?.toLowerCase() === "http";
    const loopback = tableEndpoint !== undefined && isLoopbackUrl(tableEndpoint);
    if (plainHttp && !loopback) {
      throw new UserError("AUDIT_STORAGE: plain http is allowed only for 127.0.0.1/localhost (Azurite); use https.");
    }
    return {
      kind: "connectionString",
      connectionString: cs,
      tableEndpoint,
      allowInsecureConnection: plainHttp && loopback,
    };
  }
  if (storage.tableServiceUri) {
    let uri: URL;
    try {
      uri = new URL(storage.tableServiceUri);
    } catch {
      throw new UserError("AUDIT_STORAGE__tableServiceUri is not a URL; use https://<account>.table.core.windows.net.");
    }
    const insecure = uri.protocol === "http:";
    if (insecure && !isLoopbackUrl(uri)) {
      throw new UserError(
        "AUDIT_STORAGE__tableServiceUri must use https (plain http is allowed only for 127.0.0.1/localhost).",
      );
    }
    return {
      kind: "identity",
      tableServiceUri: uri.href.replace(/\/+$/, ""),
      clientId: storage.clientId,
      allowInsecureConnection: insecure,
    };
  }
  throw new UserError(
    "No table storage configured: set AUDIT_STORAGE (UseDevelopmentStorage=true for Azurite) or AUDIT_STORAGE__accountName / AUDIT_STORAGE__tableServiceUri.",
  );
}

type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

export interface TableClientFactoryOptions {
  credential?: TokenCredential;
  onRequest?: (info: RequestInfo) => void;
}

export interface TableClientFactory {
  client(tableName: string): TableClient;
  /** HTTP requests sent so far by every client of this factory (retries included). */
  operations(): number;
}

function bodyBytes(body: unknown): number {
  if (typeof body === "string") return Buffer.byteLength(body, "utf8");
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
}

export function createTableClientFactory(
  storage: StorageConnection,
  options: TableClientFactoryOptions = {},
): TableClientFactory {
  const resolved = resolveStorageConnection(storage);
  let count = 0;
  // After the retry policy, so each attempt that goes on the wire is counted once.
  const counter: PipelinePolicy = {
    name: "writebackWatchOperationCounter",
    async sendRequest(request, next) {
      count += 1;
      options.onRequest?.({ method: request.method, url: request.url, bodyBytes: bodyBytes(request.body) });
      return next(request);
    },
  };
  const clientOptions: TableServiceClientOptions = { allowInsecureConnection: resolved.allowInsecureConnection };
  let credential: TokenCredential | undefined;
  return {
    client(tableName) {
      let client: TableClient;
      if (resolved.kind === "connectionString") {
        client = TableClient.fromConnectionString(resolved.connectionString, tableName, clientOptions);
      } else {
        credential ??= options.credential ?? new DefaultAzureCredential({ managedIdentityClientId: resolved.clientId });
        client = new TableClient(resolved.tableServiceUri, tableName, credential, clientOptions);
      }
      client.pipeline.addPolicy(counter, { afterPhase: "Retry" });
      return client;
    },
    operations: () => count,
  };
}
