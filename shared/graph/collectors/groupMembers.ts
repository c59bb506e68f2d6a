import type { GroupMembersData, Principal, RoleAssignableGroup, Section } from "../../snapshot/types.js";
import { batchPages } from "../batchPages.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL, segment } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import type { FirstRequest } from "../prefetch.js";
import { toPrincipal, type GraphDirectoryObject } from "../principals.js";
import { guarded } from "../sectionFailure.js";
import type { SyncedUserLookup } from "../syncedUserLookup.js";
import { fillSyncFlags } from "./roleAssignments.js";

export const ROLE_ASSIGNABLE_GROUPS_URL = `/groups?$filter=isAssignableToRole eq true&$select=id,displayName&$top=${PAGE_SIZE.groups}&$count=true`;
export const groupMembersRequests: FirstRequest[] = [
  { url: ROLE_ASSIGNABLE_GROUPS_URL, headers: { ...EVENTUAL }, section: "groupMembers" },
];

const MEMBER_SELECT = "id,displayName,userPrincipalName,onPremisesSyncEnabled,accountEnabled,appId";

export function transitiveMembersUrl(groupId: string): string {
  return `/groups/${segment(groupId)}/transitiveMembers?$select=${MEMBER_SELECT}&$top=${PAGE_SIZE.transitiveMembers}`;
}

export interface GroupMembersOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  syncedUsers: SyncedUserLookup;
}

/**
 * Every role-assignable group with its transitive members: members are protected targets, and a
 * group holding a role hands it to them. One request per group page, batched.
 */
export function collectGroupMembers(
  graph: GraphClient,
  options: GroupMembersOptions,
): Promise<Section<GroupMembersData>> {
  return guarded("groupMembers", async () => {
    const opts = { abortSignal: options.abortSignal, section: "groupMembers" };
    const groups: Record<string, RoleAssignableGroup> = {};
    for await (const page of graph.pages<GraphDirectoryObject>(ROLE_ASSIGNABLE_GROUPS_URL, {
      ...opts,
      headers: { ...EVENTUAL },
    })) {
      for (const g of page.value)
        if (g.id) groups[g.id] = { id: g.id, displayName: g.displayName ?? null, members: [] };
    }
    const members = await batchPages<GraphDirectoryObject>(
      graph,
      Object.keys(groups).map((id) => ({ key: id, url: transitiveMembersUrl(id) })),
      opts,
    );
    const all: Principal[] = [];
    for (const [id, result] of members) {
      if (result.error) throw result.error;
      const group = groups[id]!;
      group.members = result.values.filter((m) => m.id).map((m) => toPrincipal(m));
      all.push(...group.members);
    }
    await fillSyncFlags(all, options.syncedUsers, opts);
    return { groups };
  });
}
