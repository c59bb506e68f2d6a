/**
 * GET /api/trend[?days=N] — the headline over the retained snapshots (reset-to-on-prem paths,
 * resetters, synced users reached, critical findings), oldest first, with the alerts sent and the coverage
 * lost at each snapshot: the series the HTML report charts.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { getTrend } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { handleErrors, json, problem } from "./lib/http.js";
import { daysParam } from "./lib/params.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function getTrendHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const days = daysParam(request);
    const ctx = await getAuditContext();
    const since = days === undefined ? undefined : new Date(ctx.now().getTime() - days * 86_400_000);
    const trend = await getTrend(ctx, { since });
    if (!trend) {
      return problem(
        404,
        "not-found",
        "No snapshot yet",
        "No audit has completed yet. Wait for the timer or run one now with POST /api/check.",
      );
    }
    return json(200, trend);
  });
}

protectedRoute({
  name: "trend",
  methods: ["GET"],
  route: "trend",
  role: APP_ROLES.exposureRead,
  handler: getTrendHandler,
});
