import type { Section, SyncedUsersData } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import { readPerUserChains } from "../perUserChains.js";
import { guarded } from "../sectionFailure.js";
import { encodeFilter, userPartitionFilters } from "../upnPartitions.js";
import { GuidSet, type ReadonlyIdSet } from "../GuidSet.js";
import {
  protectedOnPremMatcher,
  type OnPremIdentity,
  type ProtectedOnPremEntry,
  type ProtectedOnPremUser,
} from "../../snapshot/protectedOnPrem.js";

export const USERS_COUNT_URL = "/users/$count";
export const SYNCED_USERS_URL = `/users?$filter=onPremisesSyncEnabled eq true&$select=id,userPrincipalName&$top=${PAGE_SIZE.users}&$count=true`;
/** The same pages with the on-prem identity the protected-account declaration is matched against. */
export const SYNCED_USERS_WITH_ONPREM_URL = SYNCED_USERS_URL.replace(
  "$select=id,userPrincipalName",
  "$select=id,userPrincipalName,onPremisesSecurityIdentifier,onPremisesDistinguishedName",
);
/** One partition of the synced users: the same request with a UPN partition filter ANDed to it (an advanced query). */
export const syncedUsersPartitionUrl = (url: string, filter: string): string =>
  url.replace(
    "$filter=onPremisesSyncEnabled eq true",
    `$filter=onPremisesSyncEnabled eq true and ${encodeFilter(filter)}`,
  );

const SAMPLE_SIZE = 5;

export interface SyncedUsersResult {
  section: Section<SyncedUsersData>;
  /**
   * Ids of every synced user, for the rest of this collection only: the caller must not store it
   * (a snapshot's size must not grow with the tenant). null when the section failed.
   */
  syncedIds: ReadonlyIdSet | null;
}

export interface SyncedUsersOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** Declared protected on-prem accounts (PROTECTED_ONPREM_ACCOUNTS), matched on the same pages. */
  protectedOnPrem?: readonly ProtectedOnPremEntry[];
  /** See upnPartitions.ts; tests make small tenants partition. */
  usersPerPartition?: number;
}

interface GraphSyncedUser extends OnPremIdentity {
  id?: string;
  userPrincipalName?: string | null;
}

/**
 * One of the two per-user sections: ceil(synced / 999) pages plus one $count, read in UPN partitions
 * on a large tenant (the first page's @odata.count says how large). Protected on-prem
 * accounts are matched on those pages (two more $select properties), so declaring them costs no
 * request: onPremisesDistinguishedName supports no $filter, and a lookup per SID would grow with the
 * declaration.
 */
export async function collectSyncedUsers(
  graph: GraphClient,
  options: SyncedUsersOptions = {},
): Promise<SyncedUsersResult> {
  const opts = { abortSignal: options.abortSignal, section: "syncedUsers" };
  const declared = options.protectedOnPrem ?? [];
  const match = declared.length > 0 ? protectedOnPremMatcher(declared) : undefined;
  const ids = new GuidSet();
  const section = await guarded("syncedUsers", async () => {
    // The total is a nicety: tolerate its failure.
    const total = graph.count(USERS_COUNT_URL, opts).catch(() => null);
    const sample: string[] = [];
    const protectedUsers: ProtectedOnPremUser[] = [];
    const url = match ? SYNCED_USERS_WITH_ONPREM_URL : SYNCED_USERS_URL;
    const plan = {
      url,
      partitionUrl: (filter: string) => syncedUsersPartitionUrl(url, filter),
      size: async (first: { count?: number }) => first.count ?? null,
      partitions: async (groups: string[][]) => ({ filters: userPartitionFilters(groups) }),
      upnOf: (user: unknown) => (user as GraphSyncedUser).userPrincipalName,
      ...(options.usersPerPartition !== undefined ? { usersPerPartition: options.usersPerPartition } : {}),
    };
    await readPerUserChains<GraphSyncedUser>(graph, plan, { ...opts, headers: { ...EVENTUAL } }, (page) => {
      for (const user of page.value) {
        // The id set counts each user once, whatever pages repeat; so does the sample.
        if (!user.id || ids.has(user.id)) continue;
        ids.add(user.id);
        if (sample.length < SAMPLE_SIZE && user.userPrincipalName) sample.push(user.userPrincipalName);
        const entry = match?.(user);
        if (entry)
          protectedUsers.push({
            id: user.id,
            userPrincipalName: user.userPrincipalName ?? null,
            matchedBy: entry.value,
          });
      }
    });
    return {
      count: ids.size,
      sampleUserPrincipalNames: sample,
      totalUsers: await total,
      // Sorted: pages of parallel partitions arrive in any order.
      protectedOnPrem: {
        declaredEntries: declared.length,
        users: protectedUsers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      },
    };
  });
  return { section, syncedIds: section.status === "ok" ? ids : null };
}
