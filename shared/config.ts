/**
 * Settings, parsed once at start. Every setting the code reads is declared in SETTINGS below, so
 * infra (Bicep app settings) and local.settings.sample.json can be checked against it by tests.
 * A bad or missing value fails with one ConfigError naming every problem.
 */
import { z } from "zod";
import {
  acsConnectionStringProblems,
  acsConnectionStringSecrets,
  isDevelopmentStorage,
  storageConnectionStringProblems,
  storageConnectionStringSecrets,
} from "./connectionStrings.js";
import { ConfigError, registerSecret } from "./errors.js";
import {
  CHANNEL_SETTINGS,
  channelSchemaShape,
  channelSecrets,
  channelsFrom,
  type ChannelsConfig,
} from "./notify/channels/channelSettings.js";
import { FINDING_KINDS, SEVERITIES, type FindingKind, type Severity } from "./exposure/types.js";
import { GUID_PATTERN } from "./guid.js";
import { endpointUrlProblem } from "./loopback.js";
import { ncrontabProblems, scheduleIntervalMinutes } from "./ncrontab.js";
import { parseProtectedOnPrem, type ProtectedOnPremEntry } from "./snapshot/protectedOnPrem.js";

/** Every environment variable the app reads (Function App settings). */
export const SETTINGS = {
  GRAPH_BASE_URL:
    "Microsoft Graph root, e.g. https://graph.microsoft.us for GCC High. Default https://graph.microsoft.com.",
  AUTHORITY_HOST: "Entra ID authority host for tokens. Default https://login.microsoftonline.com.",
  AZURE_CLIENT_ID: "Client id of the user-assigned managed identity (read by DefaultAzureCredential).",
  TENANT_ID: "Tenant to audit; default: the tenant the credential belongs to (from /organization).",
  WRITEBACK_DECLARED:
    "What the operator set in the portal: on | off | unset. Contradicting evidence is a critical finding.",
  AUDIT_STORAGE: "Table Storage connection string (locally UseDevelopmentStorage=true), or use the __ forms below.",
  AUDIT_STORAGE__accountName: "Storage account name for an identity-based connection (Azure).",
  AUDIT_STORAGE__tableServiceUri: "Table endpoint for an identity-based connection (alternative to accountName).",
  AUDIT_STORAGE__clientId: "Managed identity client id used for the storage connection.",
  RETENTION_DAYS: "Snapshots older than this are purged (never the latest). 1 to 3650; default 90.",
  AUDIT_LOOKBACK_DAYS:
    "How far back the first audit reads the directory audit log. 1 to 30 (the log's retention with Entra ID P1/P2); default 30.",
  LEASE_SECONDS:
    "How long an audit lease lasts before a crashed run's lease expires. 300 to 86400; default 1800 (the function timeout). An audit stops reading Graph at 80% of the time to a minute before the shorter of the two; what is not read by then is unknown (timeout) and the snapshot is still stored.",
  CHECK_MIN_AGE:
    "POST /api/check returns the latest snapshot instead of re-auditing when it is younger than this (e.g. 10m, 1h, 0; at most 1d). Default 10m.",
  ALERT_MIN_SEVERITY:
    "Lowest severity of an exposure increase that sends an alert: critical | high | medium | low | info. Default high.",
  ALERT_MIN_SEVERITY_BY_KIND:
    "Per finding kind, the lowest severity of an increase that alerts, overriding ALERT_MIN_SEVERITY: kind=severity pairs separated by ; (e.g. escalation-app-owner=medium;sspr=critical).",
  ALERT_RECIPIENTS: "Alert and digest recipients: email addresses separated by , or ;.",
  ALERT_RECIPIENTS_GROUP_ID: "Object id of an Entra group whose members' mail addresses also receive alerts.",
  MAIL_FROM: "Sender address of the ACS Email domain, e.g. DoNotReply@<domain>.azurecomm.net.",
  ACS_ENDPOINT:
    "Azure Communication Services endpoint (managed identity), e.g. https://<name>.communication.azure.com.",
  ACS_CONNECTION_STRING: "ACS connection string (local development only; prefer ACS_ENDPOINT in Azure).",
  REPORT_URL:
    "Link to the HTML report put in emails, e.g. https://<app>.azurewebsites.net/api/sso/exposure?format=html.",
  AUDIT_SCHEDULE:
    "NCRONTAB schedule of the audit timer, six fields {second} {minute} {hour} {day} {month} {day-of-week}. Default hourly: 0 0 * * * *.",
  DIGEST_SCHEDULE: "NCRONTAB schedule of the digest timer (six fields). Default weekly, Monday 08:00 UTC: 0 0 8 * * 1.",
  GRAPH_MAX_RETRIES: "Retries of a Graph request on 429/503/504 before the section is marked unknown. Default 5.",
  PROTECTED_ONPREM_ACCOUNTS:
    "On-premises accounts in AD protected groups (adminCount), which writeback cannot change: SIDs, DN patterns with * or OUs, separated by ;. Left out of reach.",
  ACCEPTANCE_MAX_DAYS:
    "Longest time a finding may be accepted for, in days from its acceptance. 1 to 3650; default 180.",
  ACCEPTANCES_FILE:
    "Optional acceptances as code: a JSON file path, or an https blob URL read with the managed identity. It is merged with the acceptances table and wins on conflict; its errors are reported, never fatal.",
  ...CHANNEL_SETTINGS,
} as const;

export type SettingName = keyof typeof SETTINGS;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const httpsUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""));
const guid = z.string().regex(GUID_PATTERN, "must be a GUID");
/** A whole number within what the platform allows; the bounds are part of the message. */
const boundedInt = (min: number, max: number, def: number, why: string) =>
  z.coerce
    .number()
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max} (${why})`)
    .default(def);

/** Adds one issue per problem a checker finds. */
const checkedBy = (problems: (value: string) => string[]) =>
  z.string().superRefine((value, ctx) => {
    for (const message of problems(value)) ctx.addIssue({ code: "custom", message });
  });

/** A service the app sends credentials to (Graph, the authority, ACS, Tables): https, or http on loopback only. */
const endpointUrl = checkedBy((v) => {
  const problem = endpointUrlProblem(v);
  return problem ? [problem] : [];
}).transform((u) => u.replace(/\/+$/, ""));

const schedule = (def: string) => checkedBy(ncrontabProblems).default(def);

/**
 * Limits, each from the platform it protects:
 * - the directory audit log keeps 30 days with Entra ID P1/P2 and 7 on Free ("Microsoft Entra data
 *   retention", entra-docs docs/identity/monitoring-health/reference-reports-data-retention.md):
 *   reading further back finds nothing;
 * - the lease must outlast an audit, which host.json's functionTimeout (30 minutes) ends; a lease
 *   longer than a day only keeps a crashed run's lease in the way;
 * - retention in days stays within ten years so that date arithmetic never leaves the Date range.
 */
export const LIMITS = {
  retentionDays: { min: 1, max: 3650 },
  auditLookbackDays: { min: 1, max: 30 },
  leaseSeconds: { min: 300, max: 86_400 },
  checkMinAgeSeconds: { max: 86_400 },
  acceptanceMaxDays: { min: 1, max: 3650 },
} as const;

/** "10m", "1h", "30s", "0" or a plain number of seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = /^\s*(\d+)\s*(s|m|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "s").toLowerCase();
  return n * ({ s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[unit]!;
}

const duration = z.string().transform((v, ctx) => {
  const s = parseDurationSeconds(v);
  if (s === undefined) {
    ctx.addIssue({ code: "custom", message: "must be a duration like 30s, 10m, 1h or 0" });
    return z.NEVER;
  }
  if (s > LIMITS.checkMinAgeSeconds.max) {
    ctx.addIssue({ code: "custom", message: "must be at most 1d (a day)" });
    return z.NEVER;
  }
  return s;
});

const emailList = z.string().transform((v, ctx) => {
  const parts = v
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    if (!z.email().safeParse(p).success) ctx.addIssue({ code: "custom", message: `"${p}" is not an email address` });
  }
  return parts;
});

/** "reset-path=medium; sspr=critical": each kind named once, by its finding kind. */
const severityByKind = z.string().transform((v, ctx) => {
  const out: Partial<Record<FindingKind, Severity>> = {};
  for (const part of v
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, severity, extra] = part.split("=").map((x) => x.trim().toLowerCase());
    if (!kind || !severity || extra !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not kind=severity` });
    } else if (!(FINDING_KINDS as readonly string[]).includes(kind)) {
      ctx.addIssue({ code: "custom", message: `"${kind}" is not a finding kind (${FINDING_KINDS.join(", ")})` });
    } else if (!(SEVERITIES as readonly string[]).includes(severity)) {
      ctx.addIssue({ code: "custom", message: `"${severity}" is not a severity (${SEVERITIES.join(" | ")})` });
    } else if (out[kind as FindingKind]) {
      ctx.addIssue({ code: "custom", message: `"${kind}" is given twice` });
    } else out[kind as FindingKind] = severity as Severity;
  }
  return out;
});

/** A file path, or a URL (a blob the managed identity reads): https, or http on loopback (Azurite) only. */
const acceptancesFile = checkedBy((v) => {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return [];
  const problem = endpointUrlProblem(v);
  return problem ? [problem] : [];
});

const protectedOnPremList = z.string().transform((v, ctx) => {
  const { entries, problems } = parseProtectedOnPrem(v);
  for (const message of problems) ctx.addIssue({ code: "custom", message });
  return entries;
});

const schema = z.object({
  GRAPH_BASE_URL: z.preprocess(emptyToUndefined, endpointUrl.default("https://graph.microsoft.com")),
  AUTHORITY_HOST: z.preprocess(emptyToUndefined, endpointUrl.default("https://login.microsoftonline.com")),
  AZURE_CLIENT_ID: z.preprocess(emptyToUndefined, guid.optional()),
  TENANT_ID: z.preprocess(emptyToUndefined, guid.optional()),
  WRITEBACK_DECLARED: z.preprocess(
    (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(["on", "off", "unset"]).default("unset"),
  ),
  AUDIT_STORAGE: z.preprocess(emptyToUndefined, checkedBy(storageConnectionStringProblems).optional()),
  AUDIT_STORAGE__accountName: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9]{3,24}$/, "must be a storage account name (3-24 lowercase letters and digits)")
      .optional(),
  ),
  AUDIT_STORAGE__tableServiceUri: z.preprocess(emptyToUndefined, endpointUrl.optional()),
  AUDIT_STORAGE__clientId: z.preprocess(emptyToUndefined, guid.optional()),
  RETENTION_DAYS: z.preprocess(
    emptyToUndefined,
    boundedInt(LIMITS.retentionDays.min, LIMITS.retentionDays.max, 90, "ten years"),
  ),
  AUDIT_LOOKBACK_DAYS: z.preprocess(
    emptyToUndefined,
    boundedInt(
      LIMITS.auditLookbackDays.min,
      LIMITS.auditLookbackDays.max,
      30,
      "the directory audit log keeps 30 days at most",
    ),
  ),
  LEASE_SECONDS: z.preprocess(
    emptyToUndefined,
    boundedInt(LIMITS.leaseSeconds.min, LIMITS.leaseSeconds.max, 1800, "a day"),
  ),
  CHECK_MIN_AGE: z.preprocess(emptyToUndefined, duration.default(600)),
  ALERT_MIN_SEVERITY: z.preprocess(
    (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(SEVERITIES as [Severity, ...Severity[]]).default("high"),
  ),
  ALERT_MIN_SEVERITY_BY_KIND: z.preprocess(emptyToUndefined, severityByKind.default({})),
  ALERT_RECIPIENTS: z.preprocess(emptyToUndefined, emailList.default([])),
  ALERT_RECIPIENTS_GROUP_ID: z.preprocess(emptyToUndefined, guid.optional()),
  MAIL_FROM: z.preprocess(emptyToUndefined, z.email().optional()),
  ACS_ENDPOINT: z.preprocess(emptyToUndefined, endpointUrl.optional()),
  ACS_CONNECTION_STRING: z.preprocess(emptyToUndefined, checkedBy(acsConnectionStringProblems).optional()),
  REPORT_URL: z.preprocess(emptyToUndefined, httpsUrl.optional()),
  AUDIT_SCHEDULE: z.preprocess(emptyToUndefined, schedule("0 0 * * * *")),
  DIGEST_SCHEDULE: z.preprocess(emptyToUndefined, schedule("0 0 8 * * 1")),
  GRAPH_MAX_RETRIES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(5)),
  PROTECTED_ONPREM_ACCOUNTS: z.preprocess(emptyToUndefined, protectedOnPremList.default([])),
  ACCEPTANCE_MAX_DAYS: z.preprocess(
    emptyToUndefined,
    boundedInt(LIMITS.acceptanceMaxDays.min, LIMITS.acceptanceMaxDays.max, 180, "ten years"),
  ),
  ACCEPTANCES_FILE: z.preprocess(emptyToUndefined, acceptancesFile.optional()),
  ...channelSchemaShape,
});

type Raw = z.infer<typeof schema>;

export interface StorageConnection {
  /** Local: a connection string (Azurite). */
  connectionString?: string;
  /** Azure: identity-based. */
  tableServiceUri?: string;
  clientId?: string;
}

export interface MailConfig {
  from: string;
  recipients: string[];
  recipientsGroupId?: string;
  acsEndpoint?: string;
  acsConnectionString?: string;
}

export interface Config {
  graphBaseUrl: string;
  authorityHost: string;
  managedIdentityClientId?: string;
  tenantId?: string;
  declaredWriteback: "on" | "off" | "unset";
  storage: StorageConnection;
  retentionDays: number;
  auditLookbackDays: number;
  leaseSeconds: number;
  checkMinAgeSeconds: number;
  alertMinSeverity: Severity;
  /** ALERT_MIN_SEVERITY_BY_KIND: thresholds that override alertMinSeverity for their finding kind. */
  alertMinSeverityByKind: Partial<Record<FindingKind, Severity>>;
  /** Undefined when no recipient is configured: alerts and digests are then only logged. */
  mail?: MailConfig;
  reportUrl?: string;
  auditSchedule: string;
  /**
   * One audit interval: the longest wait between two runs of AUDIT_SCHEDULE, in minutes (rounded
   * up). Derived, never set: the watchdog and the digest measure "no successful audit" in it.
   */
  auditIntervalMinutes: number;
  digestSchedule: string;
  graphMaxRetries: number;
  /** Declared protected on-premises accounts (PROTECTED_ONPREM_ACCOUNTS); empty when none. */
  protectedOnPrem: ProtectedOnPremEntry[];
  /** ACCEPTANCE_MAX_DAYS: the longest an acceptance may last. */
  acceptanceMaxDays: number;
  /** ACCEPTANCES_FILE: where the acceptances file is (a path or a blob URL); undefined when none. */
  acceptancesFile?: string;
  /** The alert channels beside email that are configured (each off unless its settings are given). */
  channels: ChannelsConfig;
}

export interface LoadConfigOptions {
  /** Storage is required by the Functions app, not by the CLI audit. */
  requireStorage?: boolean;
}

/** Parse settings from the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  registerSecretsOf(env);
  const problems: string[] = [];
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join(".");
      const value = name in env ? ` (got "${redactIfSecret(name, String(env[name]))}")` : "";
      problems.push(`${name}: ${issue.message}${value}`);
    }
    throw new ConfigError(problems);
  }
  const raw: Raw = parsed.data;

  const storage = storageFrom(raw);
  if (options.requireStorage && !storage.connectionString && !storage.tableServiceUri) {
    problems.push(
      "AUDIT_STORAGE: set a connection string (UseDevelopmentStorage=true for Azurite) or AUDIT_STORAGE__accountName / AUDIT_STORAGE__tableServiceUri for an identity-based connection",
    );
  }

  let mail: MailConfig | undefined;
  const hasRecipients = raw.ALERT_RECIPIENTS.length > 0 || raw.ALERT_RECIPIENTS_GROUP_ID !== undefined;
  if (hasRecipients) {
    if (!raw.MAIL_FROM) problems.push("MAIL_FROM: required when ALERT_RECIPIENTS or ALERT_RECIPIENTS_GROUP_ID is set");
    if (!raw.ACS_ENDPOINT && !raw.ACS_CONNECTION_STRING) {
      problems.push(
        "ACS_ENDPOINT: required when alert recipients are set (or ACS_CONNECTION_STRING for local development)",
      );
    }
    if (raw.MAIL_FROM) {
      mail = {
        from: raw.MAIL_FROM,
        recipients: raw.ALERT_RECIPIENTS,
        recipientsGroupId: raw.ALERT_RECIPIENTS_GROUP_ID,
        acsEndpoint: raw.ACS_ENDPOINT,
        acsConnectionString: raw.ACS_CONNECTION_STRING,
      };
    }
  }
  const channels = channelsFrom(raw, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    graphBaseUrl: raw.GRAPH_BASE_URL,
    authorityHost: raw.AUTHORITY_HOST,
    managedIdentityClientId: raw.AZURE_CLIENT_ID,
    tenantId: raw.TENANT_ID,
    declaredWriteback: raw.WRITEBACK_DECLARED,
    storage,
    retentionDays: raw.RETENTION_DAYS,
    auditLookbackDays: raw.AUDIT_LOOKBACK_DAYS,
    leaseSeconds: raw.LEASE_SECONDS,
    checkMinAgeSeconds: raw.CHECK_MIN_AGE,
    alertMinSeverity: raw.ALERT_MIN_SEVERITY,
    alertMinSeverityByKind: raw.ALERT_MIN_SEVERITY_BY_KIND,
    mail,
    reportUrl: raw.REPORT_URL,
    auditSchedule: raw.AUDIT_SCHEDULE,
    auditIntervalMinutes: scheduleIntervalMinutes(raw.AUDIT_SCHEDULE),
    digestSchedule: raw.DIGEST_SCHEDULE,
    graphMaxRetries: raw.GRAPH_MAX_RETRIES,
    protectedOnPrem: raw.PROTECTED_ONPREM_ACCOUNTS,
    acceptanceMaxDays: raw.ACCEPTANCE_MAX_DAYS,
    acceptancesFile: raw.ACCEPTANCES_FILE,
    channels,
  };
}

function storageFrom(raw: Raw): StorageConnection {
  if (raw.AUDIT_STORAGE) return { connectionString: raw.AUDIT_STORAGE };
  const uri =
    raw.AUDIT_STORAGE__tableServiceUri ??
    (raw.AUDIT_STORAGE__accountName ? `https://${raw.AUDIT_STORAGE__accountName}.table.core.windows.net` : undefined);
  return uri ? { tableServiceUri: uri, clientId: raw.AUDIT_STORAGE__clientId ?? raw.AZURE_CLIENT_ID } : {};
}

/** Every secret value among the settings, so that no log or error repeats it (see scrubSecrets). */
function registerSecretsOf(env: NodeJS.ProcessEnv): void {
  const storage = env.AUDIT_STORAGE?.trim();
  if (storage && !isDevelopmentStorage(storage)) {
    registerSecret(storage);
    storageConnectionStringSecrets(storage).forEach(registerSecret);
  }
  const acs = env.ACS_CONNECTION_STRING?.trim();
  if (acs) {
    registerSecret(acs);
    acsConnectionStringSecrets(acs).forEach(registerSecret);
  }
  // Read by the CLI, not a Function App setting, but secret wherever it is set.
  registerSecret(env.GRAPH_ACCESS_TOKEN);
  channelSecrets(env).forEach(registerSecret);
}

function redactIfSecret(name: string, value: string): string {
  return /CONNECTION|STORAGE$|KEY|SECRET|TOKEN|WORKFLOW_URL/i.test(name) ? "[redacted]" : value.slice(0, 80);
}
