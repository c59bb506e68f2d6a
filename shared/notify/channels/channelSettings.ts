/**
 * The settings of the alert channels beside email: Microsoft Teams (a Workflows webhook), a signed
 * JSON webhook, and Azure Monitor Logs Ingestion. Each channel is off until its settings are given;
 * half a channel (a webhook URL without its secret, an endpoint without its rule) is a problem named
 * with the setting that completes it. config.ts folds these into the one ConfigError.
 *
 * Secrets (the Workflows URL carries its own signature, the webhook secret) belong in Key Vault: an
 * app setting `@Microsoft.KeyVault(SecretUri=…)` is resolved by App Service before the app reads it
 * ("Use Key Vault references as app settings", learn.microsoft.com/azure/app-service/app-service-key-vault-references).
 * A reference that reaches the app unresolved is reported as such, not as a malformed value.
 */
import { z } from "zod";
import { endpointUrlProblem } from "../../loopback.js";

export const CHANNEL_SETTINGS = {
  TEAMS_WORKFLOW_URL:
    "Microsoft Teams: the URL of a Workflows flow 'Post to a channel when a webhook request is received' (secret: use a Key Vault reference). Empty: Teams off.",
  WEBHOOK_URL: "Signed JSON webhook: where alerts are POSTed (https). Empty: webhook off.",
  WEBHOOK_SECRET:
    "Signed JSON webhook: the shared secret, whsec_ followed by base64 of 24 to 64 random bytes (Standard Webhooks). Use a Key Vault reference.",
  LOGS_INGESTION_ENDPOINT:
    "Azure Monitor Logs Ingestion: the data collection endpoint's logs ingestion URL (infra output LOGS_INGESTION_ENDPOINT). Empty: Log Analytics off.",
  LOGS_INGESTION_RULE_ID: "Azure Monitor Logs Ingestion: the data collection rule's immutable id (dcr-…).",
  LOGS_INGESTION_FINDINGS_STREAM:
    "Azure Monitor Logs Ingestion: the DCR stream for every audit's findings. Default Custom-WritebackWatchFindings.",
  LOGS_INGESTION_CHANGES_STREAM:
    "Azure Monitor Logs Ingestion: the DCR stream for every change. Default Custom-WritebackWatchChanges.",
  LOGS_INGESTION_AUDIENCE:
    "Azure Monitor Logs Ingestion: the token audience of the cloud: https://monitor.azure.com (default), https://monitor.azure.us or https://monitor.azure.cn.",
} as const;

/**
 * The token audiences the Logs Ingestion API documents, one per cloud ("Logs Ingestion API in Azure
 * Monitor", Request headers: azure-monitor-docs articles/azure-monitor/logs/logs-ingestion-api-overview.md).
 */
export const LOGS_INGESTION_AUDIENCES = [
  "https://monitor.azure.com",
  "https://monitor.azure.us",
  "https://monitor.azure.cn",
] as const;

export const DEFAULT_FINDINGS_STREAM = "Custom-WritebackWatchFindings";
export const DEFAULT_CHANGES_STREAM = "Custom-WritebackWatchChanges";

export interface TeamsChannelConfig {
  url: string;
}
export interface WebhookChannelConfig {
  url: string;
  secret: string;
}
export interface LogsChannelConfig {
  endpoint: string;
  ruleId: string;
  findingsStream: string;
  changesStream: string;
  audience: string;
}
export interface ChannelsConfig {
  teams?: TeamsChannelConfig;
  webhook?: WebhookChannelConfig;
  logs?: LogsChannelConfig;
}

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/i;

/** A value that is still a Key Vault reference was not resolved by the platform: say so first. */
const resolved = (inner: z.ZodType<string>) =>
  z.string().superRefine((v, ctx) => {
    if (KEY_VAULT_REFERENCE.test(v.trim())) {
      ctx.addIssue({
        code: "custom",
        message:
          "is an unresolved Key Vault reference: grant the app's identity 'Key Vault Secrets User' on the vault and check the secret URI (the portal shows the reference's status under Environment variables)",
      });
      return;
    }
    const r = inner.safeParse(v);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
  });

const endpoint = z.string().superRefine((v, ctx) => {
  const problem = endpointUrlProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Standard Webhooks secret: "whsec_" + base64 of the key; 24 bytes at least (192 bits), at most 64. */
const webhookSecret = z.string().superRefine((v, ctx) => {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(v.trim());
  const bytes = m ? Buffer.from(m[1]!, "base64").length : 0;
  if (!m)
    ctx.addIssue({ code: "custom", message: "must be whsec_ followed by base64 (e.g. from: openssl rand -base64 32)" });
  else if (bytes < 24 || bytes > 64)
    ctx.addIssue({ code: "custom", message: `must hold 24 to 64 bytes of key (got ${bytes})` });
});

/** DCR immutable ids look like dcr-000a00a000a00000a000000aa000a0aa (logs-ingestion-api-overview.md, URI). */
const ruleId = z
  .string()
  .regex(/^dcr-[0-9a-f]{32}$/i, "must be a data collection rule's immutable id: dcr- and 32 hex digits");
/** A custom stream declared in a DCR is named Custom-<name> (same doc, Data collection rule). */
const stream = z
  .string()
  .regex(/^Custom-[A-Za-z][A-Za-z0-9_]{0,99}$/, "must be a custom stream name: Custom- then letters, digits or _");

export const channelSchemaShape = {
  TEAMS_WORKFLOW_URL: z.preprocess(emptyToUndefined, resolved(endpoint).optional()),
  WEBHOOK_URL: z.preprocess(emptyToUndefined, endpoint.optional()),
  WEBHOOK_SECRET: z.preprocess(emptyToUndefined, resolved(webhookSecret).optional()),
  LOGS_INGESTION_ENDPOINT: z.preprocess(emptyToUndefined, endpoint.optional()),
  LOGS_INGESTION_RULE_ID: z.preprocess(emptyToUndefined, ruleId.optional()),
  LOGS_INGESTION_FINDINGS_STREAM: z.preprocess(emptyToUndefined, stream.default(DEFAULT_FINDINGS_STREAM)),
  LOGS_INGESTION_CHANGES_STREAM: z.preprocess(emptyToUndefined, stream.default(DEFAULT_CHANGES_STREAM)),
  LOGS_INGESTION_AUDIENCE: z.preprocess(
    (v) => (typeof v === "string" ? emptyToUndefined(v.trim().replace(/\/+$/, "")) : v),
    z.enum(LOGS_INGESTION_AUDIENCES).default("https://monitor.azure.com"),
  ),
};

type ChannelRaw = z.infer<z.ZodObject<typeof channelSchemaShape>>;

/** The configured channels; pushes one problem per half-configured channel. */
export function channelsFrom(raw: ChannelRaw, problems: string[]): ChannelsConfig {
  const out: ChannelsConfig = {};
  if (raw.TEAMS_WORKFLOW_URL) out.teams = { url: raw.TEAMS_WORKFLOW_URL };
  if (raw.WEBHOOK_URL && raw.WEBHOOK_SECRET) out.webhook = { url: raw.WEBHOOK_URL, secret: raw.WEBHOOK_SECRET.trim() };
  else if (raw.WEBHOOK_URL)
    problems.push("WEBHOOK_SECRET: required when WEBHOOK_URL is set (receivers verify the signature with it)");
  else if (raw.WEBHOOK_SECRET) problems.push("WEBHOOK_URL: required when WEBHOOK_SECRET is set (or remove the secret)");
  if (raw.LOGS_INGESTION_ENDPOINT && raw.LOGS_INGESTION_RULE_ID) {
    if (raw.LOGS_INGESTION_FINDINGS_STREAM === raw.LOGS_INGESTION_CHANGES_STREAM)
      problems.push("LOGS_INGESTION_CHANGES_STREAM: must differ from LOGS_INGESTION_FINDINGS_STREAM (the rows differ)");
    out.logs = {
      endpoint: raw.LOGS_INGESTION_ENDPOINT.replace(/\/+$/, ""),
      ruleId: raw.LOGS_INGESTION_RULE_ID.toLowerCase(),
      findingsStream: raw.LOGS_INGESTION_FINDINGS_STREAM,
      changesStream: raw.LOGS_INGESTION_CHANGES_STREAM,
      audience: raw.LOGS_INGESTION_AUDIENCE,
    };
  } else if (raw.LOGS_INGESTION_ENDPOINT) {
    problems.push("LOGS_INGESTION_RULE_ID: required when LOGS_INGESTION_ENDPOINT is set (the DCR's immutable id)");
  } else if (raw.LOGS_INGESTION_RULE_ID) {
    problems.push(
      "LOGS_INGESTION_ENDPOINT: required when LOGS_INGESTION_RULE_ID is set (the DCE's logs ingestion URL)",
    );
  }
  return out;
}

/** The values no log may repeat. */
export function channelSecrets(env: NodeJS.ProcessEnv): (string | undefined)[] {
  return [env.TEAMS_WORKFLOW_URL?.trim(), env.WEBHOOK_SECRET?.trim()];
}
