/**
 * GET /api/exposure — the latest snapshot's exposure: JSON by default, the HTML report (with the
 * trend over the retained snapshots) with ?format=html or when the caller prefers text/html (a
 * browser opening the link in an alert email).
 */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { getLatestReport, getTrend } from "../shared/audit/readers.js";
import { renderHtmlReport } from "../shared/report/htmlReport.js";
import { getAuditContext } from "./lib/appContext.js";
import { SECURITY_HEADERS, handleErrors, json, problem } from "./lib/http.js";
import { wantsHtml } from "./lib/params.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function getExposure(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleErrors(context, async () => {
    const html = wantsHtml(request);
    const ctx = await getAuditContext();
    const report = await getLatestReport(ctx);
    if (!report) {
      return problem(
        404,
        "not-found",
        "No snapshot yet",
        "No audit has completed yet. Wait for the timer or run one now with POST /api/check.",
      );
    }
    if (!html) return json(200, report, { Vary: "Accept" });
    const trend = await getTrend(ctx);
    const page = renderHtmlReport({
      exposure: report.exposure,
      summary: report.summary,
      recentChanges: report.recentChanges,
      generatedAt: ctx.now().toISOString(),
      reportUrl: ctx.config.reportUrl,
      trend,
      ...(report.olderThanNewest ? { olderThanNewest: report.olderThanNewest } : {}),
    });
    return {
      status: 200,
      body: page.html,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": page.contentSecurityPolicy,
        "Referrer-Policy": "no-referrer",
        Vary: "Accept",
        ...SECURITY_HEADERS,
      },
    };
  });
}

protectedRoute({
  name: "exposure",
  methods: ["GET"],
  route: "exposure",
  role: APP_ROLES.exposureRead,
  handler: getExposure,
});
