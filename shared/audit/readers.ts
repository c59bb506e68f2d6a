/** Read-only views over stored snapshots for the HTTP API and the CLI. No Graph calls. */
import { rankFixes, type FixRanking } from "../exposure/fixes.js";
import type { Diff } from "../diff/types.js";
import { diffSnapshots } from "../diff/diffSnapshots.js";
import type { Exposure } from "../exposure/types.js";
import type { Snapshot } from "../snapshot/types.js";
import type {
  Channel,
  FailedNotice,
  LastRun,
  ListOptions,
  Page,
  SnapshotSummary,
  StoredChange,
} from "../store/types.js";
import type { AuditContext } from "./context.js";
import { loadById, loadLatest, type LoadedSnapshot, type UnreadableSnapshot } from "./loadSnapshot.js";
import { isGuid } from "../guid.js";
import type { Config } from "../config.js";
import type { Trend } from "../report/trend.js";
import { loadTrend, type LoadTrendOptions } from "./loadTrend.js";
import { annotateExposure } from "../acceptance/annotateExposure.js";
import { loadAcceptances } from "../acceptance/loadAcceptances.js";

/** How far back the report's "recent changes" reach. */
const RECENT_CHANGES_DAYS = 30;
const RECENT_CHANGES_MAX = 100;

export interface Report {
  summary: SnapshotSummary;
  exposure: Exposure;
  recentChanges: StoredChange[];
  /** The fixes ranked by what they remove, from the latest snapshot (shared/exposure/fixes.ts). */
  fixes: FixRanking;
  /** Set when newer snapshots exist but cannot be read: this report is of an older one, and why. */
  olderThanNewest?: OlderThanNewest;
}

export interface OlderThanNewest {
  /** One sentence for a person. */
  detail: string;
  unreadable: UnreadableSnapshot[];
}

function olderThanNewest(served: LoadedSnapshot): OlderThanNewest | undefined {
  const unreadable = served.passedOver;
  if (!unreadable?.length) return undefined;
  const newest = unreadable[0]!;
  const which = unreadable.length === 1 ? "The newest snapshot" : `The ${unreadable.length} newest snapshots, from`;
  return {
    detail:
      `${which} ${newest.snapshotId} of ${newest.takenAt}, cannot be read (${newest.reason}); ` +
      `this is the newest one that can be: ${served.summary.snapshotId} of ${served.summary.takenAt}. ` +
      "The next audit stores a fresh snapshot; retention removes the damaged one.",
    unreadable,
  };
}

/** The tenant this deployment watches: TENANT_ID, else the one the last run audited. */
export async function resolveTenantId(ctx: AuditContext, abortSignal?: AbortSignal): Promise<string | undefined> {
  if (ctx.config.tenantId) return ctx.config.tenantId;
  return tenantIdOf(ctx.config, await ctx.stores.state.getLastRun({ abortSignal }));
}

/** The same answer for a caller that has already read the last run. */
export function tenantIdOf(config: Pick<Config, "tenantId">, lastRun: LastRun | undefined): string | undefined {
  if (config.tenantId) return config.tenantId;
  // A first audit that failed before it learnt the tenant records no usable id.
  return lastRun && isGuid(lastRun.tenantId) ? lastRun.tenantId : undefined;
}

export async function getLatestReport(ctx: AuditContext, abortSignal?: AbortSignal): Promise<Report | undefined> {
  const tenantId = await resolveTenantId(ctx, abortSignal);
  if (!tenantId) return undefined;
  const latest = await loadLatest(ctx, tenantId, abortSignal);
  if (!latest) return undefined;
  const since = new Date(ctx.now().getTime() - RECENT_CHANGES_DAYS * 86_400_000);
  const changes = await ctx.stores.changes.listChanges(tenantId, since, undefined, { abortSignal });
  const older = olderThanNewest(latest);
  // The acceptances as they stand now, not as they stood at the audit: a finding accepted (or an
  // acceptance revoked) since shows as such at once.
  const acceptances = await loadAcceptances({
    store: ctx.stores.acceptances,
    tenantId,
    config: ctx.config,
    abortSignal,
  });
  return {
    summary: latest.summary,
    exposure: annotateExposure(latest.exposure, acceptances, ctx.now()),
    recentChanges: changes.slice(-RECENT_CHANGES_MAX).reverse(),
    fixes: fixesOf(latest.snapshot, latest.exposure),
    ...(older ? { olderThanNewest: older } : {}),
  };
}

/**
 * Ranking the fixes recomputes the headline a dozen times (seconds on a tenant with tens of
 * thousands of role-assignable group members): the latest snapshot's ranking is kept per process,
 * so the report and its JSON do not pay it on every request. Snapshots are immutable once stored.
 */
let rankedFixes: { key: string; fixes: FixRanking } | undefined;

function fixesOf(snapshot: Snapshot, exposure: Exposure): FixRanking {
  const key = `${snapshot.tenantId}/${snapshot.id}`;
  if (rankedFixes?.key !== key) rankedFixes = { key, fixes: rankFixes(snapshot, exposure) };
  return rankedFixes.fixes;
}

/** The headline over the retained snapshots of the watched tenant; undefined before any audit. */
export async function getTrend(ctx: AuditContext, options: LoadTrendOptions = {}): Promise<Trend | undefined> {
  const tenantId = await resolveTenantId(ctx, options.abortSignal);
  return tenantId ? loadTrend(ctx.stores, tenantId, options) : undefined;
}

export async function getSnapshotReport(
  ctx: AuditContext,
  snapshotId: string,
  abortSignal?: AbortSignal,
): Promise<{ summary: SnapshotSummary; exposure: Exposure } | undefined> {
  const loaded = await getStoredSnapshot(ctx, snapshotId, abortSignal);
  return loaded ? { summary: loaded.summary, exposure: loaded.exposure } : undefined;
}

async function getStoredSnapshot(
  ctx: AuditContext,
  snapshotId: string,
  abortSignal?: AbortSignal,
): Promise<LoadedSnapshot | undefined> {
  const tenantId = await resolveTenantId(ctx, abortSignal);
  if (!tenantId) return undefined;
  const summary = await ctx.stores.snapshots.getSummary(tenantId, snapshotId, { abortSignal });
  if (!summary) return undefined;
  return loadById(ctx, tenantId, summary, abortSignal);
}

export async function listSnapshots(ctx: AuditContext, options: ListOptions = {}): Promise<Page<SnapshotSummary>> {
  const tenantId = await resolveTenantId(ctx, options.abortSignal);
  if (!tenantId) return { items: [] };
  return ctx.stores.snapshots.listSummaries(tenantId, options);
}

/** The same diff the audit run computes (under common coverage) between two stored snapshots. */
export async function diffStoredSnapshots(
  ctx: AuditContext,
  fromId: string,
  toId: string,
  abortSignal?: AbortSignal,
): Promise<Diff | undefined> {
  const from = await getStoredSnapshot(ctx, fromId, abortSignal);
  const to = await getStoredSnapshot(ctx, toId, abortSignal);
  if (!from || !to) return undefined;
  return diffSnapshots(from, to);
}

export interface Health {
  configValid: boolean;
  storageReachable: boolean;
  lastRun?: Pick<LastRun, "at" | "status" | "durationMs">;
  /** The last run's email could not go out because ACS rejected the app's identity; it is retried. */
  email?: { status: "auth-retrying"; detail: string };
  /** Messages given up on in the last UNDELIVERED_WINDOW_DAYS: how many, the newest when. */
  undelivered?: {
    count: number;
    lastFailedAt: string;
    /** The same count per channel (email, teams, webhook, logs): which service to look at. */
    byChannel: Partial<Record<Channel, number>>;
    detail: string;
  };
  /** The last run could not use part or all of the acceptances file. */
  acceptances?: { status: "file-problems"; problems: number; detail: string };
}

/** How far back health looks for messages given up on: a digest period. */
export const UNDELIVERED_WINDOW_DAYS = 7;

/** A fixed sentence, not ACS's own message: the health endpoint is anonymous. */
const EMAIL_AUTH_RETRYING =
  "ACS rejected the app's identity (401/403) in the last run: a new role assignment on the Communication Service can take minutes to apply after a deployment. Queued emails are retried on the next runs; if this persists, check the identity's email role on the Communication Service.";

/** Counts and times only, no recipient or error text: the health endpoint is anonymous. */
const UNDELIVERED =
  "Alerts, digests or Log Analytics batches were given up on (not queued, every send attempt failed, refused for good, or cut off mid-send where a repeat cannot be recognised); auditing goes on. byChannel says which channel. The digest lists each with its recipient and error; each run's log line counts them (alerts.gaveUp, alerts.channels).";
/** Also fixed: the problems name finding keys and entry ids, which the anonymous endpoint must not show. */
const ACCEPTANCES_FILE_PROBLEMS =
  "The acceptances file (ACCEPTANCES_FILE) could not be used in full in the last run: the entries concerned do not apply. The audit log (acceptances.problem), the report and `writeback-watch acceptances` name each problem.";

function countByChannel(failed: readonly FailedNotice[]): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  for (const f of failed) {
    const channel = f.channel ?? "email";
    out[channel] = (out[channel] ?? 0) + 1;
  }
  return out;
}

/** Deliberately without tenant data: the health endpoint is anonymous. */
export async function getHealth(ctx: AuditContext, abortSignal?: AbortSignal): Promise<Health> {
  try {
    const lastRun = await ctx.stores.state.getLastRun({ abortSignal });
    const tenantId = tenantIdOf(ctx.config, lastRun);
    const since = new Date(ctx.now().getTime() - UNDELIVERED_WINDOW_DAYS * 86_400_000);
    const failed = tenantId ? await ctx.stores.outbox.listFailed(tenantId, since, { abortSignal }) : [];
    const newest = failed
      .map((f) => f.failedAt ?? f.createdAt)
      .sort()
      .at(-1);
    return {
      configValid: true,
      storageReachable: true,
      lastRun: lastRun ? { at: lastRun.at, status: lastRun.status, durationMs: lastRun.durationMs } : undefined,
      ...(lastRun?.emailAuthFailure ? { email: { status: "auth-retrying", detail: EMAIL_AUTH_RETRYING } } : {}),
      ...(newest
        ? {
            undelivered: {
              count: failed.length,
              lastFailedAt: newest,
              byChannel: countByChannel(failed),
              detail: UNDELIVERED,
            },
          }
        : {}),
      ...(lastRun?.acceptanceProblems
        ? {
            acceptances: {
              status: "file-problems",
              problems: lastRun.acceptanceProblems,
              detail: ACCEPTANCES_FILE_PROBLEMS,
            },
          }
        : {}),
    };
  } catch {
    return { configValid: true, storageReachable: false };
  }
}
