/**
 * `$expand=principal` returns a principal's default properties only: the example of
 * rbacapplication-list-roleassignments shows a user with accountEnabled, displayName, mail and
 * userType but no userPrincipalName or onPremisesSyncEnabled, and another with @odata.type and id
 * alone; the page documents no $select inside the $expand. So the properties the exposure model
 * needs are looked up, batched, for exactly the principals whose payload lacks them: a user's
 * sign-in name and sync flag (user-get), a group's name (group-get), a service principal's appId and
 * name (serviceprincipal-get). Requests grow with role holders, never with the tenant.
 */
import type { Principal } from "../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "./GraphClient.js";
import { segment } from "./odata.js";
import type { GraphDirectoryObject } from "./principals.js";

/** What each type's lookup selects, and the properties whose absence from a payload calls for it. */
const LOOKUPS = {
  user: {
    url: (id: string) =>
      `/users/${segment(id)}?$select=id,displayName,userPrincipalName,onPremisesSyncEnabled,accountEnabled`,
    needs: ["userPrincipalName"],
  },
  group: {
    url: (id: string) => `/groups/${segment(id)}?$select=id,displayName,isAssignableToRole`,
    needs: ["displayName"],
  },
  servicePrincipal: {
    url: (id: string) => `/servicePrincipals/${segment(id)}?$select=id,appId,displayName,accountEnabled`,
    needs: ["appId", "displayName"],
  },
} as const;

type LookedUpType = keyof typeof LOOKUPS;

/** Whether a principal built from `payload` lacks a property its type's lookup would give. */
export function needsLookup(principal: Principal, payload: GraphDirectoryObject): boolean {
  const lookup = LOOKUPS[principal.type as LookedUpType];
  return !!lookup && lookup.needs.some((p) => !(p in payload));
}

/**
 * Fills, in place, what the lookups return for `principals` (those needsLookup chose). A lookup
 * that fails leaves its principal as it was: the names are for display and samples, and the sync
 * flag has its own fallback (fillSyncFlags).
 */
export async function completePrincipals(
  principals: readonly Principal[],
  graph: GraphClient,
  options: GraphOperationOptions,
): Promise<void> {
  const wanted = principals.filter((p) => p.type in LOOKUPS);
  if (wanted.length === 0) return;
  const responses = await graph.batch<GraphDirectoryObject>(
    wanted.map((p) => ({ url: LOOKUPS[p.type as LookedUpType].url(p.id) })),
    options,
  );
  responses.forEach((response, i) => {
    const p = wanted[i]!;
    const body = response.error ? undefined : response.body;
    if (!body) return;
    if (body.displayName !== undefined) p.displayName = body.displayName;
    if (body.accountEnabled !== undefined) p.accountEnabled = body.accountEnabled;
    if (p.type === "user") {
      if (body.userPrincipalName !== undefined) p.userPrincipalName = body.userPrincipalName;
      // null means never synced: not synced now, as syncedUserLookup reads it.
      if (body.onPremisesSyncEnabled !== undefined) p.onPremisesSyncEnabled = body.onPremisesSyncEnabled === true;
    }
    if (p.type === "group" && body.isAssignableToRole !== undefined) p.isAssignableToRole = body.isAssignableToRole;
    if (p.type === "servicePrincipal" && body.appId !== undefined) p.appId = body.appId;
  });
}
