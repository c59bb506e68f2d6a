/**
 * The directory audit log since the previous run, folded to writeback evidence: the writeback
 * toggles, and the password resets of synced users (through the password reset service, which proves
 * writeback, or logged by Core Directory only, which does not; see shared/snapshot/auditActivities.ts).
 * Read in the same query: the directory changes that can grow the exposure (roles given, members and
 * owners added, app roles granted), so the diff can name who made an increase and when.
 */
import type {
  AuditActor,
  AuditEventsData,
  DirectoryChangeEvent,
  Section,
  SyncedUserResetEvent,
  WritebackToggleEvent,
} from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { odataDateTime, odataString } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import { guarded } from "../sectionFailure.js";
import { batchPages } from "../batchPages.js";
import { GraphRequestError } from "../../errors.js";
import {
  CORE_DIRECTORY_RESET_ACTIVITIES,
  DIRECTORY_CHANGE_ACTIVITIES,
  DIRECTORY_CHANGE_PREFIXES,
  WRITEBACK_PROOF_ACTIVITIES,
  WRITEBACK_TOGGLE_ACTIVITIES,
  mergeDuplicateResets,
  provesWriteback,
} from "../../snapshot/auditActivities.js";
import type { SyncedUserLookup } from "../syncedUserLookup.js";

/** Every activity the collector reads by name: toggles, password reset service resets, Core Directory resets. */
export const AUDIT_ACTIVITIES: readonly string[] = [
  ...Object.keys(WRITEBACK_TOGGLE_ACTIVITIES),
  ...WRITEBACK_PROOF_ACTIVITIES,
  ...CORE_DIRECTORY_RESET_ACTIVITIES,
];

/** One clause of the activity filter: a name (`eq`) or a prefix (`startswith`). */
export type AuditTerm = { name: string } | { prefix: string };

/** The named activities, then the prefixes of the directory changes. */
export const AUDIT_TERMS: readonly AuditTerm[] = [
  ...AUDIT_ACTIVITIES.map((name) => ({ name })),
  ...DIRECTORY_CHANGE_PREFIXES.map((prefix) => ({ prefix })),
];

/** Directory changes kept per snapshot; a window holding more keeps the newest and counts the rest. */
export const MAX_DIRECTORY_CHANGES = 2000;

const RESET_ACTIVITIES = new Set([...WRITEBACK_PROOF_ACTIVITIES, ...CORE_DIRECTORY_RESET_ACTIVITIES]);

/**
 * The directoryAudits query for some terms: our own literals only, quoted; `since` re-serialised
 * from a parsed date. Several terms make an `or` chain, which directoryaudit-list.md does not
 * document ("$filter (eq, ge, le, startswith)"): Graph may refuse it, and the collector then asks
 * per term. No terms: the whole window.
 */
export function auditEventsUrl(since: string, terms: readonly AuditTerm[] = AUDIT_TERMS): string {
  const clauses = terms.map((t) =>
    "name" in t
      ? `activityDisplayName eq ${odataString(t.name)}`
      : `startswith(activityDisplayName,${odataString(t.prefix)})`,
  );
  const which = clauses.length <= 1 ? clauses[0] : `(${clauses.join(" or ")})`;
  const window = `activityDateTime ge ${odataDateTime(since)}`;
  const filter = which ? `${window} and ${which}` : window;
  return `/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}&$top=${PAGE_SIZE.directoryAudits}`;
}

/**
 * The Microsoft Entra AD Synchronization Service, the first-party application Entra Connect Sync and
 * cloud sync talk to: "Application Id 6bf85cfa-ac8a-4be5-b5de-425a0d0dc016" (entra-docs
 * fundamentals/whats-new.md; identity/hybrid/connect/authenticate-application-id.md: "The value is
 * 6bf85cfa-ac8a-4be5-b5de-425a0d0dc016 for all clouds").
 */
export const AD_SYNCHRONIZATION_SERVICE_APP_ID = "6bf85cfa-ac8a-4be5-b5de-425a0d0dc016";

/**
 * Entra Connect's own application identity is a single-tenant app of each tenant, with no documented
 * id or name; authenticate-application-id.md has it hold the ADSynchronization.ReadWrite.All app
 * role of the synchronization service. Its holders are listed from that service principal.
 */
export const SYNC_SERVICE_APP_ROLE_ASSIGNED_TO_URL = `/servicePrincipals(appId='${AD_SYNCHRONIZATION_SERVICE_APP_ID}')/appRoleAssignedTo?$top=${PAGE_SIZE.appRoleAssignedTo}`;

interface GraphAudit {
  id?: string;
  activityDisplayName?: string;
  activityDateTime?: string;
  loggedByService?: string | null;
  correlationId?: string | null;
  result?: string;
  initiatedBy?: {
    user?: { id?: string | null; displayName?: string | null; userPrincipalName?: string | null } | null;
    app?: { appId?: string | null; displayName?: string | null; servicePrincipalId?: string | null } | null;
  } | null;
  targetResources?:
    | {
        id?: string | null;
        type?: string | null;
        Type?: string | null;
        userPrincipalName?: string | null;
        modifiedProperties?: { displayName?: string | null; newValue?: string | null }[] | null;
      }[]
    | null;
}

export interface AuditEventsOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** Start of the window (ISO instant): the previous run's cursor. */
  since: string;
  /** Evidence carried from earlier snapshots, so it outlives the log's retention. */
  carried?: { lastToggle: WritebackToggleEvent | null; lastSyncedUserReset: SyncedUserResetEvent | null };
  syncedUsers: SyncedUserLookup;
  now?: () => Date;
  /** Pages of the whole window read before asking per activity instead (see readAuditLog). Default WINDOW_PAGES. */
  windowPages?: number;
}

/**
 * When Graph refuses the `or` chain, the whole window (filtered on activityDateTime alone, which
 * directoryaudit-list.md documents) is read first, up to this many pages, and filtered here. A quiet
 * window costs one request instead of one per term, which matters because the audit log is an
 * identity and access report, limited to five requests per 10 seconds (schedule/rateLimits.ts).
 * A busier window is dropped unread past that and asked for per term.
 */
export const WINDOW_PAGES = 3;

export function collectAuditEvents(graph: GraphClient, options: AuditEventsOptions): Promise<Section<AuditEventsData>> {
  return guarded("auditEvents", async () => {
    const opts = { abortSignal: options.abortSignal, section: "auditEvents" };
    const until = (options.now ?? (() => new Date()))().toISOString();
    const since = odataDateTime(options.since);
    const toggles: WritebackToggleEvent[] = [];
    const resets: SyncedUserResetEvent[] = [];
    const changes: DirectoryChangeEvent[] = [];
    const read = (event: GraphAudit) => {
      if (!event.id || !event.activityDisplayName || !event.activityDateTime) return;
      if (DIRECTORY_CHANGE_ACTIVITIES[event.activityDisplayName]) {
        // A failed attempt changed nothing.
        if ((event.result ?? "").toLowerCase() === "success") changes.push(directoryChange(event));
        return;
      }
      const toggle = WRITEBACK_TOGGLE_ACTIVITIES[event.activityDisplayName as keyof typeof WRITEBACK_TOGGLE_ACTIVITIES];
      if (toggle) {
        toggles.push({
          id: event.id,
          activity: toggle,
          at: event.activityDateTime,
          result: event.result ?? "unknown",
          initiatedBy: actorOf(event),
        });
      } else if (RESET_ACTIVITIES.has(event.activityDisplayName)) {
        const target =
          event.targetResources?.find((t) => (t.type ?? t.Type ?? "").toLowerCase() === "user") ??
          event.targetResources?.[0];
        resets.push({
          id: event.id,
          activity: event.activityDisplayName,
          service: event.loggedByService ?? null,
          correlationId: event.correlationId ?? null,
          at: event.activityDateTime,
          result: event.result ?? "unknown",
          targetUserId: target?.id ?? null,
          targetUserPrincipalName: target?.userPrincipalName ?? null,
          initiatedBy: actorOf(event),
        });
      }
    };
    const query = await readAuditLog(graph, since, read, { ...opts, windowPages: options.windowPages ?? WINDOW_PAGES });

    // Only synced targets matter: a cloud-only user's reset says nothing about writeback. Nor does
    // a change the sync engine made (password hash sync writes AD's password to the cloud).
    const flags = await options.syncedUsers.syncFlags(
      resets.map((r) => r.targetUserId).filter((id): id is string => !!id),
      opts,
    );
    const syncedTargets = resets.filter((r) => r.targetUserId && flags.get(r.targetUserId) === true);
    const syncApps = await syncEngineServicePrincipals(graph, syncedTargets, opts);
    const syncedUserResets = mergeDuplicateResets(syncedTargets.filter((r) => !bySyncService(r.initiatedBy, syncApps)));
    byTime(toggles);
    byTime(syncedUserResets);
    const directoryChanges = newestFirst(changes, MAX_DIRECTORY_CHANGES);
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
      // Only a successful reset through the password reset service proves writeback.
      lastSyncedUserReset: newest([
        ...syncedUserResets.filter((r) => r.result === "success" && provesWriteback(r)),
        ...(options.carried?.lastSyncedUserReset && provesWriteback(options.carried.lastSyncedUserReset)
          ? [options.carried.lastSyncedUserReset]
          : []),
      ]),
      query,
      directoryChanges,
      ...(changes.length > directoryChanges.length
        ? { directoryChangesOmitted: changes.length - directoryChanges.length }
        : {}),
    };
  });
}

/**
 * Every event of the terms since `since`: one `or` chain first; when Graph answers it with 400
 * (the chain is not documented), the whole window if it is short (WINDOW_PAGES), else one request
 * per term, batched, each followed to its last page.
 */
async function readAuditLog(
  graph: GraphClient,
  since: string,
  read: (event: GraphAudit) => void,
  opts: GraphOperationOptions & { windowPages: number },
): Promise<"or-chain" | "window" | "per-activity"> {
  try {
    for await (const page of graph.pages<GraphAudit>(auditEventsUrl(since), opts)) page.value.forEach(read);
    return "or-chain";
  } catch (error) {
    if (!(error instanceof GraphRequestError) || error.status !== 400) throw error;
  }
  const inWindow = await readShortWindow(graph, since, opts);
  if (inWindow) {
    inWindow.forEach(read);
    return "window";
  }
  const results = await batchPages<GraphAudit>(
    graph,
    AUDIT_TERMS.map((term) => ({
      key: "name" in term ? term.name : `${term.prefix}*`,
      url: auditEventsUrl(since, [term]),
    })),
    opts,
  );
  for (const result of results.values()) {
    if (result.error) throw result.error;
    result.values.forEach(read);
  }
  return "per-activity";
}

/** The events of the terms in the whole window, or null when it runs past `windowPages` pages. */
async function readShortWindow(
  graph: GraphClient,
  since: string,
  opts: GraphOperationOptions & { windowPages: number },
): Promise<GraphAudit[] | null> {
  if (opts.windowPages <= 0) return null;
  const kept: GraphAudit[] = [];
  let pages = 0;
  const chain = graph.pages<GraphAudit>(auditEventsUrl(since, []), opts);
  for await (const page of chain) {
    if (++pages > opts.windowPages) return null;
    for (const event of page.value) if (matchesTerm(event.activityDisplayName)) kept.push(event);
  }
  return kept;
}

/** The terms in lower case: Graph compares these strings ignoring case, and so does matchesTerm. */
const LOWER_TERMS: readonly AuditTerm[] = AUDIT_TERMS.map((t) =>
  "name" in t ? { name: t.name.toLowerCase() } : { prefix: t.prefix.toLowerCase() },
);

/** What the terms' filter would keep. */
function matchesTerm(activity: string | null | undefined): boolean {
  const name = (activity ?? "").toLowerCase();
  return LOWER_TERMS.some((t) => ("name" in t ? name === t.name : name.startsWith(t.prefix)));
}

/**
 * Service principals of Entra Connect's application identity: those holding an app role of the AD
 * synchronization service. Asked only when a reset of a synced user was made by an application; a
 * tenant without that service (404) has none. Any other failure leaves the events in (reported,
 * never proof on their own).
 */
async function syncEngineServicePrincipals(
  graph: GraphClient,
  resets: readonly SyncedUserResetEvent[],
  opts: GraphOperationOptions,
): Promise<ReadonlySet<string>> {
  const ids = new Set<string>();
  const byApp = resets.some((r) => r.initiatedBy.servicePrincipalId || r.initiatedBy.appId);
  if (!byApp) return ids;
  try {
    for await (const page of graph.pages<{ principalId?: string }>(SYNC_SERVICE_APP_ROLE_ASSIGNED_TO_URL, opts)) {
      for (const a of page.value) if (a.principalId) ids.add(a.principalId.toLowerCase());
    }
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
  }
  return ids;
}

function actorOf(event: GraphAudit): AuditActor {
  const user = event.initiatedBy?.user;
  const app = event.initiatedBy?.app;
  return {
    userId: user?.id ?? null,
    userPrincipalName: user?.userPrincipalName ?? null,
    appId: app?.appId ?? null,
    ...(app?.servicePrincipalId ? { servicePrincipalId: app.servicePrincipalId } : {}),
    displayName: user?.displayName ?? app?.displayName ?? null,
  };
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A directory change as kept: who, when, and every object id it names. The ids sit in target
 * resources, and in modified properties' new values (a role's template id, an app role's id, as
 * JSON-quoted strings); both are read, whichever the activity uses.
 */
function directoryChange(event: GraphAudit): DirectoryChangeEvent {
  const ids = new Set<string>();
  const properties = new Set<string>();
  for (const t of event.targetResources ?? []) {
    if (t.id) ids.add(t.id.toLowerCase());
    for (const p of t.modifiedProperties ?? []) {
      if (p.displayName) properties.add(p.displayName);
      for (const id of p.newValue?.match(GUID) ?? []) ids.add(id.toLowerCase());
    }
  }
  return {
    id: event.id!,
    activity: event.activityDisplayName!,
    at: event.activityDateTime!,
    initiatedBy: actorOf(event),
    objectIds: [...ids].sort(),
    properties: [...properties].sort(),
  };
}

function newestFirst<T extends { at: string; id: string }>(events: T[], max: number): T[] {
  return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.id.localeCompare(b.id)).slice(0, max);
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
 * Password changes the sync engine itself makes (password hash sync writing a changed on-prem
 * password to the cloud) flow from AD to the cloud, not back: they prove nothing about writeback.
 * The engine acts as a user, Entra Connect's "Sync_<server>_<id>@…" or cloud sync's
 * "ADToAADSyncServiceAccount@…" (entra-docs reference-connect-accounts-permissions.md), or as an
 * application: the AD synchronization service itself, or Entra Connect's application identity
 * (`syncApps`, the service principals found by syncEngineServicePrincipals).
 */
export function bySyncService(actor: AuditActor, syncApps: ReadonlySet<string> = new Set()): boolean {
  const upn = actor.userPrincipalName ?? "";
  if (actor.appId?.toLowerCase() === AD_SYNCHRONIZATION_SERVICE_APP_ID) return true;
  if (actor.servicePrincipalId && syncApps.has(actor.servicePrincipalId.toLowerCase())) return true;
  return (
    /^(Sync_|ADToAADSyncServiceAccount@)/i.test(upn) ||
    /^(Microsoft )?Azure AD (Connect|Cloud) Sync/i.test(actor.displayName ?? "")
  );
}
