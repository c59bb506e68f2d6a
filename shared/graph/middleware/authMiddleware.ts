import type { TokenCredential } from "@azure/identity";
import type { Context } from "@microsoft/microsoft-graph-client";
import { GraphRequestError } from "../../errors.js";
import { requestHeaders } from "./RequestTarget.js";
import { ChainedMiddleware } from "./ChainedMiddleware.js";

export type TokenSource =
  { kind: "credential"; credential: TokenCredential; scope: string } | { kind: "static"; accessToken: string };

/** Refresh a cached token this long before it expires, so a long page walk never sends a stale one. */
const REFRESH_MARGIN_MS = 2 * 60_000;

/**
 * Adds the bearer token, and only for the configured Graph origin: an `@odata.nextLink` pointing
 * anywhere else would otherwise receive the tenant's token.
 */
export class AuthMiddleware extends ChainedMiddleware {
  private cached?: { token: string; expiresAt: number };
  /** The token last sent: its claims explain a 403 (tokenPermissions.ts). */
  lastToken?: string;

  constructor(
    private readonly source: TokenSource,
    private readonly allowedOrigin: string,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const origin = new URL(url).origin;
    if (origin !== this.allowedOrigin) {
      throw new GraphRequestError(
        `Refusing to send the Graph token to ${origin}: only ${this.allowedOrigin} is trusted. Check GRAPH_BASE_URL.`,
        0,
        "UntrustedHost",
        new URL(url).pathname,
      );
    }
    const token = await this.token(context.options?.signal ?? undefined);
    this.lastToken = token;
    requestHeaders(context).set("Authorization", `Bearer ${token}`);
    await this.passOn(context);
  }

  /** The bearer token requests carry (cached; refreshed before it expires). */
  async token(abortSignal: AbortSignal | undefined): Promise<string> {
    if (this.source.kind === "static") return this.source.accessToken;
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) {
      return this.cached.token;
    }
    const access = await this.source.credential.getToken(this.source.scope, { abortSignal });
    if (!access) {
      throw new GraphRequestError(
        `No token for ${this.source.scope}: check the managed identity or sign in with 'az login'.`,
        401,
        "NoToken",
        "",
      );
    }
    this.cached = { token: access.token, expiresAt: access.expiresOnTimestamp };
    return access.token;
  }
}
