/**
 * GET /api/health (anonymous) — is the app able to work: settings valid, storage reachable, and
 * when the last audit ran and how it ended. No tenant data: anyone who finds the URL may call it.
 * 200 when settings and storage are fine (a failed last run is reported, not a 503: the app can
 * still serve and retry); 503 otherwise, so an availability test alerts.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { getHealth } from "../shared/audit/readers.js";
import { scrubSecrets } from "../shared/errors.js";
import { getAuditContext, getConfig } from "./lib/appContext.js";
import { json } from "./lib/http.js";

export async function getHealthHandler(_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  if (!getConfig().ok) return json(503, { status: "unhealthy", configValid: false, storageReachable: false });
  let health;
  try {
    health = await getHealth(await getAuditContext());
  } catch (error) {
    // Building the context creates the tables: failing here means storage is unreachable.
    context.warn(
      `Health: storage unreachable: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`,
    );
    return json(503, { status: "unhealthy", configValid: true, storageReachable: false });
  }
  const status = !health.storageReachable
    ? "unhealthy"
    : health.lastRun?.status === "failed" || health.email || health.undelivered || health.acceptances
      ? "degraded"
      : "ok";
  return json(status === "unhealthy" ? 503 : 200, {
    status,
    configValid: health.configValid,
    storageReachable: health.storageReachable,
    ...(health.lastRun
      ? { lastRun: { at: health.lastRun.at, status: health.lastRun.status, durationMs: health.lastRun.durationMs } }
      : {}),
    ...(health.email ? { email: health.email } : {}),
    ...(health.undelivered ? { undelivered: health.undelivered } : {}),
    ...(health.acceptances ? { acceptances: health.acceptances } : {}),
  });
}

app.http("health", { methods: ["GET"], authLevel: "anonymous", route: "health", handler: getHealthHandler });
