import type { AdministrativeUnit, AdministrativeUnitsData, RoleAssignment, Section } from "../../snapshot/types.js";
import { batchPages, type CollectionRequest } from "../batchPages.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL, segment } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import type { FirstRequest } from "../prefetch.js";
import { parseCount } from "../GraphClient.js";
import { guarded, withPermissionHint } from "../sectionFailure.js";
import { administrativeUnitOf } from "../../snapshot/scope.js";

export const ADMINISTRATIVE_UNITS_URL = `/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted&$top=${PAGE_SIZE.administrativeUnits}`;
export const administrativeUnitsRequests: FirstRequest[] = [
  { url: ADMINISTRATIVE_UNITS_URL, section: "administrativeUnits" },
];

const SAMPLE_SIZE = 5;
const base = (auId: string): string => `/directory/administrativeUnits/${segment(auId)}/members/microsoft.graph.user`;
export const syncedMembersSampleUrl = (auId: string): string =>
  `${base(auId)}?$filter=onPremisesSyncEnabled eq true&$select=id,userPrincipalName&$top=${SAMPLE_SIZE}&$count=true`;
export const syncedMembersCountUrl = (auId: string): string =>
  `${base(auId)}/$count?$filter=onPremisesSyncEnabled eq true`;
export const allMemberIdsUrl = (auId: string): string =>
  `${base(auId)}?$select=id&$top=${PAGE_SIZE.administrativeUnitMembers}&$count=true`;
/** An OData cast on memberOf is an advanced query: ConsistencyLevel: eventual plus $count=true. */
export const auMembershipsUrl = (userId: string): string =>
  `/users/${segment(userId)}/memberOf/microsoft.graph.administrativeUnit?$select=id&$count=true`;

export interface AdministrativeUnitsOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** Active and eligible assignments: their AU scopes decide which AUs matter. */
  assignments: readonly RoleAssignment[];
  /** Synced role holders and synced members of role-assignable groups. */
  protectedSyncedUserIds: readonly string[];
}

interface GraphAdministrativeUnit {
  id?: string;
  displayName?: string | null;
  isMemberManagementRestricted?: boolean | null;
}

/**
 * The AUs that matter (scoping a role, or restricted-management) with synced-member counts and
 * samples, the full member list of restricted ones, and the AU memberships of protected synced
 * users. Requests grow with those AUs and users, never with AU size beyond restricted AUs' pages.
 */
export function collectAdministrativeUnits(
  graph: GraphClient,
  options: AdministrativeUnitsOptions,
): Promise<Section<AdministrativeUnitsData>> {
  return guarded("administrativeUnits", async () => {
    const opts = { abortSignal: options.abortSignal, section: "administrativeUnits" };
    const all: GraphAdministrativeUnit[] = [];
    for await (const page of graph.pages<GraphAdministrativeUnit>(ADMINISTRATIVE_UNITS_URL, opts))
      all.push(...page.value);

    const scoping = new Set(
      options.assignments.map((a) => administrativeUnitOf(a.directoryScopeId)).filter((id): id is string => !!id),
    );
    const units: Record<string, AdministrativeUnit> = {};
    for (const au of all) {
      if (!au.id) continue;
      const restricted = au.isMemberManagementRestricted === true;
      if (!restricted && !scoping.has(au.id)) continue;
      units[au.id] = {
        id: au.id,
        displayName: au.displayName ?? null,
        isMemberManagementRestricted: restricted,
        syncedMemberCount: null,
        sampleUserPrincipalNames: [],
        memberUserIds: [],
      };
    }

    const protectedUsers = [...new Set(options.protectedSyncedUserIds)];
    const requests: CollectionRequest[] = [];
    for (const unit of Object.values(units)) {
      requests.push({ key: `sample:${unit.id}`, url: syncedMembersSampleUrl(unit.id), headers: { ...EVENTUAL } });
      if (unit.isMemberManagementRestricted)
        requests.push({ key: `members:${unit.id}`, url: allMemberIdsUrl(unit.id), headers: { ...EVENTUAL } });
    }
    // No AU in the tenant means no membership to find: skip the per-user requests.
    if (all.length > 0) {
      for (const userId of protectedUsers) {
        requests.push({ key: `memberOf:${userId}`, url: auMembershipsUrl(userId), headers: { ...EVENTUAL } });
      }
    }
    const results = await batchPages<{ id?: string; userPrincipalName?: string | null }>(graph, requests, opts);

    const needCount: string[] = [];
    for (const unit of Object.values(units)) {
      // The sample is one page only: its @odata.count gives the total without walking members.
      const sample = results.get(`sample:${unit.id}`)!;
      if (sample.error) throw sample.error;
      unit.sampleUserPrincipalNames = sample.values
        .slice(0, SAMPLE_SIZE)
        .map((u) => u.userPrincipalName)
        .filter((upn): upn is string => typeof upn === "string");
      if (sample.count !== undefined) unit.syncedMemberCount = sample.count;
      else needCount.push(unit.id);
      const members = results.get(`members:${unit.id}`);
      if (members?.error) throw members.error;
      if (members) unit.memberUserIds = members.values.map((m) => m.id).filter((id): id is string => !!id);
    }
    if (needCount.length > 0) {
      const counts = await graph.batch(
        needCount.map((id) => ({ id, url: syncedMembersCountUrl(id), headers: { ...EVENTUAL } })),
        opts,
      );
      for (const response of counts) {
        if (response.error) throw response.error;
        // Inside $batch a text/plain body may come back base64-encoded; parseCount reads both.
        // A malformed count leaves only that AU's reach unknown, not the whole section.
        let count: number | null;
        try {
          count = parseCount(response.body, syncedMembersCountUrl(response.id));
        } catch {
          count = null;
        }
        units[response.id]!.syncedMemberCount = count;
      }
    }

    const memberships: Record<string, string[]> = {};
    for (const userId of protectedUsers) {
      const result = results.get(`memberOf:${userId}`);
      if (result?.error) throw withPermissionHint(result.error, "User.Read.All");
      memberships[userId] = (result?.values ?? [])
        .map((au) => au.id)
        .filter((id): id is string => !!id)
        .sort();
    }
    return { units, memberships };
  });
}
