import type { Section, SyncedUsersData } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import type { FirstRequest } from "../prefetch.js";
import { guarded } from "../sectionFailure.js";
import { GuidSet, type ReadonlyIdSet } from "../GuidSet.js";

export const USERS_COUNT_URL = "/users/$count";
export const SYNCED_USERS_URL = `/users?$filter=onPremisesSyncEnabled eq true&$select=id,userPrincipalName&$top=${PAGE_SIZE.users}&$count=true`;
export const syncedUsersRequests: FirstRequest[] = [
  { url: USERS_COUNT_URL, headers: { ...EVENTUAL }, section: "syncedUsers" },
];

const SAMPLE_SIZE = 5;

export interface SyncedUsersResult {
  section: Section<SyncedUsersData>;
  /**
   * Ids of every synced user, for the rest of this collection only: the caller must not store it
   * (a snapshot's size must not grow with the tenant). null when the section failed.
   */
  syncedIds: ReadonlyIdSet | null;
}

/** One of the two per-user sections: ceil(synced / 999) pages plus one $count. */
export async function collectSyncedUsers(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<SyncedUsersResult> {
  const opts = { ...options, section: "syncedUsers" };
  const ids = new GuidSet();
  const section = await guarded("syncedUsers", async () => {
    const total = graph.count(USERS_COUNT_URL, opts).catch(() => null); // the total is a nicety: tolerate its failure
    const sample: string[] = [];
    for await (const page of graph.pages<{ id?: string; userPrincipalName?: string | null }>(SYNCED_USERS_URL, {
      ...opts,
      headers: { ...EVENTUAL },
    })) {
      for (const user of page.value) {
        // The id set counts each user once, whatever pages repeat; so does the sample.
        if (!user.id || ids.has(user.id)) continue;
        ids.add(user.id);
        if (sample.length < SAMPLE_SIZE && user.userPrincipalName) sample.push(user.userPrincipalName);
      }
    }
    return { count: ids.size, sampleUserPrincipalNames: sample, totalUsers: await total };
  });
  return { section, syncedIds: section.status === "ok" ? ids : null };
}
