/** GET /api/snapshots?pageSize=&continuationToken= — snapshot summaries, newest first, one page at a time. */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { listSnapshots } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { handleErrors, json } from "./lib/http.js";
import { continuationTokenParam, pageSizeParam } from "./lib/params.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function listSnapshotsHandler(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const pageSize = pageSizeParam(request);
    const continuationToken = continuationTokenParam(request);
    const ctx = await getAuditContext();
    const page = await listSnapshots(ctx, { pageSize, continuationToken });
    return json(200, {
      items: page.items,
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  });
}

protectedRoute({
  name: "snapshots",
  methods: ["GET"],
  route: "snapshots",
  role: APP_ROLES.exposureRead,
  handler: listSnapshotsHandler,
});
