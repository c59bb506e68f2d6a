/**
 * Owners of the applications that can reset passwords: an owner can add a credential to what it owns
 * and act as the application (entra-docs identity/enterprise-apps/overview-assign-app-owners.md: owners
 * "have the same permissions as application administrators scoped to an individual application").
 * Asked only for the service principals holding a reset-capable directory role, so requests grow with
 * those few apps, never with the tenant: per app, its service principal's owners, its application
 * object's owners and its application object's id (addressed by appId; an app registered in another
 * tenant has no application object here and answers 404), all in $batch requests.
 *
 * Permissions (api-reference/v1.0/includes/permissions/): serviceprincipal-list-owners and
 * application-get list Application.Read.All as least privileged; application-list-owners lists
 * Application.ReadWrite.OwnedBy first — a write permission that reads only the apps its holder owns —
 * then Application.Read.All: the read-only one, already granted for appPermissions, is used.
 *
 * The owners are stored in the appPermissions section; when they cannot be read, the section stays
 * ok and `ownersUnavailable` says why (the coverage reports the gap).
 */
import type {
  AppOwners,
  AppPermissionsData,
  GroupMembersData,
  Principal,
  RoleAssignmentsData,
  RoleDefinitionsData,
  Section,
} from "../../snapshot/types.js";
import { canResetPasswords, indexRoleDefinitions } from "../../exposure/resetCapability.js";
import { batchPages, type CollectionResult } from "../batchPages.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { odataString, segment } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import { toPrincipal, type GraphDirectoryObject } from "../principals.js";
import { partFailure } from "../sectionFailure.js";
import type { SyncedUserLookup } from "../syncedUserLookup.js";
import { fillSyncFlags } from "./roleAssignments.js";

const OWNER_SELECT = "id,displayName,userPrincipalName,onPremisesSyncEnabled,accountEnabled,appId";

/** serviceprincipal-list-owners.md: "GET /servicePrincipals/{id}/owners". */
export function servicePrincipalOwnersUrl(spId: string): string {
  return `/servicePrincipals/${segment(spId)}/owners?$select=${OWNER_SELECT}&$top=${PAGE_SIZE.transitiveMembers}`;
}

/** application-list-owners.md: "GET /applications(appId='{appId}')/owners". */
export function applicationOwnersUrl(appId: string): string {
  return `/applications(appId=${odataString(appId)})/owners?$select=${OWNER_SELECT}&$top=${PAGE_SIZE.transitiveMembers}`;
}

/** application-get.md: "GET /applications(appId='{appId}')". */
export function applicationUrl(appId: string): string {
  return `/applications(appId=${odataString(appId)})?$select=id,appId`;
}

export const APP_OWNERS_PERMISSION = "Application.Read.All";

export interface AppOwnersOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** The service principals whose owners matter: id and appId. */
  servicePrincipals: readonly { id: string; appId: string | null }[];
  syncedUsers: SyncedUserLookup;
}

/** The appPermissions section with the owners of the given service principals added. */
export async function collectAppOwners(
  graph: GraphClient,
  section: Section<AppPermissionsData>,
  options: AppOwnersOptions,
): Promise<Section<AppPermissionsData>> {
  if (section.status !== "ok") return section;
  // Read, and nothing to read: an empty record, so "not collected" (older snapshots) stays distinct.
  if (options.servicePrincipals.length === 0) return { status: "ok", data: { ...section.data, owners: {} } };
  try {
    const owners = await readOwners(graph, options);
    return { status: "ok", data: { ...section.data, owners } };
  } catch (error) {
    return {
      status: "ok",
      data: {
        ...section.data,
        ownersUnavailable: partFailure("appPermissions", "Application owners", error, APP_OWNERS_PERMISSION),
      },
    };
  }
}

async function readOwners(graph: GraphClient, options: AppOwnersOptions): Promise<Record<string, AppOwners>> {
  const opts = { abortSignal: options.abortSignal, section: "appPermissions" };
  const registered = options.servicePrincipals.filter((sp) => sp.appId);
  const [lists, objects] = await Promise.all([
    batchPages<GraphDirectoryObject>(
      graph,
      options.servicePrincipals.flatMap((sp) => [
        { key: `sp:${sp.id}`, url: servicePrincipalOwnersUrl(sp.id) },
        ...(sp.appId ? [{ key: `app:${sp.id}`, url: applicationOwnersUrl(sp.appId) }] : []),
      ]),
      opts,
    ),
    graph.batch<{ id?: string }>(
      registered.map((sp) => ({ id: sp.id, url: applicationUrl(sp.appId!) })),
      opts,
    ),
  ]);
  const objectIds = new Map<string, string | null>();
  for (const r of objects) {
    if (r.error && r.error.status !== 404) throw r.error;
    objectIds.set(r.id, r.error ? null : (r.body?.id ?? null));
  }
  const owners: Record<string, AppOwners> = {};
  const all: Principal[] = [];
  for (const sp of options.servicePrincipals) {
    // A 404 is an object deleted since its role was read, or an app not registered in this tenant:
    // it has no owners here.
    const spOwners = ownersOrAbsent(lists.get(`sp:${sp.id}`));
    const appOwners = ownersOrAbsent(lists.get(`app:${sp.id}`));
    const entry: AppOwners = {
      servicePrincipalOwners: spOwners ?? [],
      applicationOwners: appOwners,
      applicationObjectId: objectIds.get(sp.id) ?? null,
    };
    all.push(...entry.servicePrincipalOwners, ...(entry.applicationOwners ?? []));
    owners[sp.id] = entry;
  }
  await fillSyncFlags(all, options.syncedUsers, opts);
  return owners;
}

/** The owners a collection lists; null when there is none to list (404); throws any other failure. */
function ownersOrAbsent(result: CollectionResult<GraphDirectoryObject> | undefined): Principal[] | null {
  if (!result) return null;
  if (result.error) {
    if (result.error.status === 404) return null;
    throw result.error;
  }
  return result.values.filter((v) => v.id).map((v) => toPrincipal(v));
}

/**
 * The service principals holding a reset-capable directory role, active or eligible, directly or as a
 * member (active or PIM-eligible) of a role-assignable group holding one: the apps whose owners matter.
 */
export function resetCapableServicePrincipals(
  roleDefinitions: Section<RoleDefinitionsData>,
  assignments: readonly Section<RoleAssignmentsData>[],
  groupMembers: Section<GroupMembersData>,
): { id: string; appId: string | null }[] {
  if (roleDefinitions.status !== "ok") return [];
  const defs = indexRoleDefinitions(roleDefinitions.data.definitions);
  const found = new Map<string, string | null>();
  const consider = (p: Principal | undefined) => {
    if (p?.type === "servicePrincipal" && !found.has(p.id)) found.set(p.id, p.appId ?? null);
  };
  for (const section of assignments) {
    if (section.status !== "ok") continue;
    for (const a of section.data.assignments) {
      const role = defs.get(a.roleDefinitionId);
      if (!role || !canResetPasswords(role)) continue;
      const p = section.data.principals[a.principalId];
      consider(p);
      const group = p?.type === "group" && groupMembers.status === "ok" ? groupMembers.data.groups[p.id] : undefined;
      for (const m of [...(group?.members ?? []), ...(group?.eligibleMembers ?? [])]) consider(m);
    }
  }
  return [...found].map(([id, appId]) => ({ id, appId })).sort((a, b) => a.id.localeCompare(b.id));
}
