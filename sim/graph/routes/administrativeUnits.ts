/**
 * Administrative units and their members (administrativeUnits collector): the scopes AU-scoped role
 * assignments reach, and the restricted-management units whose members ordinary admins cannot touch.
 */
import { ADMINISTRATIVE_UNIT, administrativeUnitJson } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import { respondCollection } from "../respond.js";
import { membersRoute } from "./directoryObjects.js";
import { DOCUMENTED } from "./documented.js";
import { asCount, bool, generic, guid, limitsOf, str, type Route } from "./route.js";

/** directory-list-administrativeunits: "$filter (eq)". */
const AU_FILTERS: FilterCapabilities = {
  id: guid(["eq"]),
  displayName: str(["eq"]),
  isMemberManagementRestricted: bool(["eq"]),
};

const members = membersRoute("aus", DOCUMENTED.administrativeUnitMembers);
const membersCount = asCount(membersRoute("aus", DOCUMENTED.administrativeUnitMembersCount));

export const administrativeUnitsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/directory/administrativeUnits",
    section: "administrativeUnits",
    documented: DOCUMENTED.administrativeUnits,
    handle: (ctx) =>
      respondCollection(ctx, {
        schema: ADMINISTRATIVE_UNIT,
        context: "directory/administrativeUnits",
        filters: AU_FILTERS,
        ...limitsOf(DOCUMENTED.administrativeUnits),
        directory: true,
        source: generic([...ctx.tenant.administrativeUnits.values()]),
        toJson: administrativeUnitJson,
      }),
  },
  ...(["", "/{cast}"] as const).flatMap((cast): Route[] => [
    {
      method: "GET",
      pattern: `/directory/administrativeUnits/{id}/members${cast}`,
      section: "administrativeUnits",
      documented: DOCUMENTED.administrativeUnitMembers,
      handle: members,
    },
    {
      method: "GET",
      pattern: `/directory/administrativeUnits/{id}/members${cast}/$count`,
      section: "administrativeUnits",
      documented: DOCUMENTED.administrativeUnitMembersCount,
      handle: membersCount,
    },
  ]),
];
