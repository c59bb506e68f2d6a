/** GET /api/snapshots/{id} — one stored snapshot's summary and exposure. */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { getSnapshotReport } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { handleErrors, json, snapshotNotFound } from "./lib/http.js";
import { snapshotIdParam } from "./lib/params.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function getSnapshot(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const id = snapshotIdParam(request.params.id, "id");
    const ctx = await getAuditContext();
    const report = await getSnapshotReport(ctx, id);
    return report
      ? json(200, report)
      : snapshotNotFound("No snapshot has this id (it may have been purged); list them with GET /api/snapshots.");
  });
}

protectedRoute({
  name: "snapshot",
  methods: ["GET"],
  route: "snapshots/{id}",
  role: APP_ROLES.exposureRead,
  handler: getSnapshot,
});
