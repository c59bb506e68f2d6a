/** Timer: the periodic digest on DIGEST_SCHEDULE (default Monday 08:00 UTC). One JSON log line per run. */
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { timeoutSignal } from "../shared/audit/deadline.js";
import { runDigest } from "../shared/audit/runDigest.js";
import { scrubbedError, scrubSecrets } from "../shared/errors.js";
import { getAuditContext } from "./lib/appContext.js";

export async function digestTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  try {
    const ctx = await getAuditContext();
    // The same hard stop as an audit: a stalled Graph or ACS cannot keep the run past the function timeout.
    const result = await runDigest(ctx, { abortSignal: timeoutSignal(ctx.timeLimits.stopMs) });
    context.log(JSON.stringify({ event: "digest.completed", ...result }));
  } catch (error) {
    context.error(
      JSON.stringify({
        event: "digest.failed",
        error: scrubSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000),
      }),
    );
    // The host logs the rethrown error, message and stack: hand it the scrubbed copy.
    throw scrubbedError(error);
  }
}

app.timer("digestTimer", {
  schedule: "%DIGEST_SCHEDULE%",
  runOnStartup: false,
  useMonitor: true,
  handler: digestTimer,
});
