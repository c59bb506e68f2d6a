/**
 * Groups, their owners and (transitive) members, and PIM for Groups eligibility (groupMembers
 * collector): the routes that expand a role-holding group into the people it protects.
 */
import { GROUP, GROUP_ELIGIBILITY, groupJson } from "../entities.js";
import { badRequest, notFound } from "../errors.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection, respondEntity } from "../respond.js";
import { directoryObjectsSpec, membersRoute, principalOf } from "./directoryObjects.js";
import { DOCUMENTED } from "./documented.js";
import { asCount, bool, generic, guid, limitsOf, resourceNotFoundMessage, str, type Route } from "./route.js";

const GROUP_FILTERS: FilterCapabilities = {
  id: guid(["eq", "ne", "in"]),
  isAssignableToRole: bool(["eq", "ne", "not"]),
  securityEnabled: bool(["eq", "ne", "not", "in"]),
  mailEnabled: bool(["eq", "ne", "not", "in"]),
  displayName: str(["eq", "ne", "not", "ge", "le", "in", "startswith"]),
};

/** PIM for Groups eligibility instances: groupId, principalId, accessId, memberType support eq. */
const GROUP_ELIGIBILITY_FILTERS: FilterCapabilities = {
  groupId: guid(["eq"]),
  principalId: guid(["eq"]),
  accessId: str(["eq"]),
  memberType: str(["eq"]),
};

const transitive = membersRoute("groups", DOCUMENTED.transitiveMembers);
const transitiveCount = asCount(membersRoute("groups", DOCUMENTED.transitiveMembersCount));

export const groupMembersRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
    section: "groupMembers",
    documented: DOCUMENTED.groupEligibilities,
    handle: (ctx) => {
      // The docs: "This method requires the $filter (eq) query parameter to scope the request to a
      // principalId or a groupId."
      const filter = ctx.rawQuery.get("$filter") ?? "";
      if (!/\b(groupId|principalId)\s+eq\b/i.test(filter))
        throw badRequest("The request requires a $filter on groupId or principalId.");
      return respondCollection<TenantModel["groupEligibilities"][number]>(ctx, {
        schema: GROUP_ELIGIBILITY,
        context: "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
        filters: GROUP_ELIGIBILITY_FILTERS,
        ...limitsOf(DOCUMENTED.groupEligibilities),
        source: generic(ctx.tenant.groupEligibilities),
        toJson: (e) => ({ ...e }),
        expandPrincipal: (e) => principalOf(ctx.tenant, e.principalId),
      });
    },
  },
  {
    method: "GET",
    pattern: "/groups",
    section: "groupMembers",
    documented: DOCUMENTED.groups,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: GROUP,
        context: "groups",
        filters: GROUP_FILTERS,
        ...limitsOf(DOCUMENTED.groups),
        directory: true,
        orderby: ["displayName"],
        source: generic([...ctx.tenant.groups.values()]),
        toJson: groupJson,
      }),
  },
  {
    method: "GET",
    pattern: "/groups/{id}",
    section: "groupMembers",
    documented: DOCUMENTED.group,
    handle: (ctx) => {
      const g = ctx.tenant.groups.get((ctx.params.id ?? "").toLowerCase());
      return respondEntity(ctx, GROUP, g && groupJson(g), "groups/$entity");
    },
  },
  {
    method: "GET",
    pattern: "/groups/{id}/owners",
    section: "groupMembers",
    documented: DOCUMENTED.groupOwners,
    handle: (ctx) => {
      const g = ctx.tenant.groups.get((ctx.params.id ?? "").toLowerCase());
      if (!g) throw notFound(resourceNotFoundMessage(ctx.params.id ?? ""));
      return respondCollection(
        ctx,
        directoryObjectsSpec(ctx, g.owners ?? [], undefined, "directoryObjects", DOCUMENTED.groupOwners),
      );
    },
  },
  ...(["", "/{cast}"] as const).flatMap((cast): Route[] => [
    {
      method: "GET",
      pattern: `/groups/{id}/transitiveMembers${cast}`,
      section: "groupMembers",
      documented: DOCUMENTED.transitiveMembers,
      handle: transitive,
    },
    {
      method: "GET",
      pattern: `/groups/{id}/transitiveMembers${cast}/$count`,
      section: "groupMembers",
      documented: DOCUMENTED.transitiveMembersCount,
      handle: transitiveCount,
    },
  ]),
];
