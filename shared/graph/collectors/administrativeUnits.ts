/**
 * The administrative units that matter to reach: those scoping a role assignment, and the
 * restricted-management ones. For each: the synced-member count and a sample, and the member list,
 * which is also where the AU memberships of protected users come from (no per-user memberOf, whose
 * Application row in Microsoft's table is not User.Read.All). Requests grow with these few AUs and
 * their member pages, never with the tenant.
 *
 * administrativeunit-list-members documents $search, $count and $filter (and OData casts), "supported
 * only with advanced query parameters": every request here sends ConsistencyLevel: eventual and
 * $count=true, and no $select or $top. Members of a HiddenMembership unit need Member.Read.Hidden too.
 */
import type { AdministrativeUnit, AdministrativeUnitsData, RoleAssignment, Section } from "../../snapshot/types.js";
import { batchPages, type CollectionRequest } from "../batchPages.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL, segment } from "../odata.js";
import type { FirstRequest } from "../prefetch.js";
import { parseCount } from "../GraphClient.js";
import { guarded } from "../sectionFailure.js";
import { administrativeUnitOf } from "../../snapshot/scope.js";

/** directory-list-administrativeunits documents $count, $select, $search, $filter (eq) and $expand: no $top. */
export const ADMINISTRATIVE_UNITS_URL =
  "/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted,visibility";
export const administrativeUnitsRequests: FirstRequest[] = [
  { url: ADMINISTRATIVE_UNITS_URL, section: "administrativeUnits" },
];

const SAMPLE_SIZE = 5;
export const HIDDEN_MEMBERSHIP_PERMISSION = "Member.Read.Hidden";
const base = (auId: string): string => `/directory/administrativeUnits/${segment(auId)}/members/microsoft.graph.user`;
/** Synced members: the first page gives the sample, its @odata.count the total. */
export const syncedMembersSampleUrl = (auId: string): string =>
  `${base(auId)}?$filter=onPremisesSyncEnabled eq true&$count=true`;
export const syncedMembersCountUrl = (auId: string): string =>
  `${base(auId)}/$count?$filter=onPremisesSyncEnabled eq true`;
/** Every user member (default properties: id and userPrincipalName are among them). */
export const allMembersUrl = (auId: string): string => `${base(auId)}?$count=true`;

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
  visibility?: string | null;
}

interface GraphMember {
  id?: string;
  userPrincipalName?: string | null;
}

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
    // Without Member.Read.Hidden Graph may answer a hidden unit with no members: such a unit's
    // members are unknown unless the token shows the permission.
    const readsHidden = graph.grantedPermissions?.()?.has(HIDDEN_MEMBERSHIP_PERMISSION) === true;
    const protectedUsers = new Set(options.protectedSyncedUserIds);
    const units: Record<string, AdministrativeUnit> = {};
    const requests: CollectionRequest[] = [];
    for (const au of all) {
      if (!au.id) continue;
      const restricted = au.isMemberManagementRestricted === true;
      if (!restricted && !scoping.has(au.id)) continue;
      const hiddenUnreadable = au.visibility === "HiddenMembership" && !readsHidden;
      units[au.id] = {
        id: au.id,
        displayName: au.displayName ?? null,
        isMemberManagementRestricted: restricted,
        syncedMemberCount: null,
        sampleUserPrincipalNames: [],
        memberUserIds: [],
        ...(hiddenUnreadable ? { hiddenMembershipUnreadable: true } : {}),
      };
      if (hiddenUnreadable) continue;
      requests.push({ key: `sample:${au.id}`, url: syncedMembersSampleUrl(au.id), headers: { ...EVENTUAL } });
      // The member list gives restricted units their members and every unit its protected members.
      if (restricted || protectedUsers.size > 0)
        requests.push({ key: `members:${au.id}`, url: allMembersUrl(au.id), headers: { ...EVENTUAL } });
    }
    const samples = await batchPages<GraphMember>(
      graph,
      requests.filter((r) => r.key.startsWith("sample:")),
      { ...opts, maxPages: 1 },
    );
    const lists = await batchPages<GraphMember>(
      graph,
      requests.filter((r) => r.key.startsWith("members:")),
      opts,
    );

    const needCount: string[] = [];
    const memberships: Record<string, string[]> = {};
    for (const userId of protectedUsers) memberships[userId] = [];
    for (const unit of Object.values(units)) {
      if (unit.hiddenMembershipUnreadable) continue;
      const sample = samples.get(`sample:${unit.id}`)!;
      if (sample.error) throw sample.error;
      unit.sampleUserPrincipalNames = sample.values
        .slice(0, SAMPLE_SIZE)
        .map((u) => u.userPrincipalName)
        .filter((upn): upn is string => typeof upn === "string");
      if (sample.count !== undefined) unit.syncedMemberCount = sample.count;
      else needCount.push(unit.id);
      const members = lists.get(`members:${unit.id}`);
      if (!members) continue;
      if (members.error) throw members.error;
      const ids = members.values.map((m) => m.id).filter((id): id is string => !!id);
      if (unit.isMemberManagementRestricted) unit.memberUserIds = ids;
      for (const id of ids) memberships[id]?.push(unit.id);
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
    for (const ids of Object.values(memberships)) ids.sort();
    return { units, memberships };
  });
}
