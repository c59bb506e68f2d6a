/**
 * The registration of every collector: one SectionJob per snapshot section, with the sections it
 * reads; its permission is the one shared/graph/permissions.ts lists for the section. collectSnapshot runs this list through the scheduler
 * (shared/graph/schedule/runSections.ts); adding a section is its collector file plus one entry here.
 */
import type { ProtectedOnPremEntry } from "../../snapshot/protectedOnPrem.js";
import type {
  GroupMembersData,
  RoleAssignment,
  RoleAssignmentsData,
  RoleDefinitionsData,
  Section,
  SectionName,
  SyncedUserResetEvent,
  SyncedUsersData,
  WritebackToggleEvent,
} from "../../snapshot/types.js";
import type { GraphClient } from "../GraphClient.js";
import type { ReadonlyIdSet } from "../GuidSet.js";
import type { SectionJob } from "../schedule/runSections.js";
import { createSyncedUserLookup, type SyncedUserLookup } from "../syncedUserLookup.js";
import { UserError } from "../../errors.js";
import { permissionFor } from "../permissions.js";
import { collectAdministrativeUnits } from "./administrativeUnits.js";
import { collectAppPermissions } from "./appPermissions.js";
import { collectAppOwners, resetCapableServicePrincipals } from "./appOwners.js";
import { collectAuditEvents } from "./auditEvents.js";
import { collectAuthorizationPolicy } from "./authorizationPolicy.js";
import { collectGroupMembers } from "./groupMembers.js";
import { collectLicences } from "./licences.js";
import { collectOrganization } from "./organization.js";
import { collectRoleAssignments, type AssignmentCollectorOptions } from "./roleAssignments.js";
import { collectRoleDefinitions } from "./roleDefinitions.js";
import { collectRoleEligibilities } from "./roleEligibilities.js";
import { collectSsprRegistration } from "./ssprRegistration.js";
import { collectSyncedUsers } from "./syncedUsers.js";
import { collectSyncFeatures } from "./syncFeatures.js";

export interface CollectionInputs {
  /** Reads through the collection's request pool. */
  graph: GraphClient;
  /** Start of the audit-log window. */
  auditSince: string;
  carried?: { lastToggle: WritebackToggleEvent | null; lastSyncedUserReset: SyncedUserResetEvent | null };
  protectedOnPrem: readonly ProtectedOnPremEntry[];
  now: () => Date;
  /** See upnPartitions.ts; tests make small tenants partition. */
  usersPerPartition?: number;
}

const none: SectionJob["needs"] = [];
const syncedSet = [{ section: "syncedUsers", required: false }] as const;

/** A collector that needs nothing from other sections. */
function standalone<S extends SectionName>(
  section: S,
  collect: (graph: GraphClient, options: { abortSignal?: AbortSignal }) => Promise<Section<unknown>>,
  graph: GraphClient,
): Omit<SectionJob, "permission"> {
  return {
    section,
    needs: none,
    run: async (_inputs, options) => ({ section: (await collect(graph, options)) as never }),
  };
}

export function collectionJobs(inputs: CollectionInputs): SectionJob[] {
  return registeredJobs(inputs).map(withPermission);
}

/** A job's permission is the one shared/graph/permissions.ts lists for its section (the one place permissions live). */
function withPermission(job: Omit<SectionJob, "permission">): SectionJob {
  const permission = permissionFor(job.section);
  if (!permission) throw new UserError(`No permission in shared/graph/permissions.ts lists section ${job.section}.`);
  return { ...job, permission };
}

function registeredJobs(inputs: CollectionInputs): Omit<SectionJob, "permission">[] {
  const { graph } = inputs;
  // One lookup for every section that asks whether a user is synced, so fallback lookups are not repeated.
  let resolveSynced!: (ids: ReadonlyIdSet | null) => void;
  const syncedIds = new Promise<ReadonlyIdSet | null>((resolve) => (resolveSynced = resolve));
  const lookup = createSyncedUserLookup(graph, syncedIds);
  const partitioning = inputs.usersPerPartition !== undefined ? { usersPerPartition: inputs.usersPerPartition } : {};
  // The assignments as soon as each list is read (null when it failed): the AU section starts from their scopes.
  const active = deferred<readonly RoleAssignment[] | null>();
  const eligible = deferred<readonly RoleAssignment[] | null>();

  return [
    standalone("organization", collectOrganization, graph),
    standalone("authorizationPolicy", collectAuthorizationPolicy, graph),
    standalone("syncFeatures", collectSyncFeatures, graph),
    standalone("licences", collectLicences, graph),
    standalone("roleDefinitions", collectRoleDefinitions, graph),
    {
      section: "appPermissions",
      // The grants need nothing; the owners of the applications that can reset passwords need the
      // roles and who holds them (directly or through a role-assignable group).
      needs: [
        { section: "roleDefinitions", required: false },
        { section: "roleAssignments", required: false },
        { section: "roleEligibilities", required: false },
        { section: "groupMembers", required: false },
      ],
      async run(needs, { abortSignal }) {
        const grants = await collectAppPermissions(graph, abortSignal ? { abortSignal } : {});
        const [definitions, assigned, eligibleFor, groups] = await Promise.all(
          (["roleDefinitions", "roleAssignments", "roleEligibilities", "groupMembers"] as const).map((name) =>
            needs.get(name)!,
          ),
        );
        const section = await collectAppOwners(graph, grants, {
          ...(abortSignal ? { abortSignal } : {}),
          servicePrincipals: resetCapableServicePrincipals(
            definitions!.section as Section<RoleDefinitionsData>,
            [assigned!.section, eligibleFor!.section] as Section<RoleAssignmentsData>[],
            groups!.section as Section<GroupMembersData>,
          ),
          syncedUsers: lookup,
        });
        return { section };
      },
    },
    {
      section: "syncedUsers",
      needs: none,
      async run(_inputs, { abortSignal }) {
        const result = await collectSyncedUsers(graph, {
          ...(abortSignal ? { abortSignal } : {}),
          protectedOnPrem: inputs.protectedOnPrem,
          ...partitioning,
        }).catch((error: unknown) => {
          resolveSynced(null);
          throw error;
        });
        resolveSynced(result.syncedIds);
        return { section: result.section, ...(result.syncedIds ? { extra: result.syncedIds } : {}) };
      },
    },
    {
      section: "ssprRegistration",
      // Read alongside the synced users; their set is awaited only to fold the counts.
      needs: syncedSet,
      run: async (_inputs, { abortSignal }) => ({
        section: await collectSsprRegistration(graph, {
          ...(abortSignal ? { abortSignal } : {}),
          syncedIds,
        }),
      }),
    },
    roleList("roleAssignments", collectRoleAssignments, active, graph, lookup),
    roleList("roleEligibilities", collectRoleEligibilities, eligible, graph, lookup),
    {
      section: "groupMembers",
      needs: syncedSet,
      run: async (_inputs, { abortSignal }) => ({
        section: await collectGroupMembers(graph, { ...(abortSignal ? { abortSignal } : {}), syncedUsers: lookup }),
      }),
    },
    {
      section: "auditEvents",
      needs: syncedSet,
      run: async (_inputs, { abortSignal }) => ({
        section: await collectAuditEvents(graph, {
          ...(abortSignal ? { abortSignal } : {}),
          since: inputs.auditSince,
          syncedUsers: lookup,
          now: inputs.now,
          ...(inputs.carried ? { carried: inputs.carried } : {}),
        }),
      }),
    },
    {
      section: "administrativeUnits",
      needs: [
        { section: "roleAssignments", required: true },
        { section: "roleEligibilities", required: false },
        { section: "groupMembers", required: false },
        { section: "syncedUsers", required: false },
      ],
      async run(needs, { abortSignal }) {
        // The member reads start from the assignments' scopes; the protected users (which need the
        // synced set) are only folded in at the end.
        const assignments = Promise.all([active.promise, eligible.promise]).then(([a, e]) =>
          a === null ? null : [...a, ...(e ?? [])],
        );
        const protectedSyncedUserIds = Promise.all([
          needs.get("roleAssignments"),
          needs.get("roleEligibilities"),
          needs.get("groupMembers"),
          needs.get("syncedUsers"),
        ]).then(([a, e, groups, synced]) =>
          protectedSyncedUsers(
            [a.section, e.section] as Section<RoleAssignmentsData>[],
            groups.section as Section<GroupMembersData>,
            synced.section as Section<SyncedUsersData>,
          ),
        );
        // A required input that failed makes this a dependency failure (runSections), whatever was read.
        protectedSyncedUserIds.catch(() => undefined);
        const section = await collectAdministrativeUnits(graph, {
          ...(abortSignal ? { abortSignal } : {}),
          assignments,
          protectedSyncedUserIds,
        });
        await protectedSyncedUserIds;
        return { section };
      },
    },
  ];
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Active assignments or PIM eligibilities: the section, and `early` resolved with the assignments as
 * soon as they are read (or, at the latest, with the final ones, null when the list failed).
 */
function roleList(
  section: "roleAssignments" | "roleEligibilities",
  collect: (graph: GraphClient, options: AssignmentCollectorOptions) => Promise<Section<RoleAssignmentsData>>,
  early: Deferred<readonly RoleAssignment[] | null>,
  graph: GraphClient,
  lookup: SyncedUserLookup,
): Omit<SectionJob, "permission"> {
  return {
    section,
    needs: syncedSet,
    async run(_inputs, { abortSignal }) {
      try {
        const result = await collect(graph, {
          ...(abortSignal ? { abortSignal } : {}),
          syncedUsers: lookup,
          onAssignments: early.resolve,
        });
        early.resolve(result.status === "ok" ? result.data.assignments : null);
        return { section: result };
      } finally {
        early.resolve(null);
      }
    },
  };
}

/**
 * Synced users the reset rules treat specially: role holders, members or owners of role-assignable
 * groups, and declared protected on-prem accounts (their AU memberships keep AU-scoped reach exact).
 */
function protectedSyncedUsers(
  assignments: readonly Section<RoleAssignmentsData>[],
  groups: Section<GroupMembersData>,
  synced: Section<SyncedUsersData>,
): string[] {
  const ids = new Set<string>();
  if (synced.status === "ok") for (const u of synced.data.protectedOnPrem?.users ?? []) ids.add(u.id);
  for (const section of assignments) {
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
