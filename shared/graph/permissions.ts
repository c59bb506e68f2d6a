/**
 * The Microsoft Graph application permissions writeback-watch needs: read-only, least privilege.
 *
 * This list is the single source of truth: the collectors name the entry they need when a section
 * comes back 403, the README shows it, and infra grants exactly this list to the managed identity.
 */
export interface GraphPermission {
  /** The app role value on the Microsoft Graph service principal. */
  permission: string;
  /** Why writeback-watch needs it. */
  reason: string;
  /** The snapshot sections (or features) that depend on it. */
  usedBy: string[];
}

export const REQUIRED_GRAPH_PERMISSIONS: readonly GraphPermission[] = [
  {
    permission: "Organization.Read.All",
    reason: "Tenant id and on-premises sync fields of /organization; licences (P1/P2) from /subscribedSkus.",
    usedBy: ["organization", "licences"],
  },
  {
    permission: "OnPremDirectorySynchronization.Read.All",
    reason: "Reported sync feature flags (passwordWritebackEnabled) of /directory/onPremisesSynchronization.",
    usedBy: ["syncFeatures"],
  },
  {
    permission: "Policy.Read.All",
    reason: "allowedToUseSSPR (administrators' SSPR) of /policies/authorizationPolicy.",
    usedBy: ["authorizationPolicy"],
  },
  {
    permission: "RoleManagement.Read.Directory",
    reason: "Role definitions (built-in and custom) and active role assignments with their scopes.",
    usedBy: ["roleDefinitions", "roleAssignments"],
  },
  {
    permission: "RoleEligibilitySchedule.Read.Directory",
    reason: "PIM-eligible role assignments (roleEligibilityScheduleInstances).",
    usedBy: ["roleEligibilities"],
  },
  {
    permission: "GroupMember.Read.All",
    reason: "Transitive members and owners of role-assignable groups; the alert recipients group.",
    usedBy: ["groupMembers", "alertRecipients"],
  },
  {
    permission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    reason:
      "PIM for Groups: members eligible for a role-assignable group, who can activate its roles (needs P2; without it the audit notes the gap).",
    usedBy: ["groupMembers"],
  },
  {
    permission: "AdministrativeUnit.Read.All",
    reason: "Members of administrative units that scope a role, and restricted-management AUs.",
    usedBy: ["administrativeUnits"],
  },
  {
    permission: "Application.Read.All",
    reason:
      "Service principals holding password-writing Graph application permissions (appRoleAssignedTo); the owners of the applications that can reset passwords (service principal and application object); Entra Connect's application identity, to leave the sync engine's password changes out of the audit-log resets.",
    usedBy: ["appPermissions"],
  },
  {
    permission: "User.Read.All",
    reason:
      "Synced users (onPremisesSyncEnabled), protected users' administrative-unit memberships (memberOf, ids only) and recipients' mail addresses.",
    usedBy: ["syncedUsers", "administrativeUnits", "alertRecipients"],
  },
  {
    permission: "AuditLog.Read.All",
    reason:
      "Writeback toggles, password resets and the directory changes that grew the exposure (who made them, when) in /auditLogs/directoryAudits; per-user SSPR state in userRegistrationDetails.",
    usedBy: ["auditEvents", "ssprRegistration"],
  },
] as const;

export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The permission a 403 on a section most likely lacks. */
export function permissionFor(section: string): string | undefined {
  return REQUIRED_GRAPH_PERMISSIONS.find((p) => p.usedBy.includes(section))?.permission;
}
