/**
 * Azure Monitor Logs Ingestion: each outbox batch (ingestionRows.ts) uploaded with
 * @azure/monitor-ingestion's LogsIngestionClient to the data collection rule's stream, as the
 * managed identity (Monitoring Metrics Publisher on the DCR, infra/app/rbac.bicep).
 *
 * The client's own retries are off: ours are bounded and honour Retry-After, which the service
 * sends on 429 ("Maximum requests/minute per DCR … Retry after the duration listed in the
 * Retry-After header", includes/azure-monitor-limits-custom-logs.md). The API has no way to
 * recognise a repeated upload, so a try with no answer, or a batch a stopped process cut off mid-send,
 * is reported rather than uploaded twice. 401/403 is the identity's role still propagating after a
 * deployment (minutes, like every new Azure role assignment): retried on later runs, not dropped.
 */
import type { TokenCredential } from "@azure/identity";
import { DefaultAzureCredential } from "@azure/identity";
import { LogsIngestionClient } from "@azure/monitor-ingestion";
import { bearerTokenAuthenticationPolicyName, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { isLoopbackUrl } from "../../../loopback.js";
import { scrubSecrets } from "../../../errors.js";
import type { LogsChannelConfig } from "../channelSettings.js";
import type { RecordNotifier } from "../../notifier.js";
import { retryAfterFromHeaders } from "../../retryAfter.js";
import {
  connectionVerdict,
  deliverWithRetries,
  statusVerdict,
  toDeliverResult,
  type RetryPolicy,
  type TryResult,
} from "../deliverWithRetries.js";
import { ingestionBatches, type IngestionBatchBody } from "./ingestionRows.js";

export interface CreateLogsIngestionNotifierOptions {
  /** Default: DefaultAzureCredential (the managed identity in Azure). */
  credential?: TokenCredential;
  retry?: RetryPolicy;
}

/**
 * The SDK's bearer policy refuses plain http outright; the settings allow http only on loopback
 * (loopback.ts), where the local stand-in listens. There, and only there, this policy adds the
 * same token instead.
 */
function loopbackBearerPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  return {
    name: "loopbackBearerPolicy",
    async sendRequest(request, next) {
      if (!isLoopbackUrl(request.url)) throw new Error("Plain http is allowed only for a loopback endpoint.");
      const token = await credential.getToken(scope, { abortSignal: request.abortSignal });
      if (!token) throw new Error(`No token for ${scope}.`);
      request.headers.set("authorization", `Bearer ${token.token}`);
      return next(request);
    },
  };
}

interface RestErrorish {
  statusCode?: number;
  message?: string;
  code?: string;
  response?: { headers: { get(name: string): string | undefined } };
}

const isAuthStatus = (status: number) => status === 401 || status === 403;

/** The upload's failure as a TryResult: AggregateLogsUploadError wraps the REST error of the one chunk. */
function readUploadError(error: unknown): TryResult {
  const first = (error as { errors?: { cause?: unknown }[] }).errors?.[0]?.cause ?? error;
  const e = first as RestErrorish;
  if (typeof e.statusCode !== "number") return connectionVerdict(first);
  const status = e.statusCode;
  return {
    ok: false,
    kind: isAuthStatus(status) ? "transient" : statusVerdict(status),
    status,
    retryAfterMs: retryAfterFromHeaders((name) => e.response?.headers.get(name)),
    error: scrubSecrets(`${status} ${e.code ?? ""} ${e.message ?? ""}`.replace(/\s+/g, " ").trim()).slice(0, 300),
  };
}

export function createLogsIngestionNotifier(
  config: LogsChannelConfig,
  options: CreateLogsIngestionNotifierOptions = {},
): RecordNotifier {
  const credential = options.credential ?? new DefaultAzureCredential();
  const local = config.endpoint.startsWith("http:") && isLoopbackUrl(config.endpoint);
  const client = new LogsIngestionClient(config.endpoint, credential, {
    audience: config.audience,
    retryOptions: { maxRetries: 0 },
    allowInsecureConnection: local,
  });
  if (local) {
    client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    client.pipeline.addPolicy(loopbackBearerPolicy(credential, `${config.audience}/.default`), { phase: "Sign" });
  }
  const label = "Azure Monitor Logs Ingestion";
  return {
    channel: "logs",
    label: "Log Analytics",
    singleEndpoint: true,
    resendsAfterInterruption: false,
    batchesFor: (audit) => ingestionBatches(audit, config),
    async deliver(item, deliverOptions) {
      let body: IngestionBatchBody;
      try {
        body = JSON.parse(item.text) as IngestionBatchBody;
        if (typeof body.stream !== "string" || !Array.isArray(body.rows)) throw new Error("no stream and rows");
      } catch (e) {
        return {
          status: "failed",
          error: `the queued batch cannot be read (${e instanceof Error ? e.message : String(e)})`,
        };
      }
      const result = await deliverWithRetries(
        async (signal) => {
          try {
            await client.upload(config.ruleId, body.stream, body.rows, { abortSignal: signal, maxConcurrency: 1 });
            return { ok: true };
          } catch (error) {
            if (signal.aborted) throw error;
            return readUploadError(error);
          }
        },
        { ...options.retry, retryUnknown: false, abortSignal: deliverOptions.abortSignal },
      );
      return toDeliverResult(result, { label, deliveryId: deliverOptions.operationId, isAuthStatus });
    },
  };
}
