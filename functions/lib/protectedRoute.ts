/**
 * Every HTTP route but /api/health is registered twice by one declaration:
 *
 * - `/api/<route>`, authLevel "function": for automation. The Functions host checks the function key
 *   (`x-functions-key` header or `?code=`) before the handler runs; a request without a valid key
 *   never reaches it. The host does not accept an App Service Authentication identity in place of a
 *   key (github.com/Azure/azure-functions-host/issues/11394 proposes that; it is not how the host
 *   works today), so a browser cannot use this route.
 * - `/api/sso/<route>`, authLevel "anonymous": for people (single sign-on from the report link in an
 *   alert) and for identities holding an Entra token. App Service Authentication validates the
 *   session or bearer token in front of the app and passes the identity in X-MS-CLIENT-PRINCIPAL;
 *   the handler admits the call only when that principal holds the route's app role. A function key
 *   on this route counts for nothing: the host does not check keys on anonymous routes, so the
 *   handler could not tell a real key from a made-up one.
 *
 * So no path admits an unauthenticated caller: the keyed route needs a key the host verified, and
 * the signed-in route needs a platform-set principal with the role (the header is trusted only
 * while the platform reports App Service Authentication enabled, see clientPrincipal.ts).
 */
import {
  app,
  type HttpHandler,
  type HttpMethod,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from "@azure/functions";
import type { AppRole } from "./appRoles.js";
import {
  CLIENT_PRINCIPAL_HEADER,
  easyAuthEnabled,
  parseClientPrincipal,
  type ClientPrincipal,
} from "./clientPrincipal.js";
import { problem } from "./http.js";

/** Route prefix of the signed-in registrations: `/api/sso/exposure` beside `/api/exposure`. */
export const SIGNED_IN_PREFIX = "sso";

/** Where App Service Authentication starts an Entra ID sign-in (its documented /.auth/login/<provider> route). */
export const LOGIN_PATH = "/.auth/login/aad";

export type Caller = { kind: "function-key" } | { kind: "signed-in"; principal: ClientPrincipal };

/** A route handler; `caller` says how the request was authorised (who, for signed-in callers). */
export type RouteHandler = (
  request: HttpRequest,
  context: InvocationContext,
  caller: Caller,
) => Promise<HttpResponseInit>;

export interface ProtectedRouteOptions {
  /** Function name of the keyed registration; the signed-in one is `<name>SignedIn`. */
  name: string;
  /** Route below /api, e.g. "snapshots/{id}". */
  route: string;
  methods: HttpMethod[];
  /** App role a signed-in caller must hold. */
  role: AppRole;
  handler: RouteHandler;
}

export interface RegisteredRoute {
  name: string;
  route: string;
  methods: HttpMethod[];
  authLevel: "function" | "anonymous";
  /** The app role the signed-in registration requires; absent on keyed ones. */
  role?: string;
  handler: HttpHandler;
  /** The declaration both registrations came from. */
  declaration: ProtectedRouteOptions;
}

const registered: RegisteredRoute[] = [];

/** What protectedRoute registered in this process, in order (for tests and diagnostics). */
export function registeredRoutes(): readonly RegisteredRoute[] {
  return registered;
}

/** Registers the keyed and the signed-in route of one endpoint; returns both handlers. */
export function protectedRoute(options: ProtectedRouteOptions): { keyed: HttpHandler; signedIn: HttpHandler } {
  const keyed: HttpHandler = (request, context) => options.handler(request, context, { kind: "function-key" });
  const signedIn = requireRole(options.role, options.handler);
  const routes: Omit<RegisteredRoute, "declaration">[] = [
    { name: options.name, route: options.route, methods: options.methods, authLevel: "function", handler: keyed },
    {
      name: `${options.name}SignedIn`,
      route: `${SIGNED_IN_PREFIX}/${options.route}`,
      methods: options.methods,
      authLevel: "anonymous",
      role: options.role.value,
      handler: signedIn,
    },
  ];
  for (const r of routes) {
    app.http(r.name, { methods: r.methods, authLevel: r.authLevel, route: r.route, handler: r.handler });
    registered.push({ ...r, declaration: options });
  }
  return { keyed, signedIn };
}

export type Authorization =
  | { outcome: "allowed"; principal: ClientPrincipal }
  | { outcome: "unavailable" }
  | { outcome: "unauthenticated" }
  | { outcome: "forbidden"; principal: ClientPrincipal };

/** The decision alone, on plain inputs: does this request's principal hold `role`? */
export function authorizeSignedIn(
  principalHeader: string | null | undefined,
  role: AppRole,
  env: NodeJS.ProcessEnv = process.env,
): Authorization {
  if (!easyAuthEnabled(env)) return { outcome: "unavailable" };
  const principal = parseClientPrincipal(principalHeader);
  if (!principal) return { outcome: "unauthenticated" };
  return principal.roles.includes(role.value) ? { outcome: "allowed", principal } : { outcome: "forbidden", principal };
}

/** Wraps a handler so it runs only for a signed-in principal holding `role`. */
export function requireRole(role: AppRole, handler: RouteHandler): HttpHandler {
  return async (request, context) => {
    const decision = authorizeSignedIn(request.headers.get(CLIENT_PRINCIPAL_HEADER), role);
    switch (decision.outcome) {
      case "allowed":
        return handler(request, context, { kind: "signed-in", principal: decision.principal });
      case "unavailable":
        context.warn(
          "Signed-in route called, but App Service Authentication is not enabled for this app (WEBSITE_AUTH_ENABLED is not True): refused.",
        );
        return problem(
          401,
          "unauthenticated",
          "Sign-in is not available",
          "This route needs App Service Authentication in front of the app, and it is not enabled. Use the route without /sso/ and a function key.",
        );
      case "unauthenticated":
        if (isBrowserNavigation(request)) return loginRedirect(request);
        return problem(
          401,
          "unauthenticated",
          "Sign-in required",
          `Sign in with Entra ID (a browser is sent to ${LOGIN_PATH}), or send a bearer token for this app; the identity needs the app role ${role.value}.`,
          { headers: { "WWW-Authenticate": "Bearer" } },
        );
      case "forbidden":
        context.log(
          JSON.stringify({ event: "auth.forbidden", role: role.value, objectId: decision.principal.objectId ?? null }),
        );
        return problem(
          403,
          "forbidden",
          "Role missing",
          `You are signed in, but without the app role ${role.value}. An administrator assigns it in Microsoft Entra ID: Enterprise applications, writeback-watch, Users and groups.`,
          { extensions: { requiredRole: role.value } },
        );
    }
  };
}

/** A person following a link: GET or HEAD asking for HTML. API clients get a 401 instead of a redirect. */
function isBrowserNavigation(request: HttpRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  return /\btext\/html\b/i.test(request.headers.get("accept") ?? "");
}

/**
 * Sends the browser to sign in and back to the page it asked for. The return address is a path on
 * this app only (App Service refuses external post-login redirects unless allowed in its settings).
 */
function loginRedirect(request: HttpRequest): HttpResponseInit {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return {
    status: 302,
    headers: {
      Location: `${LOGIN_PATH}?post_login_redirect_uri=${encodeURIComponent(back)}`,
      "Cache-Control": "no-store",
    },
  };
}
