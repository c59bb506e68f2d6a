/**
 * DELETE /api/acceptances/{id} — revoke a table acceptance. The current row is marked revoked and a
 * history line says who and when (nothing is deleted: the history stays whole). 200 with that event;
 * 404 for an id no acceptance has; 400 for one already revoked or from the acceptances file (changed
 * in the file, not here).
 */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { revokeAcceptance } from "../shared/audit/acceptances.js";
import { resolveTenantId } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { answeringRequestProblems, recordedBy } from "./lib/acceptanceRoutes.js";
import { handleErrors, InvalidParameterError, json, problem } from "./lib/http.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute, type Caller } from "./lib/protectedRoute.js";

/** Table ids are acc-<hex>, file ids file:<entry id>; the pattern keeps anything else away from table keys. */
const ACCEPTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export async function deleteAcceptance(
  request: HttpRequest,
  context: InvocationContext,
  caller: Caller,
): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const id = request.params.id ?? "";
    if (!ACCEPTANCE_ID.test(id)) {
      throw new InvalidParameterError("id", "id is not an acceptance id: list them with GET /api/acceptances.");
    }
    const ctx = await getAuditContext();
    const tenantId = await resolveTenantId(ctx);
    if (!tenantId) return problem(404, "not-found", "Acceptance not found", `No acceptance has id "${id}".`);
    return answeringRequestProblems(async () => {
      const event = await revokeAcceptance(ctx, tenantId, id, recordedBy(caller));
      context.log(JSON.stringify({ event: "acceptance.revoke", acceptanceId: id, caller: caller.kind }));
      return json(200, event);
    });
  });
}

protectedRoute({
  name: "revoke",
  methods: ["DELETE"],
  route: "acceptances/{id}",
  role: APP_ROLES.acceptancesWrite,
  handler: deleteAcceptance,
});
