/** The directory audit log (auditEvents collector): newest events first. */
import { DIRECTORY_AUDIT } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { DOCUMENTED } from "./documented.js";
import { generic, guid, limitsOf, str, type Route } from "./route.js";

/** directoryaudit-list: "$filter (eq, ge, le, startswith)". */
const AUDIT_FILTERS: FilterCapabilities = {
  id: str(["eq"]),
  activityDateTime: { type: "datetime", ops: ["ge", "le"] },
  activityDisplayName: str(["eq", "startswith"]),
  loggedByService: str(["eq"]),
  correlationId: guid(["eq"]),
  "initiatedBy/user/id": guid(["eq"]),
  "initiatedBy/user/displayName": str(["eq"]),
  "initiatedBy/user/userPrincipalName": str(["eq", "startswith"]),
  "initiatedBy/app/appId": guid(["eq"]),
  "initiatedBy/app/displayName": str(["eq"]),
};

export const auditEventsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/auditLogs/directoryAudits",
    section: "auditEvents",
    documented: DOCUMENTED.directoryAudits,
    handle: (ctx) =>
      respondCollection<TenantModel["directoryAudits"][number]>(ctx, {
        schema: DIRECTORY_AUDIT,
        context: "auditLogs/directoryAudits",
        filters: AUDIT_FILTERS,
        ...limitsOf(DOCUMENTED.directoryAudits),
        orderby: ["activityDateTime"],
        source: generic(ctx.tenant.directoryAudits),
        // Graph returns the newest events first.
        sort: (a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime),
        toJson: (e) => ({ ...e }),
      }),
  },
];
