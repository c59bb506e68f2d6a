/**
 * POST /api/check[?force=true] — audit now, unless a recent snapshot already answers.
 *
 * The rule:
 * - the latest snapshot is younger than CHECK_MIN_AGE and force is not true → 200 with that
 *   snapshot's report and `"fresh": false` (no Graph calls: a check cannot be used to hammer Graph);
 * - otherwise run an audit (collect, store, diff, alert as the timer does) → 200 with its result
 *   and `"fresh": true`;
 * - another audit holds the lease (the timer, or a concurrent check) → 409 at once, never waiting,
 *   with `Retry-After` = seconds until that lease expires and a problem body. Waiting would hold an
 *   HTTP connection for a whole audit, past the front end's 230 s limit on large tenants.
 *
 * A full audit of a large tenant may itself outlast that 230 s HTTP limit; the audit still
 * completes in the function (functionTimeout 30 min) and GET /api/exposure shows it afterwards.
 */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { getLatestReport, resolveTenantId } from "../shared/audit/readers.js";
import { auditSignals } from "../shared/audit/deadline.js";
import { runAudit } from "../shared/audit/runAudit.js";
import { getAuditContext } from "./lib/appContext.js";
import { auditSummary } from "./lib/auditSummary.js";
import { handleErrors, json } from "./lib/http.js";
import { booleanParam } from "./lib/params.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute } from "./lib/protectedRoute.js";

export async function postCheck(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  let now: (() => Date) | undefined;
  return handleErrors(
    context,
    async () => {
      const force = booleanParam(request, "force");
      const ctx = await getAuditContext();
      now = ctx.now;
      if (!force) {
        const tenantId = await resolveTenantId(ctx);
        const latest = tenantId ? await ctx.stores.snapshots.getLatestSummary(tenantId) : undefined;
        const ageSeconds = latest ? (ctx.now().getTime() - Date.parse(latest.takenAt)) / 1000 : Infinity;
        if (latest && ageSeconds < ctx.config.checkMinAgeSeconds) {
          const report = await getLatestReport(ctx);
          if (report) {
            return json(200, {
              fresh: false,
              ageSeconds: Math.max(0, Math.floor(ageSeconds)),
              note: `The latest snapshot is younger than CHECK_MIN_AGE (${ctx.config.checkMinAgeSeconds} s); pass ?force=true to audit anyway.`,
              ...report,
            });
          }
        }
      }
      const result = await runAudit(ctx, { trigger: "http", ...auditSignals(ctx.timeLimits) });
      context.log(JSON.stringify(auditSummary(result, "http", ctx.config.auditIntervalMinutes)));
      return json(200, {
        fresh: true,
        summary: result.summary,
        exposure: result.exposure,
        diff: result.diff,
        alerts: result.alerts,
        coverageGaps: result.coverageGaps,
        durationMs: result.durationMs,
      });
    },
    () => (now ?? (() => new Date()))(),
  );
}

protectedRoute({ name: "check", methods: ["POST"], route: "check", role: APP_ROLES.auditRun, handler: postCheck });
