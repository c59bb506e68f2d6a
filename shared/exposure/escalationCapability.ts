/**
 * What lets a principal become a password resetter in one step, read from role-definition actions
 * and Microsoft Graph application permissions — never from role names.
 *
 * Sources (MicrosoftDocs/entra-docs docs/identity/role-based-access-control/):
 * - includes/privileged-role-administrator.md: `microsoft.directory/roleAssignments/allProperties/allTasks`
 *   "Create and delete role assignments"; "users assigned to this role can grant themselves or
 *   others additional privilege by assigning additional roles". Any definition covering a create of
 *   role assignments counts (custom roles included).
 * - includes/application-administrator.md and cloud-application-administrator.md:
 *   `microsoft.directory/applications/credentials/update` "Update application credentials" and
 *   `microsoft.directory/servicePrincipals/credentials/update`; "Users assigned this role can add
 *   credentials to an application, and use those credentials to impersonate the application's identity."
 * - includes/groups-administrator.md: `microsoft.directory/groups/members/update` is "excluding
 *   role-assignable groups"; role-assignable groups are `microsoft.directory/groupsAssignableToRoles/…`
 *   (privileged-role-administrator.md: `groupsAssignableToRoles/allProperties/update`).
 * - groups-concept.md: "you can delegate the management of role-assignable groups by adding group
 *   owners"; "the RoleManagement.ReadWrite.Directory permission is required to be able to manage
 *   the membership of role-assignable groups".
 * Graph permissions: RoleManagement.ReadWrite.Directory assigns directory roles; AppRoleAssignment.
 * ReadWrite.All grants app roles (so any Graph permission, to itself too); Application.ReadWrite.All
 * updates every application's credentials.
 */
import type { RoleDefinition } from "../snapshot/types.js";
import { coveringActions } from "./roleActions.js";

export type EscalationKind =
  | "role-assignment" // can assign any directory role (Global Administrator included)
  | "app-role-grant" // can grant itself any Microsoft Graph application permission
  | "group-owner" // owns a role-assignable group that holds a reset-capable role
  | "group-membership" // can add members to role-assignable groups
  | "app-owner" // owns an application / service principal that can reset passwords
  | "app-credentials"; // can add credentials to applications that can reset passwords

/** Covered by `roleAssignments/allProperties/allTasks` (allTasks includes create). */
export const ROLE_ASSIGNMENT_ACTIONS: readonly string[] = ["microsoft.directory/roleAssignments/create"];

export const APP_CREDENTIAL_ACTIONS: readonly string[] = [
  "microsoft.directory/applications/credentials/update",
  "microsoft.directory/servicePrincipals/credentials/update",
];

export const ROLE_ASSIGNABLE_GROUP_MEMBER_ACTIONS: readonly string[] = [
  "microsoft.directory/groupsAssignableToRoles/members/update",
];

/**
 * The actions of a definition that grant each step. Assigning roles leads to every other step, so a
 * definition that can is reported for that step alone.
 */
export function roleAssignmentActions(definition: RoleDefinition): string[] {
  return actionsFor(definition, ROLE_ASSIGNMENT_ACTIONS);
}

export function credentialActions(definition: RoleDefinition): string[] {
  return actionsFor(definition, APP_CREDENTIAL_ACTIONS);
}

export function groupMembershipActions(definition: RoleDefinition): string[] {
  return actionsFor(definition, ROLE_ASSIGNABLE_GROUP_MEMBER_ACTIONS);
}

function actionsFor(definition: RoleDefinition, wanted: readonly string[]): string[] {
  return definition.isEnabled ? coveringActions(definition.allowedResourceActions, wanted) : [];
}

const PERMISSION_STEPS: ReadonlyMap<string, EscalationKind> = new Map([
  ["rolemanagement.readwrite.directory", "role-assignment"],
  ["approleassignment.readwrite.all", "app-role-grant"],
  ["application.readwrite.all", "app-credentials"],
]);

/** The one-hop step a Microsoft Graph application permission grants, if any. */
export function permissionEscalation(permission: string): EscalationKind | undefined {
  return PERMISSION_STEPS.get(permission.toLowerCase());
}
