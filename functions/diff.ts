/** GET /api/diff?from=&to= — the changes between two stored snapshots (from = older, to = newer). */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { diffStoredSnapshots } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { handleErrors, json, snapshotNotFound } from "./lib/http.js";
import { snapshotIdParam } from "./lib/params.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function getDiff(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const from = snapshotIdParam(request.query.get("from"), "from");
    const to = snapshotIdParam(request.query.get("to"), "to");
    const ctx = await getAuditContext();
    const diff = await diffStoredSnapshots(ctx, from, to);
    return diff
      ? json(200, diff)
      : snapshotNotFound(
          "from or to names no stored snapshot (it may have been purged); list them with GET /api/snapshots.",
        );
  });
}

protectedRoute({ name: "diff", methods: ["GET"], route: "diff", role: APP_ROLES.exposureRead, handler: getDiff });
