/**
 * Grants the managed identity exactly the Microsoft Graph application permissions writeback-watch needs
 * (shared/graph/permissions.ts), idempotently: it reads what the identity already holds and adds only
 * what is missing. App role ids are read from the Graph service principal of the tenant at run time.
 *
 * Without the right to grant (403), it returns the commands an administrator runs instead of failing:
 * provisioning must succeed for a deployer who is an Azure owner but not a directory administrator.
 */
import type { TokenCredential } from "@azure/identity";
import { UserError } from "../../shared/errors.js";
import { MICROSOFT_GRAPH_APP_ID, REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import { adminCommands } from "./adminCommands.js";
import { createGraphHttp, delay, GraphHttpError, type GraphHttp } from "./graphHttp.js";
import { isGuid } from "../../shared/guid.js";

export interface GrantGraphPermissionsOptions {
  /** Graph root, e.g. https://graph.microsoft.com (national clouds: see README). */
  graphBaseUrl: string;
  /** A delegated credential of the deploying user; or `token`. */
  credential?: TokenCredential;
  /** A bearer token for Graph (GRAPH_ACCESS_TOKEN); used instead of `credential` when set. */
  token?: string;
  /** Object id of the managed identity's service principal (MANAGED_IDENTITY_PRINCIPAL_ID). */
  principalId?: string;
  /** Client id of the managed identity (MANAGED_IDENTITY_CLIENT_ID); its service principal is looked up by appId. */
  clientId?: string;
  /** Permission values to grant. Default: every entry of REQUIRED_GRAPH_PERMISSIONS. */
  permissions?: readonly string[];
  log?: (line: string) => void;
  /** A new identity can take a while to appear in Graph; look it up this many times. Default 6. */
  lookupAttempts?: number;
  /** Wait between lookups and between throttled retries. Default 10 s. */
  retryDelayMs?: number;
  abortSignal?: AbortSignal;
}

export type GrantOutcome = "granted" | "unchanged" | "forbidden" | "failed";

export interface GrantResult {
  /** granted: something was added; unchanged: all were in place; forbidden: Graph said 403; failed: see error. */
  outcome: GrantOutcome;
  managedIdentitySpId?: string;
  graphSpId?: string;
  granted: string[];
  alreadyGranted: string[];
  /** Not granted by this run (forbidden or failed). */
  missing: string[];
  /** Not an application permission of Microsoft Graph in this cloud: cannot be granted at all. */
  unavailable: string[];
  /** What an administrator runs to grant `missing`; empty when nothing is missing. */
  adminCommands: string[];
  error?: string;
}

interface ServicePrincipal {
  id: string;
  appId?: string;
  displayName?: string;
  appRoles?: { id: string; value?: string | null; allowedMemberTypes?: string[]; isEnabled?: boolean }[];
}

interface AppRoleAssignment {
  id?: string;
  appRoleId: string;
  resourceId: string;
  principalId?: string;
}

export async function grantGraphPermissions(options: GrantGraphPermissionsOptions): Promise<GrantResult> {
  const log = options.log ?? (() => {});
  const wanted = [...(options.permissions ?? REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission))];
  checkInput(options);

  const graphScope = `${options.graphBaseUrl.replace(/\/+$/, "")}/.default`;
  const http = createGraphHttp({
    graphBaseUrl: options.graphBaseUrl,
    getToken: tokenSource(options, graphScope),
    maxRetryDelayMs: options.retryDelayMs ?? 10_000,
    abortSignal: options.abortSignal,
  });

  const result: GrantResult = {
    outcome: "unchanged",
    granted: [],
    alreadyGranted: [],
    missing: [],
    unavailable: [],
    adminCommands: [],
  };
  const roleIds = new Map<string, string>();
  const finish = (outcome: GrantOutcome, error?: unknown): GrantResult => {
    result.outcome = outcome;
    if (error !== undefined) result.error = error instanceof Error ? error.message : String(error);
    result.adminCommands = adminCommands({
      graphBaseUrl: options.graphBaseUrl,
      managedIdentitySpId: result.managedIdentitySpId,
      managedIdentityClientId: options.clientId,
      graphSpId: result.graphSpId,
      permissions: result.missing.map((permission) => ({ permission, appRoleId: roleIds.get(permission) })),
    });
    return result;
  };

  try {
    const identity = await findManagedIdentity(http, options, log);
    result.managedIdentitySpId = identity.id;
    log(`Managed identity: ${identity.displayName ?? "(name not read)"} (service principal ${identity.id})`);

    const graphSp = await http.get<ServicePrincipal>(
      `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appRoles`,
    );
    result.graphSpId = graphSp.id;
    for (const role of graphSp.appRoles ?? []) {
      if (role.value && role.isEnabled !== false && (role.allowedMemberTypes ?? []).includes("Application")) {
        roleIds.set(role.value, role.id);
      }
    }
    result.unavailable = wanted.filter((p) => !roleIds.has(p));
    for (const p of result.unavailable)
      log(`warning: ${p} is not an application permission of Microsoft Graph here; skipped`);

    const held = new Set(
      (await http.list<AppRoleAssignment>(`/servicePrincipals/${identity.id}/appRoleAssignments`))
        .filter((a) => a.resourceId === graphSp.id)
        .map((a) => a.appRoleId),
    );
    const toGrant = wanted.filter((p) => roleIds.has(p) && !held.has(roleIds.get(p)!));
    result.alreadyGranted = wanted.filter((p) => roleIds.has(p) && held.has(roleIds.get(p)!));
    for (const p of result.alreadyGranted) log(`  already granted  ${p}`);
    result.missing = [...toGrant];

    for (const permission of toGrant) {
      const body = { principalId: identity.id, resourceId: graphSp.id, appRoleId: roleIds.get(permission)! };
      try {
        await http.post(`/servicePrincipals/${identity.id}/appRoleAssignments`, body);
        log(`  granted          ${permission}`);
      } catch (e) {
        // Another run may have granted it between our read and this write.
        if (!(
          e instanceof GraphHttpError &&
          (e.status === 400 || e.status === 409) &&
          /already exists/i.test(e.message)
        ))
          throw e;
        log(`  already granted  ${permission}`);
        result.alreadyGranted.push(permission);
        result.missing.splice(result.missing.indexOf(permission), 1);
        continue;
      }
      result.granted.push(permission);
      result.missing.splice(result.missing.indexOf(permission), 1);
    }
    return finish(result.granted.length > 0 ? "granted" : "unchanged");
  } catch (e) {
    // Whatever was not confirmed as held is still missing.
    if (result.missing.length === 0) {
      result.missing = wanted.filter(
        (p) => !result.alreadyGranted.includes(p) && !result.granted.includes(p) && !result.unavailable.includes(p),
      );
    }
    // 403 is a missing directory role; 401 is a token problem (not signed in, wrong cloud) and stays "failed".
    if (e instanceof GraphHttpError && e.status === 403) return finish("forbidden", e);
    return finish("failed", e);
  }
}

function checkInput(options: GrantGraphPermissionsOptions): void {
  const problems: string[] = [];
  if (!options.principalId && !options.clientId) {
    problems.push(
      "set MANAGED_IDENTITY_PRINCIPAL_ID or MANAGED_IDENTITY_CLIENT_ID (outputs of infra/main.bicep; run azd provision first)",
    );
  }
  // Both end up in request paths and OData filters: only GUIDs may pass.
  if (options.principalId && !isGuid(options.principalId))
    problems.push(`principal id "${options.principalId.slice(0, 60)}" is not a GUID`);
  if (options.clientId && !isGuid(options.clientId))
    problems.push(`client id "${options.clientId.slice(0, 60)}" is not a GUID`);
  if (!options.token && !options.credential) problems.push("pass a credential or a token for Microsoft Graph");
  if (!/^https?:\/\/[^\s/]+/i.test(options.graphBaseUrl))
    problems.push(`Graph base URL "${options.graphBaseUrl}" is not a URL`);
  if (problems.length > 0) throw new UserError(`Cannot grant Graph permissions: ${problems.join("; ")}.`);
}

function tokenSource(options: GrantGraphPermissionsOptions, scope: string): () => Promise<string> {
  if (options.token) {
    const token = options.token;
    return async () => token;
  }
  const credential = options.credential!;
  let cached: { token: string; expiresOnTimestamp: number } | undefined;
  return async () => {
    if (!cached || cached.expiresOnTimestamp - Date.now() < 60_000) {
      const token = await credential.getToken(scope, { abortSignal: options.abortSignal });
      if (!token) throw new UserError(`No token for ${scope}: sign in with azd auth login or az login.`);
      cached = token;
    }
    return cached.token;
  };
}

/** The identity's service principal: by client id (appId) when known, else its object id as given. */
async function findManagedIdentity(
  http: GraphHttp,
  options: GrantGraphPermissionsOptions,
  log: (line: string) => void,
): Promise<ServicePrincipal> {
  const attempts = Math.max(1, options.lookupAttempts ?? 6);
  const wait = options.retryDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    const found = options.clientId
      ? (
          await http.list<ServicePrincipal>(
            `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${options.clientId}'`)}&$select=id,appId,displayName`,
          )
        )[0]
      : await getByObjectId(http, options.principalId!);
    if (found) {
      if (options.principalId && found.id.toLowerCase() !== options.principalId.toLowerCase()) {
        throw new UserError(
          `The service principal of client id ${options.clientId} is ${found.id}, not MANAGED_IDENTITY_PRINCIPAL_ID ${options.principalId}: ` +
            "the azd environment holds outputs of two different deployments; run azd provision again.",
        );
      }
      return found;
    }
    if (attempt >= attempts) {
      throw new UserError(
        `The managed identity (${options.clientId ? `client id ${options.clientId}` : `object id ${options.principalId}`}) was not found in Microsoft Graph ` +
          `after ${attempts} attempts. A new identity can take minutes to appear: run azd hooks run postprovision again.`,
      );
    }
    log(
      `Managed identity not visible in Graph yet (new identities take a moment); retrying in ${Math.round(wait / 1000)} s`,
    );
    await delay(wait, options.abortSignal);
  }
}

async function getByObjectId(http: GraphHttp, id: string): Promise<ServicePrincipal | undefined> {
  try {
    return await http.get<ServicePrincipal>(`/servicePrincipals/${id}?$select=id,appId,displayName`);
  } catch (e) {
    if (e instanceof GraphHttpError && e.status === 404) return undefined;
    throw e;
  }
}
