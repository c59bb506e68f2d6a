import type { Principal, RoleAssignment, RoleAssignmentsData, Section, SectionName } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { completePrincipals, needsLookup } from "../principalDetails.js";
import { toPrincipal, type GraphDirectoryObject } from "../principals.js";
import { guarded } from "../sectionFailure.js";
import type { SyncedUserLookup } from "../syncedUserLookup.js";

export const ROLE_ASSIGNMENTS_URL = "/roleManagement/directory/roleAssignments?$expand=principal";

export interface AssignmentCollectorOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** Fills onPremisesSyncEnabled on user principals (role holders are protected targets too). */
  syncedUsers: SyncedUserLookup;
  /**
   * Called with the assignments as soon as they are read, before principals are completed: their
   * scopes are all the AU section needs to start, and the synced set may take much longer.
   */
  onAssignments?: (assignments: readonly RoleAssignment[]) => void;
}

interface GraphAssignment {
  id?: string;
  principalId?: string;
  roleDefinitionId?: string;
  directoryScopeId?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  principal?: GraphDirectoryObject | null;
}

/** Every active role assignment, all scopes, with its principal. */
export function collectRoleAssignments(
  graph: GraphClient,
  options: AssignmentCollectorOptions,
): Promise<Section<RoleAssignmentsData>> {
  return collectAssignmentList(graph, "roleAssignments", ROLE_ASSIGNMENTS_URL, false, options);
}

/**
 * Shared by active assignments and PIM eligibilities: same shape, same principal handling. Expanded
 * principals carry default properties only; what is missing is looked up (principalDetails.ts).
 */
export function collectAssignmentList(
  graph: GraphClient,
  section: SectionName,
  url: string,
  withSchedule: boolean,
  options: AssignmentCollectorOptions,
): Promise<Section<RoleAssignmentsData>> {
  return guarded(section, async () => {
    const assignments: RoleAssignment[] = [];
    const principals: Record<string, Principal> = {};
    const incomplete = new Set<Principal>();
    for await (const page of graph.pages<GraphAssignment>(url, { abortSignal: options.abortSignal, section })) {
      for (const a of page.value) {
        if (!a.id || !a.principalId || !a.roleDefinitionId) continue;
        assignments.push({
          id: a.id,
          principalId: a.principalId,
          roleDefinitionId: a.roleDefinitionId,
          directoryScopeId: a.directoryScopeId ?? "/",
          ...(withSchedule ? { startDateTime: a.startDateTime ?? null, endDateTime: a.endDateTime ?? null } : {}),
        });
        // A principal the app cannot read comes back without a type: keep the id, type unknown.
        if (principals[a.principalId]) continue;
        const principal = toPrincipal(a.principal ?? {}, a.principalId);
        principals[a.principalId] = principal;
        if (needsLookup(principal, a.principal ?? {})) incomplete.add(principal);
      }
    }
    options.onAssignments?.(assignments);
    await completePrincipals([...incomplete], graph, { abortSignal: options.abortSignal, section });
    await fillSyncFlags(Object.values(principals), options.syncedUsers, { abortSignal: options.abortSignal, section });
    return { assignments, principals };
  });
}

/**
 * Sets onPremisesSyncEnabled on user principals. The synced set wins when there is one (it is the
 * tenant-wide answer to "onPremisesSyncEnabled eq true", and $expand=principal returns only default
 * properties on Graph); without it, users whose payload lacks the flag are looked up, batched.
 */
export async function fillSyncFlags(
  principals: readonly Principal[],
  lookup: SyncedUserLookup,
  options: GraphOperationOptions,
): Promise<void> {
  const users = principals.filter((p) => p.type === "user");
  const set = await lookup.syncedSet();
  if (set) {
    for (const user of users) user.onPremisesSyncEnabled = set.has(user.id);
    return;
  }
  const unknown = users.filter((u) => u.onPremisesSyncEnabled === undefined);
  if (unknown.length === 0) return;
  const flags = await lookup.syncFlags(
    unknown.map((u) => u.id),
    options,
  );
  for (const user of unknown) user.onPremisesSyncEnabled = flags.get(user.id) ?? null;
}
