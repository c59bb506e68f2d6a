import type { GroupMembersData, Principal, RoleAssignableGroup, Section } from "../../snapshot/types.js";
import type { GraphRequestError } from "../../errors.js";
import { batchPages } from "../batchPages.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL, odataString, segment } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import { completePrincipals, needsLookup } from "../principalDetails.js";
import { toPrincipal, type GraphDirectoryObject } from "../principals.js";
import { guarded, sectionFailure, withPermissionHint } from "../sectionFailure.js";
import type { SyncedUserLookup } from "../syncedUserLookup.js";
import { fillSyncFlags } from "./roleAssignments.js";

export const ROLE_ASSIGNABLE_GROUPS_URL = `/groups?$filter=isAssignableToRole eq true&$select=id,displayName&$top=${PAGE_SIZE.groups}&$count=true`;

const MEMBER_SELECT = "id,displayName,userPrincipalName,onPremisesSyncEnabled,accountEnabled,appId";

export function transitiveMembersUrl(groupId: string): string {
  return `/groups/${segment(groupId)}/transitiveMembers?$select=${MEMBER_SELECT}&$top=${PAGE_SIZE.transitiveMembers}`;
}

/** group-list-owners: GroupMember.Read.All is enough. Owners are users or service principals. */
export function ownersUrl(groupId: string): string {
  return `/groups/${segment(groupId)}/owners?$select=${MEMBER_SELECT}&$top=${PAGE_SIZE.transitiveMembers}`;
}

/**
 * privilegedaccessgroup-list-eligibilityscheduleinstances (v1.0): the $filter on groupId (or
 * principalId) is required; accessId is filtered here rather than combined in one $filter.
 */
export function groupEligibilitiesUrl(groupId: string): string {
  return `/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=groupId eq ${odataString(groupId)}&$expand=principal`;
}

/** The least-privileged application permission of the PIM-for-Groups eligibility list (v1.0 docs). */
export const PIM_GROUPS_PERMISSION = "PrivilegedEligibilitySchedule.Read.AzureADGroup";

interface GroupEligibilityInstance {
  principalId?: string;
  accessId?: string;
  principal?: GraphDirectoryObject | null;
}

export interface GroupMembersOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  syncedUsers: SyncedUserLookup;
}

/**
 * Every role-assignable group with its transitive members, owners and PIM-eligible members: members
 * and owners are protected targets, and a group holding a role hands it to its members (eligible
 * members can activate it). Three collections per group, all batched.
 *
 * PIM for Groups needs P2 and its own permission: when that call fails the section stays ok, the
 * groups carry no eligibleMembers and `eligibleMembersUnavailable` says why.
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
    const ids = Object.keys(groups);
    const results = await batchPages<GraphDirectoryObject & GroupEligibilityInstance>(
      graph,
      ids.flatMap((id) => [
        { key: `members:${id}`, url: transitiveMembersUrl(id) },
        { key: `owners:${id}`, url: ownersUrl(id) },
        { key: `eligible:${id}`, url: groupEligibilitiesUrl(id) },
      ]),
      opts,
    );
    const all: Principal[] = [];
    const incomplete: Principal[] = [];
    let eligibilityError: GraphRequestError | undefined;
    for (const id of ids) {
      const group = groups[id]!;
      const members = results.get(`members:${id}`)!;
      const owners = results.get(`owners:${id}`)!;
      if (members.error) throw members.error;
      if (owners.error) throw owners.error;
      group.members = members.values.filter((m) => m.id).map((m) => toPrincipal(m));
      group.owners = owners.values.filter((m) => m.id).map((m) => toPrincipal(m));
      all.push(...group.members, ...group.owners);
      const eligible = results.get(`eligible:${id}`)!;
      if (eligible.error) {
        eligibilityError ??= eligible.error;
        continue;
      }
      group.eligibleMembers = eligibleMembersOf(eligible.values, incomplete);
      all.push(...group.eligibleMembers);
    }
    await completePrincipals(incomplete, graph, opts);
    await fillSyncFlags(all, options.syncedUsers, opts);
    const data: GroupMembersData = { groups };
    if (eligibilityError) {
      // One failure (licence, permission) stands for all groups: keep none, so no group looks complete.
      for (const group of Object.values(groups)) delete group.eligibleMembers;
      const failure = sectionFailure("groupMembers", withPermissionHint(eligibilityError, PIM_GROUPS_PERMISSION));
      data.eligibleMembersUnavailable = {
        reason: failure.reason,
        detail: `PIM for Groups eligibilities: ${failure.detail.replace(/^groupMembers: /, "")}`,
        ...(failure.missingPermission ? { missingPermission: failure.missingPermission } : {}),
      };
    }
    return data;
  });
}

/**
 * Eligible members (not owners: an eligible owner is not a member once activated), one per
 * principal; those whose expanded payload lacks what the model needs are added to `incomplete`.
 */
function eligibleMembersOf(instances: readonly GroupEligibilityInstance[], incomplete: Principal[]): Principal[] {
  const out = new Map<string, Principal>();
  for (const i of instances) {
    if (i.accessId !== "member" || !i.principalId || out.has(i.principalId)) continue;
    const principal = toPrincipal(i.principal ?? {}, i.principalId);
    out.set(i.principalId, principal);
    if (needsLookup(principal, i.principal ?? {})) incomplete.push(principal);
  }
  return [...out.values()];
}
