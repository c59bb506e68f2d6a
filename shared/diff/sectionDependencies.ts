/**
 * Which snapshot sections each finding depends on: the one place the diff (and anything else that
 * must not turn missing data into a change) looks this up.
 *
 * - `existence`: sections without which the model cannot tell whether the finding exists. If one is
 *   unknown in either snapshot, the finding's appearance or disappearance is not a change.
 * - `reach`: sections the reach figure (synced users reached) is computed from. If one is unknown in
 *   either snapshot, a reach difference is not a change.
 */
import type { Finding, FindingKind } from "../exposure/types.js";
import type { SectionName } from "../snapshot/types.js";

export interface FindingDependencies {
  existence: SectionName[];
  reach: SectionName[];
}

/** Reach of a reset path: which synced users it reaches, minus protected targets (role holders, role-assignable group members, restricted AUs). */
const RESET_REACH: SectionName[] = ["syncedUsers", "roleAssignments", "groupMembers", "administrativeUnits"];

const BY_KIND: Record<FindingKind, FindingDependencies> = {
  "reset-path": { existence: ["roleDefinitions"], reach: RESET_REACH },
  "app-permission": { existence: ["appPermissions"], reach: ["syncedUsers"] },
  // Tenant-level states are compared by their state value, where "unknown" is itself a value.
  writeback: { existence: [], reach: [] },
  "declaration-contradicted": { existence: ["auditEvents"], reach: [] },
  sspr: { existence: ["ssprRegistration", "syncedUsers"], reach: ["ssprRegistration", "syncedUsers"] },
  "sspr-admin": { existence: ["authorizationPolicy"], reach: [] },
  "synced-privileged": { existence: ["roleAssignments", "syncedUsers"], reach: [] },
  "synced-reset": { existence: ["auditEvents"], reach: [] },
};

/** The sections a finding depends on, refined by how it holds the right (assignment type, group, AU scope). */
export function findingDependencies(finding: Finding): FindingDependencies {
  const base = BY_KIND[finding.kind];
  const existence = new Set<SectionName>(base.existence);
  const reach = new Set<SectionName>(base.reach);
  if (finding.kind === "reset-path" || finding.kind === "synced-privileged") {
    if (finding.assignment === "eligible") {
      existence.add("roleEligibilities");
      existence.delete("roleAssignments");
    } else {
      existence.add("roleAssignments");
    }
  }
  if (finding.via?.kind === "group") existence.add("groupMembers");
  if (finding.via?.kind === "app-permission") existence.add("appPermissions");
  if (finding.scope.startsWith("/administrativeUnits/")) {
    existence.add("administrativeUnits");
    reach.add("administrativeUnits");
  }
  return { existence: [...existence], reach: [...reach] };
}

/** What the users' SSPR scope and the admin SSPR switch are derived from (tenant-level, not findings). */
export const SSPR_USERS_SECTIONS: readonly SectionName[] = ["ssprRegistration", "syncedUsers"];
export const SSPR_ADMIN_SECTIONS: readonly SectionName[] = ["authorizationPolicy"];
