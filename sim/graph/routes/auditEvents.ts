/** The directory audit log (auditEvents collector): newest events first. */
import { DIRECTORY_AUDIT } from "../entities.js";
import type { FilterCapabilities } from "../odata/filter.js";
import type { TenantModel } from "../model.js";
import { respondCollection } from "../respond.js";
import { PAGE_SIZE } from "../../../shared/graph/pageSizes.js";
import { P } from "./permissions.js";
import { DEFAULT_PAGE, generic, guid, str, type Route } from "./route.js";

/** directoryaudit-list: "$filter (eq, ge, le, startswith)". */
const AUDIT_FILTERS: FilterCapabilities = {
  id: str(["eq"]),
  activityDateTime: { type: "datetime", ops: ["ge", "le"] },
  activityDisplayName: str(["eq", "startswith"]),
  loggedByService: str(["eq"]),
  category: str(["eq"]),
  result: str(["eq"]),
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
    permissions: P.audit,
    handle: (ctx) =>
      respondCollection<TenantModel["directoryAudits"][number]>(ctx, {
        schema: DIRECTORY_AUDIT,
        context: "auditLogs/directoryAudits",
        filters: AUDIT_FILTERS,
        maxTop: PAGE_SIZE.directoryAudits,
        pageSize: DEFAULT_PAGE,
        orderby: ["activityDateTime"],
        source: generic(ctx.tenant.directoryAudits),
        // Graph returns the newest events first.
        sort: (a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime),
        toJson: (e) => ({ ...e }),
      }),
  },
];
