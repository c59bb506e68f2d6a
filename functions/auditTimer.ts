/**
 * Timer: audit on AUDIT_SCHEDULE (default hourly). One structured JSON line per run. A run that
 * finds another audit holding the lease (an HTTP check, or an overlapping slow run) logs it and
 * ends normally: the holder does the work, and a failure here would only raise a false alarm.
 */
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { auditSignals } from "../shared/audit/deadline.js";
import { runAudit } from "../shared/audit/runAudit.js";
import { LeaseHeldError, scrubbedError, scrubSecrets } from "../shared/errors.js";
import { getAuditContext } from "./lib/appContext.js";
import { auditSummary } from "./lib/auditSummary.js";

export async function auditTimer(timer: Timer, context: InvocationContext): Promise<void> {
  try {
    const ctx = await getAuditContext();
    const result = await runAudit(ctx, { trigger: "timer", ...auditSignals(ctx.timeLimits) });
    context.log(
      JSON.stringify({ ...auditSummary(result, "timer", ctx.config.auditIntervalMinutes), isPastDue: timer.isPastDue }),
    );
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      context.log(
        JSON.stringify({
          event: "audit.skipped",
          outcome: "skipped",
          trigger: "timer",
          reason: "lease-held",
          leaseExpiresAt: error.expiresAt,
        }),
      );
      return;
    }
    context.error(
      JSON.stringify({
        event: "audit.failed",
        outcome: "failed",
        trigger: "timer",
        error: scrubSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000),
      }),
    );
    // Rethrow so the platform records a failed execution (alerts on failures work as expected), but
    // scrubbed: the host logs what it is given, message and stack.
    throw scrubbedError(error);
  }
}

app.timer("auditTimer", { schedule: "%AUDIT_SCHEDULE%", runOnStartup: false, useMonitor: true, handler: auditTimer });
