/**
 * Which snapshot sections each finding depends on: the one place the diff (and anything else that
 * must not turn missing data into a change) looks this up.
 *
 * - `existence`: sections without which the model cannot tell whether the finding exists. If one is
 *   unknown in either snapshot, the finding's appearance or disappearance is not a change.
 * - `reach`: sections the reach figure (synced users reached) is computed from. If one is unknown in
 *   either snapshot, a reach difference is not a change.
 * - `severity`: sections that only weigh the finding (severity.ts). A severity difference is a change
 *   only when none of existence, reach and severity was unknown in either snapshot: an unknown reach
 *   reads as "high", an unknown appPermissions keeps a service principal's path from being lowered.
 */
import type { Finding, FindingKind } from "../exposure/types.js";
import type { SectionName } from "../snapshot/types.js";
import { administrativeUnitOf } from "../snapshot/scope.js";

export interface FindingDependencies {
  existence: SectionName[];
  reach: SectionName[];
  severity: SectionName[];
}

/** Reach of a reset path: which synced users it reaches, minus protected targets (role holders, role-assignable group members, restricted AUs). */
const RESET_REACH: SectionName[] = ["syncedUsers", "roleAssignments", "groupMembers", "administrativeUnits"];

const BY_KIND: Record<FindingKind, FindingDependencies> = {
  "reset-path": { existence: ["roleDefinitions"], reach: RESET_REACH, severity: [] },
  // Weighed by the reset-capable roles the app's service principal holds (none / resets / resets GAs).
  "app-permission": {
    existence: ["appPermissions"],
    reach: ["syncedUsers"],
    severity: ["roleDefinitions", "roleAssignments"],
  },
  // Tenant-level states are compared by their state value, where "unknown" is itself a value.
  writeback: { existence: [], reach: [], severity: [] },
  // The contradiction is the declaration against the decisive evidence: audit log or licence.
  "declaration-contradicted": { existence: ["auditEvents", "licences"], reach: [], severity: [] },
  sspr: { existence: ["ssprRegistration", "syncedUsers"], reach: ["ssprRegistration", "syncedUsers"], severity: [] },
  "sspr-admin": { existence: ["authorizationPolicy"], reach: [], severity: [] },
  "synced-privileged": { existence: ["roleAssignments", "syncedUsers"], reach: [], severity: [] },
  "synced-reset": { existence: ["auditEvents"], reach: [], severity: [] },
};

/** The sections a finding depends on, refined by how it holds the right (assignment type, group, AU scope). */
export function findingDependencies(finding: Finding): FindingDependencies {
  const base = BY_KIND[finding.kind];
  const existence = new Set<SectionName>(base.existence);
  const reach = new Set<SectionName>(base.reach);
  const severity = new Set<SectionName>(base.severity);
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
  if (administrativeUnitOf(finding.scope) !== undefined) {
    existence.add("administrativeUnits");
    reach.add("administrativeUnits");
  }
  // Without appPermissions the model cannot tell whether the app may write passwords, so it does not lower the path.
  if (finding.kind === "reset-path" && finding.principal?.type === "servicePrincipal") severity.add("appPermissions");
  return { existence: [...existence], reach: [...reach], severity: [...severity] };
}

/**
 * What the writeback state is derived from (writebackState.ts). When one of them was collected in one
 * audit and not the other, a different state may be the evidence changing hands (audit log → the
 * declaration), not the tenant changing; a section missing in both audits cannot cause a difference.
 */
export const WRITEBACK_SECTIONS: readonly SectionName[] = ["auditEvents", "licences", "syncFeatures"];

/** Finding kinds weighed by the writeback state (known off → info). */
export const WRITEBACK_WEIGHTED_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  "reset-path",
  "app-permission",
]);

/** What the users' SSPR scope and the admin SSPR switch are derived from (tenant-level, not findings). */
export const SSPR_USERS_SECTIONS: readonly SectionName[] = ["ssprRegistration", "syncedUsers"];
export const SSPR_ADMIN_SECTIONS: readonly SectionName[] = ["authorizationPolicy"];
