/**
 * The application permissions that allow each group of routes, least privileged first, as
 * Microsoft's permission tables (api-reference/v1.0/includes/permissions/*) list them.
 */
export const P = {
  users: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  groups: [
    "GroupMember.Read.All",
    "Group.Read.All",
    "GroupMember.ReadWrite.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  aus: [
    "AdministrativeUnit.Read.All",
    "AdministrativeUnit.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  apps: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  roles: [
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "Directory.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.ReadWrite.All",
  ],
  eligibility: [
    "RoleEligibilitySchedule.Read.Directory",
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleManagement.Read.All",
    "RoleManagement.Read.Directory",
    "RoleManagement.ReadWrite.Directory",
  ],
  org: ["Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All"],
  skus: [
    "Organization.Read.All",
    "LicenseAssignment.Read.All",
    "Directory.Read.All",
    "Organization.ReadWrite.All",
    "Directory.ReadWrite.All",
  ],
  sync: ["OnPremDirectorySynchronization.Read.All", "OnPremDirectorySynchronization.ReadWrite.All"],
  policy: ["Policy.Read.All", "Policy.ReadWrite.Authorization"],
  audit: ["AuditLog.Read.All"],
  registration: ["AuditLog.Read.All", "UserAuthenticationMethod.Read.All"],
  grant: ["AppRoleAssignment.ReadWrite.All"],
  /**
   * serviceprincipal-list-owners-permissions.md, application-get-permissions.md and
   * application-list-owners-permissions.md. Application.ReadWrite.OwnedBy, listed too, reads only the
   * applications its holder owns; the simulator does not know the caller's ownerships and takes the
   * stricter reading: it does not grant these routes.
   */
  servicePrincipalOwners: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  applications: ["Application.Read.All", "Application.ReadWrite.All"],
  applicationOwners: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  /** privilegedaccessgroup-list-eligibilityscheduleinstances (v1.0), least privileged first. */
  groupEligibility: [
    "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
  ],
} as const;
