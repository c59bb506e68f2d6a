/**
 * One audit's collection: every section, in dependency order, with as few round trips as the
 * dependencies allow. Sections carry their own status; nothing here throws for a section failure.
 *
 *   wave 1  one $batch: the first request of every section that needs no input
 *   wave 2  synced users (per-user pages) alongside the sections wave 1 completes
 *   wave 3  sections that need the synced set: group members, SSPR counts, audit resets
 *   wave 4  administrative units (need assignment scopes and the protected users)
 */
import { randomBytes } from "node:crypto";
import {
  SNAPSHOT_SCHEMA_VERSION,
  SECTION_NAMES,
  type CollectionStats,
  type DeclaredWriteback,
  type GroupMembersData,
  type RoleAssignmentsData,
  type Section,
  type SectionName,
  type Snapshot,
  type SyncedUserResetEvent,
  type SyncedUsersData,
  type WritebackToggleEvent,
} from "../snapshot/types.js";
import type { ProtectedOnPremEntry } from "../snapshot/protectedOnPrem.js";
import { UserError } from "../errors.js";
import type { GraphClient, GraphClientStats } from "./GraphClient.js";
import { prefetch, type FirstRequest } from "./prefetch.js";
import { sectionTracker, withPageProgress, type OnProgress } from "./progress.js";
import { dependencyFailure, sectionFailure } from "./sectionFailure.js";
import { createSyncedUserLookup } from "./syncedUserLookup.js";
import { administrativeUnitsRequests, collectAdministrativeUnits } from "./collectors/administrativeUnits.js";
import { appPermissionsRequests, collectAppPermissions } from "./collectors/appPermissions.js";
import { auditEventsUrl, collectAuditEvents } from "./collectors/auditEvents.js";
import { authorizationPolicyRequests, collectAuthorizationPolicy } from "./collectors/authorizationPolicy.js";
import { collectGroupMembers, groupMembersRequests } from "./collectors/groupMembers.js";
import { collectLicences, licencesRequests } from "./collectors/licences.js";
import { collectOrganization, organizationRequests } from "./collectors/organization.js";
import { collectRoleAssignments, roleAssignmentsRequests } from "./collectors/roleAssignments.js";
import { collectRoleDefinitions, roleDefinitionsRequests } from "./collectors/roleDefinitions.js";
import { collectRoleEligibilities, roleEligibilitiesRequests } from "./collectors/roleEligibilities.js";
import { collectSsprRegistration } from "./collectors/ssprRegistration.js";
import { collectSyncedUsers, syncedUsersRequests } from "./collectors/syncedUsers.js";
import { collectSyncFeatures, syncFeaturesRequests } from "./collectors/syncFeatures.js";

export interface CollectSnapshotOptions {
  /** TENANT_ID. Otherwise the organization id, else the token's tenant, else `previousTenantId`. */
  tenantId?: string;
  /** The tenant the previous run audited: the last resort when /organization is unreadable. */
  previousTenantId?: string;
  declaredWriteback: DeclaredWriteback;
  /** Start of the audit-log window (the previous run's cursor). */
  auditSince: string;
  /** Evidence from the previous snapshot, kept beyond the audit log's retention. */
  carried?: { lastToggle: WritebackToggleEvent | null; lastSyncedUserReset: SyncedUserResetEvent | null };
  /** Declared protected on-prem accounts (PROTECTED_ONPREM_ACCOUNTS), left out of reach. */
  protectedOnPrem?: readonly ProtectedOnPremEntry[];
  now?: () => Date;
  abortSignal?: AbortSignal;
  /** Pages read of each chain and sections done, as they happen (the CLI's progress line). */
  onProgress?: OnProgress;
}

export async function collectSnapshot(graph: GraphClient, options: CollectSnapshotOptions): Promise<Snapshot> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedTick = performance.now();
  const before = graph.stats();
  const abortSignal = options.abortSignal;
  if (Number.isNaN(Date.parse(options.auditSince))) {
    throw new UserError(`auditSince "${options.auditSince}" is not an ISO 8601 instant (e.g. 2026-01-01T00:00:00Z).`);
  }

  // Wave 1: independent first requests, one batch (13 of the 20 a batch can hold).
  const first: FirstRequest[] = [
    ...organizationRequests,
    ...authorizationPolicyRequests,
    ...syncFeaturesRequests,
    ...licencesRequests,
    ...roleDefinitionsRequests,
    ...syncedUsersRequests,
    ...appPermissionsRequests,
    ...administrativeUnitsRequests,
    ...groupMembersRequests,
    ...roleAssignmentsRequests,
    ...roleEligibilitiesRequests,
    { url: auditEventsUrl(options.auditSince), section: "auditEvents" },
  ];
  let reader: GraphClient;
  try {
    reader = await prefetch(graph, first, { abortSignal, section: "organization" });
  } catch {
    // The batch endpoint itself failed: collectors make their own requests (and report their own failures).
    reader = graph;
  }
  reader = withPageProgress(reader, options.onProgress);
  const track = sectionTracker(options.onProgress);

  // Wave 2: synced users stream while the wave-1 sections finish from the prefetched answers.
  const synced = collectSyncedUsers(reader, { abortSignal, protectedOnPrem: options.protectedOnPrem ?? [] });
  const syncedIds = synced.then((s) => s.syncedIds);
  const lookup = createSyncedUserLookup(reader, syncedIds);
  const [
    syncedUsers,
    organization,
    authorizationPolicy,
    syncFeatures,
    licences,
    roleDefinitions,
    appPermissions,
    roleAssignments,
    roleEligibilities,
    groupMembers,
    ssprRegistration,
    auditEvents,
  ] = await Promise.all([
    track(
      "syncedUsers",
      synced.then((s) => s.section),
    ),
    track("organization", collectOrganization(reader, { abortSignal })),
    track("authorizationPolicy", collectAuthorizationPolicy(reader, { abortSignal })),
    track("syncFeatures", collectSyncFeatures(reader, { abortSignal })),
    track("licences", collectLicences(reader, { abortSignal })),
    track("roleDefinitions", collectRoleDefinitions(reader, { abortSignal })),
    track("appPermissions", collectAppPermissions(reader, { abortSignal })),
    // Wave 3: these wait on the synced set through the lookup (or look up the few users they need).
    track("roleAssignments", collectRoleAssignments(reader, { abortSignal, syncedUsers: lookup })),
    track("roleEligibilities", collectRoleEligibilities(reader, { abortSignal, syncedUsers: lookup })),
    track("groupMembers", collectGroupMembers(reader, { abortSignal, syncedUsers: lookup })),
    track(
      "ssprRegistration",
      syncedIds.then((ids) => collectSsprRegistration(reader, { abortSignal, syncedIds: ids })),
    ),
    track(
      "auditEvents",
      collectAuditEvents(reader, {
        abortSignal,
        since: options.auditSince,
        syncedUsers: lookup,
        now,
        ...(options.carried ? { carried: options.carried } : {}),
      }),
    ),
  ]);

  // Wave 4: AUs that scope a role, and the AU memberships of protected synced users.
  const administrativeUnits = await track(
    "administrativeUnits",
    roleAssignments.status !== "ok"
      ? Promise.resolve(dependencyFailure("administrativeUnits", ["roleAssignments"]))
      : collectAdministrativeUnits(reader, {
          abortSignal,
          assignments: [
            ...roleAssignments.data.assignments,
            ...(roleEligibilities.status === "ok" ? roleEligibilities.data.assignments : []),
          ],
          protectedSyncedUserIds: protectedSyncedUsers(roleAssignments, roleEligibilities, groupMembers, syncedUsers),
        }).catch((error: unknown) => sectionFailure("administrativeUnits", error)),
  );

  const takenAt = started.toISOString();
  const tenantId =
    options.tenantId ?? (organization.status === "ok" ? organization.data.id : await fallbackTenantId(graph, options));
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: snapshotId(started),
    tenantId,
    takenAt,
    declaredWriteback: options.declaredWriteback,
    carriedEvidence: options.carried ?? null,
    sections: {
      syncFeatures,
      organization,
      authorizationPolicy,
      licences,
      roleDefinitions,
      roleAssignments,
      roleEligibilities,
      groupMembers,
      administrativeUnits,
      appPermissions,
      syncedUsers,
      ssprRegistration,
      auditEvents,
    },
    stats: statsBetween(before, graph.stats(), Math.round(performance.now() - startedTick)),
  };
}

/** The placeholder when no tenant id is known at all; a snapshot with it cannot be stored (see runAudit). */
export const UNKNOWN_TENANT = "unknown-tenant";

/**
 * /organization was unreadable and TENANT_ID is unset: the token names the tenant it was issued for;
 * failing that, the tenant the previous run audited.
 */
async function fallbackTenantId(graph: GraphClient, options: CollectSnapshotOptions): Promise<string> {
  const fromToken = await graph.tokenTenantId?.({ abortSignal: options.abortSignal }).catch(() => undefined);
  return fromToken ?? options.previousTenantId ?? UNKNOWN_TENANT;
}

/**
 * Synced users the reset rules treat specially: role holders, members or owners of role-assignable
 * groups, and declared protected on-prem accounts (their AU memberships keep AU-scoped reach exact).
 */
function protectedSyncedUsers(
  active: Section<RoleAssignmentsData>,
  eligible: Section<RoleAssignmentsData>,
  groups: Section<GroupMembersData>,
  synced: Section<SyncedUsersData>,
): string[] {
  const ids = new Set<string>();
  if (synced.status === "ok") for (const u of synced.data.protectedOnPrem?.users ?? []) ids.add(u.id);
  for (const section of [active, eligible]) {
    if (section.status !== "ok") continue;
    for (const p of Object.values(section.data.principals))
      if (p.type === "user" && p.onPremisesSyncEnabled === true) ids.add(p.id);
  }
  if (groups.status === "ok") {
    for (const g of Object.values(groups.data.groups)) {
      for (const m of [...g.members, ...(g.owners ?? [])])
        if (m.type === "user" && m.onPremisesSyncEnabled === true) ids.add(m.id);
    }
  }
  return [...ids].sort();
}

/** Sortable and unique: the instant in compact form, then a random suffix. */
export function snapshotId(at: Date): string {
  const compact = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.(\d{3})Z$/, "$1Z");
  return `${compact}-${randomBytes(4).toString("hex")}`;
}

function statsBetween(before: GraphClientStats, after: GraphClientStats, durationMs: number): CollectionStats {
  const requests: Partial<Record<SectionName, number>> = {};
  for (const name of SECTION_NAMES) {
    const n = (after.requests[name] ?? 0) - (before.requests[name] ?? 0);
    if (n > 0) requests[name] = n;
  }
  return {
    requests,
    batchedRequests: after.batchedRequests - before.batchedRequests,
    retries: after.retries - before.retries,
    bytesReceived: after.bytesReceived - before.bytesReceived,
    durationMs,
  };
}
