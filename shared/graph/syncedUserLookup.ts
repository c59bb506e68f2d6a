/**
 * "Is this user synced from on-premises AD?" for role holders, group members and audit targets.
 * Answered from the synced-user id set while it exists (collection only; never stored). When the
 * syncedUsers section failed, the few users that matter are looked up one by one, batched, so the
 * answer still costs requests in proportion to role holders, not to the tenant.
 */
import type { GraphClient, GraphOperationOptions } from "./GraphClient.js";
import { segment } from "./odata.js";
import type { ReadonlyIdSet } from "./GuidSet.js";

export interface SyncedUserLookup {
  /** The synced-user id set, when the syncedUsers section produced one. */
  syncedSet(): Promise<ReadonlyIdSet | null>;
  /** true = synced now; false = not synced now; null = could not tell. */
  syncFlags(userIds: readonly string[], options?: GraphOperationOptions): Promise<Map<string, boolean | null>>;
}

export function createSyncedUserLookup(
  graph: GraphClient,
  syncedIds: ReadonlyIdSet | null | Promise<ReadonlyIdSet | null>,
): SyncedUserLookup {
  const looked = new Map<string, boolean | null>();
  return {
    syncedSet: async () => syncedIds,
    async syncFlags(userIds, options = {}) {
      const ids = [...new Set(userIds)];
      const set = await syncedIds;
      if (set) return new Map(ids.map((id) => [id, set.has(id)]));
      const missing = ids.filter((id) => !looked.has(id));
      if (missing.length > 0) {
        const responses = await graph.batch<{ onPremisesSyncEnabled?: boolean | null }>(
          missing.map((id) => ({ url: `/users/${segment(id)}?$select=id,userPrincipalName,onPremisesSyncEnabled` })),
          options,
        );
        responses.forEach((response, i) => {
          const flag = response.error ? null : response.body?.onPremisesSyncEnabled;
          looked.set(missing[i]!, flag === true ? true : flag === false || flag === null ? false : null);
        });
      }
      return new Map(ids.map((id) => [id, looked.get(id) ?? null]));
    },
  };
}

/** A lookup from a known set (tests, or when the caller already holds the set). */
export function syncedUserLookupFromSet(set: ReadonlyIdSet): SyncedUserLookup {
  return { syncedSet: async () => set, syncFlags: async (ids) => new Map(ids.map((id) => [id, set.has(id)])) };
}
