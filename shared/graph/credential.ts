import { DefaultAzureCredential, type AccessToken, type TokenCredential } from "@azure/identity";
import type { Config } from "../config.js";
import { createGraphClient, type GraphClient } from "./GraphClient.js";
import type { ExchangeSink } from "./recording/exchange.js";

export interface GraphCredentialOptions {
  /** Entra authority for the cloud, e.g. https://login.microsoftonline.us (national clouds). */
  authorityHost?: string;
  /** Client id of a user-assigned managed identity; omit for system-assigned or developer sign-in. */
  managedIdentityClientId?: string;
  /** A bearer token obtained elsewhere (GRAPH_ACCESS_TOKEN); wins over DefaultAzureCredential. */
  accessToken?: string;
}

/**
 * The credential the Graph client authenticates with: DefaultAzureCredential (managed identity in
 * Azure, developer sign-in locally) or, when GRAPH_ACCESS_TOKEN is set, that token as is.
 */
export function createGraphCredential(options: GraphCredentialOptions = {}): TokenCredential {
  if (options.accessToken) return new StaticTokenCredential(options.accessToken);
  return new DefaultAzureCredential({
    ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
    ...(options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {}),
  });
}

/**
 * A token handed over by the operator. Its expiry is unknown to us (we do not decode it), so it is
 * reported as valid for an hour; Graph's 401 is the real judge.
 */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 60 * 60_000 };
  }

  /** Never print the token. */
  toJSON(): string {
    return "StaticTokenCredential([redacted])";
  }
}

export interface GraphClientForConfigOptions {
  /** A bearer token (GRAPH_ACCESS_TOKEN); DefaultAzureCredential otherwise. */
  accessToken?: string;
  /** Multiplies retry waits (demo, tests and benchmark shorten them). Default 1. */
  retryDelayScale?: number;
  userAgent?: string;
  /** Receives every round trip, pseudonymized (`audit --record`). */
  recording?: ExchangeSink;
  /** See GraphClientOptions.rateLimits. Default "documented". */
  rateLimits?: "documented" | "none";
}

/** The Graph client the settings describe: their Graph root, authority, identity and retry bound. */
export function graphClientForConfig(config: Config, options: GraphClientForConfigOptions = {}): GraphClient {
  return createGraphClient({
    graphBaseUrl: config.graphBaseUrl,
    credential: createGraphCredential({
      authorityHost: config.authorityHost,
      managedIdentityClientId: config.managedIdentityClientId,
      accessToken: options.accessToken,
    }),
    maxRetries: config.graphMaxRetries,
    ...(options.retryDelayScale !== undefined ? { retryDelayScale: options.retryDelayScale } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.recording ? { recording: options.recording } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
}
