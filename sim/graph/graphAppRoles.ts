/**
 * The Microsoft Graph service principal's application roles that the simulator publishes: every
 * read permission an audit may hold plus the password-writing / escalating ones. Ids are the real
 * Microsoft Graph app role ids (checked against public permission references, see comments).
 */
import type { SimAppRole } from "./model.js";

/** The Microsoft Graph application's well-known appId. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export const GRAPH_APP_ROLE_IDS: Record<string, string> = {
  // Read permissions (ids confirmed in several public permission maps).
  "Organization.Read.All": "498476ce-e0fe-48b0-b801-37ba7e2685c6",
  "OnPremDirectorySynchronization.Read.All": "bb70e231-92dc-4729-aff5-697b3f04be95",
  "Policy.Read.All": "246dd0d5-5bd0-4def-940b-0421030a5b68",
  "RoleManagement.Read.Directory": "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
  "RoleEligibilitySchedule.Read.Directory": "ff278e11-4a33-4d0c-83d2-d01dc58929a5",
  "GroupMember.Read.All": "98830695-27a2-44f7-8c18-0c3ebc9698f6",
  "AdministrativeUnit.Read.All": "134fd756-38ce-4afd-ba33-e9623dbe66c2",
  "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "AuditLog.Read.All": "b0afded3-3588-46d8-8b3d-9842eff778da",
  // App role id confirmed in several public Graph permission maps.
  "PrivilegedEligibilitySchedule.Read.AzureADGroup": "edb419d6-7edc-42a3-9345-509bfdf5d87c",
  "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
  "Member.Read.Hidden": "658aa5d8-239f-45c4-aa12-864f4fc7e490",
  // Password-writing and escalation permissions (ids: https://learn.microsoft.com/graph/permissions-reference).
  "User-PasswordProfile.ReadWrite.All": "cc117bb9-00cf-4eb8-b580-ea2a878fe8f7",
  "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
  "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
  "RoleManagement.ReadWrite.Directory": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
  "UserAuthenticationMethod.ReadWrite.All": "50483e42-d915-4231-9639-7fdb7fd190e5",
  "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
  "AppRoleAssignment.ReadWrite.All": "06b708a9-e830-4db3-a914-8e69da51d44f",
  "Group.ReadWrite.All": "62a82d76-70ea-41e2-9197-370581804d09",
  "GroupMember.ReadWrite.All": "dbaae8cf-10b5-4b86-a4a1-f871c94c6695",
  "User.EnableDisableAccount.All": "3011c876-62b7-4ada-afa2-506cbbecc68c",
};

/** Write permissions a deployment hook needs besides the read-only list (granting app roles). */
export const INFRA_WRITE_PERMISSIONS = ["AppRoleAssignment.ReadWrite.All"] as const;

export function graphAppRoles(): SimAppRole[] {
  return Object.entries(GRAPH_APP_ROLE_IDS).map(([value, id]) => ({
    id,
    value,
    displayName: value,
    description: `Allows the app to use ${value} without a signed-in user.`,
    allowedMemberTypes: ["Application"],
    isEnabled: true,
    origin: "Application",
  }));
}
