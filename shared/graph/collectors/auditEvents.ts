import type {
  AuditActor,
  AuditEventsData,
  Section,
  SyncedUserResetEvent,
  WritebackToggleEvent,
} from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { odataDateTime, odataString } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import { guarded } from "../sectionFailure.js";
import type { SyncedUserLookup } from "../syncedUserLookup.js";

/** "Self-service password management" toggles of writeback (GRAPH-NOTES §8). */
export const WRITEBACK_TOGGLE_ACTIVITIES = {
  "Enable password writeback for directory": "enable",
  "Disable password writeback for directory": "disable",
} as const;

/**
 * Password resets and changes that, done in the cloud to a synced user, only succeed with writeback
 * on. Both Core Directory spellings are asked for: the docs say "Reset password", real logs say
 * "Reset user password".
 */
export const PASSWORD_RESET_ACTIVITIES = [
  "Reset password (by admin)",
  "Reset password (self-service)",
  "Change password (self-service)",
  "Reset user password",
  "Reset password",
  "Change user password",
] as const;

/** The directoryAudits query: our own literals only, quoted; `since` re-serialised from a parsed date. */
export function auditEventsUrl(since: string): string {
  const names = [...Object.keys(WRITEBACK_TOGGLE_ACTIVITIES), ...PASSWORD_RESET_ACTIVITIES]
    .map((name) => `activityDisplayName eq ${odataString(name)}`)
    .join(" or ");
  const filter = `activityDateTime ge ${odataDateTime(since)} and (${names})`;
  return `/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}&$top=${PAGE_SIZE.directoryAudits}`;
}

interface GraphAudit {
  id?: string;
  activityDisplayName?: string;
  activityDateTime?: string;
  result?: string;
  initiatedBy?: {
    user?: { id?: string | null; displayName?: string | null; userPrincipalName?: string | null } | null;
    app?: { appId?: string | null; displayName?: string | null } | null;
  } | null;
  targetResources?:
    { id?: string | null; type?: string | null; Type?: string | null; userPrincipalName?: string | null }[] | null;
}

export interface AuditEventsOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** Start of the window (ISO instant): the previous run's cursor. */
  since: string;
  /** Evidence carried from earlier snapshots, so it outlives the log's retention. */
  carried?: { lastToggle: WritebackToggleEvent | null; lastSyncedUserReset: SyncedUserResetEvent | null };
  syncedUsers: SyncedUserLookup;
  now?: () => Date;
}

export function collectAuditEvents(graph: GraphClient, options: AuditEventsOptions): Promise<Section<AuditEventsData>> {
  return guarded("auditEvents", async () => {
    const opts = { abortSignal: options.abortSignal, section: "auditEvents" };
    const until = (options.now ?? (() => new Date()))().toISOString();
    const since = odataDateTime(options.since);
    const toggles: WritebackToggleEvent[] = [];
    const resets: SyncedUserResetEvent[] = [];
    const resetNames = new Set<string>(PASSWORD_RESET_ACTIVITIES);
    for await (const page of graph.pages<GraphAudit>(auditEventsUrl(since), opts)) {
      for (const event of page.value) {
        if (!event.id || !event.activityDisplayName || !event.activityDateTime) continue;
        const toggle =
          WRITEBACK_TOGGLE_ACTIVITIES[event.activityDisplayName as keyof typeof WRITEBACK_TOGGLE_ACTIVITIES];
        if (toggle) {
          toggles.push({
            id: event.id,
            activity: toggle,
            at: event.activityDateTime,
            result: event.result ?? "unknown",
            initiatedBy: actorOf(event),
          });
        } else if (resetNames.has(event.activityDisplayName)) {
          const target =
            event.targetResources?.find((t) => (t.type ?? t.Type ?? "").toLowerCase() === "user") ??
            event.targetResources?.[0];
          resets.push({
            id: event.id,
            activity: event.activityDisplayName,
            at: event.activityDateTime,
            result: event.result ?? "unknown",
            targetUserId: target?.id ?? null,
            targetUserPrincipalName: target?.userPrincipalName ?? null,
            initiatedBy: actorOf(event),
          });
        }
      }
    }
    // Only synced targets matter: a cloud-only user's reset says nothing about writeback.
    const flags = await options.syncedUsers.syncFlags(
      resets.map((r) => r.targetUserId).filter((id): id is string => !!id),
      opts,
    );
    const syncedUserResets = resets.filter(
      (r) => r.targetUserId && flags.get(r.targetUserId) === true && !bySyncService(r.initiatedBy),
    );
    byTime(toggles);
    byTime(syncedUserResets);
    return {
      since,
      until,
      toggles,
      syncedUserResets,
      // Only a successful toggle is evidence of the state it set.
      lastToggle: newest([
        ...toggles.filter((t) => t.result === "success"),
        ...(options.carried?.lastToggle ? [options.carried.lastToggle] : []),
      ]),
      lastSyncedUserReset: newest([
        ...syncedUserResets.filter((r) => r.result === "success"),
        ...(options.carried?.lastSyncedUserReset ? [options.carried.lastSyncedUserReset] : []),
      ]),
    };
  });
}

function actorOf(event: GraphAudit): AuditActor {
  const user = event.initiatedBy?.user;
  const app = event.initiatedBy?.app;
  return {
    userId: user?.id ?? null,
    userPrincipalName: user?.userPrincipalName ?? null,
    appId: app?.appId ?? null,
    displayName: user?.displayName ?? app?.displayName ?? null,
  };
}

function byTime<T extends { at: string; id: string }>(events: T[]): void {
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
}

function newest<T extends { at: string }>(events: readonly T[]): T | null {
  let best: T | null = null;
  for (const e of events) if (!best || Date.parse(e.at) > Date.parse(best.at)) best = e;
  return best;
}

/**
 * Password changes the sync service itself makes (password hash sync writing a changed on-prem
 * password to the cloud) flow from AD to the cloud, not back: they prove nothing about writeback.
 * Entra Connect's account is "Sync_<server>_<id>@…", cloud sync's "ADToAADSyncServiceAccount@…".
 */
export function bySyncService(actor: AuditActor): boolean {
  const upn = actor.userPrincipalName ?? "";
  return (
    /^(Sync_|ADToAADSyncServiceAccount@)/i.test(upn) ||
    /^(Microsoft )?Azure AD (Connect|Cloud) Sync/i.test(actor.displayName ?? "")
  );
}
