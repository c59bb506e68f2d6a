/**
 * One audit from settings to exposure: the code path the CLI and the demo share
 * (config → credential → Graph client → collectSnapshot → computeExposure).
 */
import type { Config } from "../config.js";
import type { Exposure } from "../exposure/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { computeExposure } from "../exposure/computeExposure.js";
import { collectSnapshot } from "../graph/collectSnapshot.js";
import { graphClientForConfig } from "../graph/credential.js";
import { DirectoryRecording } from "../graph/recording/recordingDirectory.js";
import type { OnProgress } from "../graph/progress.js";

export interface AuditTenantOptions {
  /** A bearer token (GRAPH_ACCESS_TOKEN); DefaultAzureCredential otherwise. */
  accessToken?: string;
  /** Multiplies retry waits (the demo and tests shorten them). Default 1. */
  retryDelayScale?: number;
  now?: () => Date;
  abortSignal?: AbortSignal;
  /** Save every Graph request and response of the audit, pseudonymized, in this directory. */
  recordTo?: string;
  /** Pages and sections as they are read (the CLI's progress line on a terminal). */
  onProgress?: OnProgress;
  /** See GraphClientOptions.rateLimits. Default "documented". */
  rateLimits?: "documented" | "none";
}

export interface AuditResult {
  snapshot: Snapshot;
  exposure: Exposure;
}

export async function auditTenant(config: Config, options: AuditTenantOptions = {}): Promise<AuditResult> {
  const now = options.now ?? (() => new Date());
  const recording = options.recordTo
    ? new DirectoryRecording(options.recordTo, new URL(config.graphBaseUrl).origin, now)
    : undefined;
  const graph = graphClientForConfig(config, {
    accessToken: options.accessToken,
    retryDelayScale: options.retryDelayScale,
    userAgent: "writeback-watch-cli",
    ...(recording ? { recording } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  const auditSince = new Date(now().getTime() - config.auditLookbackDays * 86_400_000).toISOString();
  const snapshot = await collectSnapshot(graph, {
    ...(config.tenantId ? { tenantId: config.tenantId } : {}),
    declaredWriteback: config.declaredWriteback,
    protectedOnPrem: config.protectedOnPrem,
    auditSince,
    now,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  recording?.save();
  return { snapshot, exposure: computeExposure(snapshot) };
}
