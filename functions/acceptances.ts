/**
 * GET /api/acceptances — every acceptance (the table's and the acceptances file's), soonest expiry
 * first, with the findings of the latest audit each matches and where each stands, and the
 * acceptances file's problems: what `writeback-watch acceptances --json` prints.
 */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { listAcceptances } from "../shared/audit/acceptances.js";
import { resolveTenantId } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { handleErrors, json, problem } from "./lib/http.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function listAcceptancesHandler(
  _request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const ctx = await getAuditContext();
    const tenantId = await resolveTenantId(ctx);
    if (!tenantId) {
      return problem(404, "not-found", "No audit yet", "No audit has completed yet: run one with POST /api/check.");
    }
    return json(200, await listAcceptances(ctx, tenantId));
  });
}

protectedRoute({
  name: "acceptances",
  methods: ["GET"],
  route: "acceptances",
  role: APP_ROLES.exposureRead,
  handler: listAcceptancesHandler,
});
