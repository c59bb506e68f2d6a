/**
 * The directory audit log (auditEvents collector): newest events first. directoryaudit-list.md:
 * "This method supports the $filter (eq, ge, le, startswith), $top, $orderby, and skiptoken OData
 * query parameters". An `or` is not among them: the simulator refuses it with a 400 unless the
 * tenant model is told to accept it (undocumented.directoryAuditsOrFilter), so the product is tested
 * against both answers. `and` is accepted (a window plus an activity needs it).
 */
import { DIRECTORY_AUDIT } from "../entities.js";
import type { FilterCapabilities, FilterExpr } from "../odata/filter.js";
import { badRequest } from "../errors.js";
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
    handle: (ctx) => {
      if (ctx.options.filter && usesOr(ctx.options.filter) && !ctx.tenant.undocumented.directoryAuditsOrFilter) {
        throw badRequest("Invalid filter clause: the 'or' operator is not supported for this resource.", "BadRequest");
      }
      return respondCollection<TenantModel["directoryAudits"][number]>(ctx, {
        schema: DIRECTORY_AUDIT,
        context: "auditLogs/directoryAudits",
        filters: AUDIT_FILTERS,
        ...limitsOf(DOCUMENTED.directoryAudits),
        orderby: ["activityDateTime"],
        source: generic(ctx.tenant.directoryAudits),
        // Graph returns the newest events first.
        sort: (a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime),
        toJson: (e) => ({ ...e }),
      });
    },
  },
];

function usesOr(expr: FilterExpr): boolean {
  switch (expr.kind) {
    case "or":
      return true;
    case "and":
      return usesOr(expr.left) || usesOr(expr.right);
    case "not":
      return usesOr(expr.expr);
    default:
      return false;
  }
}
