/**
 * The administrative units that matter to reach: those scoping a role assignment, and the
 * restricted-management ones. For each: the synced-member count and a sample (the first page of its
 * synced members), the rest of those synced members, which is where the AU memberships of protected
 * (synced) users come from (no per-user memberOf, whose Application row in Microsoft's table is not
 * User.Read.All), and every member of a restricted one. Requests grow with these few AUs and their
 * member pages, never with the tenant.
 *
 * The AU list is asked for with every section's first requests; the member reads start as soon as
 * the assignments' scopes are known, and only folding the memberships waits for the protected users
 * (which need the synced set).
 *
 * administrativeunit-list-members documents $search, $count and $filter (and OData casts), "supported
 * only with advanced query parameters": every request here sends ConsistencyLevel: eventual and
 * $count=true, and no $select or $top. Members of a HiddenMembership unit need Member.Read.Hidden too.
 */
import type { AdministrativeUnit, AdministrativeUnitsData, RoleAssignment, Section } from "../../snapshot/types.js";
import { batchPages, type CollectionRequest } from "../batchPages.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { EVENTUAL, segment } from "../odata.js";
import { parseCount } from "../GraphClient.js";
import { dependencyFailure, guarded } from "../sectionFailure.js";
import { administrativeUnitOf } from "../../snapshot/scope.js";

/** directory-list-administrativeunits documents $count, $select, $search, $filter (eq) and $expand: no $top. */
export const ADMINISTRATIVE_UNITS_URL =
  "/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted,visibility";

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
  /** Active and eligible assignments: their AU scopes decide which AUs matter. null: active ones unknown. */
  assignments: readonly RoleAssignment[] | null | Promise<readonly RoleAssignment[] | null>;
  /** Synced role holders and synced members of role-assignable groups. */
  protectedSyncedUserIds: readonly string[] | Promise<readonly string[]>;
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

export async function collectAdministrativeUnits(
  graph: GraphClient,
  options: AdministrativeUnitsOptions,
): Promise<Section<AdministrativeUnitsData>> {
  const opts = { abortSignal: options.abortSignal, section: "administrativeUnits" };
  const listing = (async () => {
    const all: GraphAdministrativeUnit[] = [];
    for await (const page of graph.pages<GraphAdministrativeUnit>(ADMINISTRATIVE_UNITS_URL, opts))
      all.push(...page.value);
    return all;
  })();
  // Awaited below, or dropped when the assignments are unknown.
  listing.catch(() => undefined);
  const assignments = await options.assignments;
  if (!assignments) return dependencyFailure("administrativeUnits", ["roleAssignments"]);
  return guarded("administrativeUnits", async () => {
    const all = await listing;
    const scoping = new Set(
      assignments.map((a) => administrativeUnitOf(a.directoryScopeId)).filter((id): id is string => !!id),
    );
    // Without Member.Read.Hidden Graph may answer a hidden unit with no members: such a unit's
    // members are unknown unless the token shows the permission.
    const readsHidden = graph.grantedPermissions?.()?.has(HIDDEN_MEMBERSHIP_PERMISSION) === true;
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
      // The synced members: the first page is the sample, the rest holds the protected members.
      requests.push({ key: `synced:${au.id}`, url: syncedMembersSampleUrl(au.id), headers: { ...EVENTUAL } });
      // Restricted units also need every member.
      if (restricted) requests.push({ key: `members:${au.id}`, url: allMembersUrl(au.id), headers: { ...EVENTUAL } });
    }
    const lists = await batchPages<GraphMember>(graph, requests, opts);
    const protectedUsers = new Set(await options.protectedSyncedUserIds);

    const needCount: string[] = [];
    const memberships: Record<string, string[]> = {};
    for (const userId of protectedUsers) memberships[userId] = [];
    for (const unit of Object.values(units)) {
      if (unit.hiddenMembershipUnreadable) continue;
      const synced = lists.get(`synced:${unit.id}`)!;
      if (synced.error) throw synced.error;
      unit.sampleUserPrincipalNames = synced.values
        .slice(0, SAMPLE_SIZE)
        .map((u) => u.userPrincipalName)
        .filter((upn): upn is string => typeof upn === "string");
      if (synced.count !== undefined) unit.syncedMemberCount = synced.count;
      else needCount.push(unit.id);
      const ids = new Set(synced.values.map((m) => m.id).filter((id): id is string => !!id));
      const members = lists.get(`members:${unit.id}`);
      if (members?.error) throw members.error;
      if (members) {
        unit.memberUserIds = members.values.map((m) => m.id).filter((id): id is string => !!id);
        for (const id of unit.memberUserIds) ids.add(id);
      }
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
