/**
 * A small builder of snapshots for the exposure tests: every section "ok" and empty until a test adds
 * what it needs. Ids are readable strings; role ids are the real built-in template ids.
 */
import type {
  AdministrativeUnit,
  AppOwners,
  AppPermissionGrant,
  DeclaredWriteback,
  GroupMembersData,
  Principal,
  RoleAssignableGroup,
  RoleAssignment,
  RoleDefinition,
  Section,
  SectionName,
  Sections,
  Snapshot,
  SyncedUserResetEvent,
  SyncFeaturesData,
  SyncedUsersData,
  UnknownReason,
  WritebackToggleEvent,
} from "../../shared/snapshot/types.js";
import { ROLE } from "../../shared/exposure/roleTemplates.js";

export { ROLE };

const PASSWORD = "microsoft.directory/users/password/update";

function builtIn(templateId: string, displayName: string, actions: string[]): RoleDefinition {
  return { id: templateId, templateId, displayName, isBuiltIn: true, isEnabled: true, allowedResourceActions: actions };
}

export function builtInDefinitions(): RoleDefinition[] {
  return [
    builtIn(ROLE.globalAdministrator, "Global Administrator", [
      "microsoft.directory/users/allProperties/allTasks",
      "microsoft.directory/roleAssignments/allProperties/allTasks",
    ]),
    builtIn(ROLE.privilegedAuthenticationAdministrator, "Privileged Authentication Administrator", [
      PASSWORD,
      "microsoft.directory/users/authenticationMethods/create",
    ]),
    builtIn(ROLE.authenticationAdministrator, "Authentication Administrator", [
      PASSWORD,
      "microsoft.directory/users/invalidateAllRefreshTokens",
    ]),
    builtIn(ROLE.userAdministrator, "User Administrator", [PASSWORD, "microsoft.directory/users/create"]),
    builtIn(ROLE.helpdeskAdministrator, "Helpdesk Administrator", [
      PASSWORD,
      "microsoft.directory/users/invalidateAllRefreshTokens",
    ]),
    builtIn(ROLE.passwordAdministrator, "Password Administrator", [PASSWORD]),
    builtIn(ROLE.partnerTier1Support, "Partner Tier1 Support", [PASSWORD]),
    builtIn(ROLE.partnerTier2Support, "Partner Tier2 Support", [PASSWORD]),
    builtIn(ROLE.privilegedRoleAdministrator, "Privileged Role Administrator", [
      "microsoft.directory/roleAssignments/allProperties/allTasks",
    ]),
    // The credential actions of permissions-reference.md's Application / Cloud Application Administrator.
    builtIn(ROLE.applicationAdministrator, "Application Administrator", [
      "microsoft.directory/applications/credentials/update",
      "microsoft.directory/applications/owners/update",
      "microsoft.directory/servicePrincipals/credentials/update",
    ]),
    builtIn(ROLE.cloudApplicationAdministrator, "Cloud Application Administrator", [
      "microsoft.directory/applications/credentials/update",
      "microsoft.directory/servicePrincipals/credentials/update",
    ]),
    builtIn(ROLE.directoryReaders, "Directory Readers", ["microsoft.directory/users/standard/read"]),
    builtIn(ROLE.reportsReader, "Reports Reader", ["microsoft.directory/auditLogs/allProperties/read"]),
  ];
}

export function user(id: string, opts: { synced?: boolean; name?: string; enabled?: boolean } = {}): Principal {
  return {
    id,
    type: "user",
    displayName: opts.name ?? id,
    userPrincipalName: `${id}@contoso.example`,
    onPremisesSyncEnabled: opts.synced ?? false,
    accountEnabled: opts.enabled ?? true,
  };
}

export function servicePrincipal(id: string, name = id): Principal {
  return { id, type: "servicePrincipal", displayName: name, appId: `app-${id}` };
}

export function group(id: string, name = id): Principal {
  return { id, type: "group", displayName: name, isAssignableToRole: true };
}

let counter = 0;

export class SnapshotBuilder {
  syncedCount = 100;
  syncedSample = ["s1@contoso.example", "s2@contoso.example", "s3@contoso.example"];
  totalUsers: number | null = 150;
  definitions = builtInDefinitions();
  active: RoleAssignment[] = [];
  eligible: RoleAssignment[] = [];
  activePrincipals: Record<string, Principal> = {};
  eligiblePrincipals: Record<string, Principal> = {};
  groups: Record<string, RoleAssignableGroup> = {};
  eligibleMembersUnavailable: GroupMembersData["eligibleMembersUnavailable"];
  units: Record<string, AdministrativeUnit> = {};
  memberships: Record<string, string[]> = {};
  grants: AppPermissionGrant[] = [];
  appOwners: Record<string, AppOwners> | undefined;
  toggles: WritebackToggleEvent[] = [];
  resets: SyncedUserResetEvent[] = [];
  lastToggle: WritebackToggleEvent | null = null;
  lastReset: SyncedUserResetEvent | null = null;
  declared: DeclaredWriteback = "unset";
  licences = { p1: true, p2: true, premiumSkus: ["AAD_PREMIUM_P2"] };
  reportedFlag: boolean | null = false;
  allowedToUseSSPR: boolean | null = true;
  sspr = { syncedSsprEnabled: 0, syncedSsprRegistered: 0, totalSsprEnabled: 0 };
  unknown: Partial<Record<SectionName, UnknownReason>> = {};
  /** Declared protected on-prem accounts the syncedUsers section matched (undefined: not recorded). */
  protectedOnPrem: SyncedUsersData["protectedOnPrem"];

  /** Assign a role; group principals must be added with addGroup first (or not, to test unexpanded groups). */
  assign(principal: Principal, roleId: string, opts: { scope?: string; eligible?: boolean } = {}): this {
    const a: RoleAssignment = {
      id: `ra-${++counter}`,
      principalId: principal.id,
      roleDefinitionId: roleId,
      directoryScopeId: opts.scope ?? "/",
    };
    if (opts.eligible) {
      this.eligible.push(a);
      this.eligiblePrincipals[principal.id] = principal;
    } else {
      this.active.push(a);
      this.activePrincipals[principal.id] = principal;
    }
    return this;
  }

  addGroup(
    g: Principal,
    members: Principal[],
    opts: { owners?: Principal[]; eligibleMembers?: Principal[] } = {},
  ): this {
    this.groups[g.id] = { id: g.id, displayName: g.displayName, members, ...opts };
    return this;
  }

  addUnit(
    id: string,
    opts: { restricted?: boolean; syncedMembers: number; memberUserIds?: string[]; sample?: string[] },
  ): this {
    this.units[id] = {
      id,
      displayName: `AU ${id}`,
      isMemberManagementRestricted: opts.restricted ?? false,
      syncedMemberCount: opts.syncedMembers,
      sampleUserPrincipalNames: opts.sample ?? [],
      memberUserIds: opts.restricted ? (opts.memberUserIds ?? []) : [],
    };
    return this;
  }

  /** Record AU memberships of a protected synced user (as the collector does). */
  memberOf(userId: string, ...auIds: string[]): this {
    this.memberships[userId] = [...(this.memberships[userId] ?? []), ...auIds];
    return this;
  }

  /** A custom role definition (id = templateId, as Graph returns custom roles). */
  defineRole(id: string, displayName: string, actions: string[]): this {
    this.definitions.push({
      id,
      templateId: id,
      displayName,
      isBuiltIn: false,
      isEnabled: true,
      allowedResourceActions: actions,
    });
    return this;
  }

  /** Owners of a service principal (and of its application object), as the collector records them. */
  ownedBy(
    sp: Principal,
    servicePrincipalOwners: Principal[],
    opts: { applicationOwners?: Principal[] | null; applicationObjectId?: string | null } = {},
  ): this {
    this.appOwners = {
      ...(this.appOwners ?? {}),
      [sp.id]: {
        servicePrincipalOwners,
        applicationOwners: opts.applicationOwners ?? [],
        applicationObjectId: opts.applicationObjectId ?? null,
      },
    };
    return this;
  }

  grant(sp: Principal, permission: string): this {
    this.grants.push({
      servicePrincipalId: sp.id,
      displayName: sp.displayName,
      appId: sp.appId ?? null,
      appRoleId: `role-${permission}`,
      permission,
    });
    return this;
  }

  toggle(activity: "enable" | "disable", at: string, opts: { carried?: boolean; result?: string } = {}): this {
    const t: WritebackToggleEvent = {
      id: `t-${++counter}`,
      activity,
      at,
      result: opts.result ?? "success",
      initiatedBy: { userPrincipalName: "admin@contoso.example" },
    };
    if (!opts.carried) this.toggles.push(t);
    if (!this.lastToggle || Date.parse(at) > Date.parse(this.lastToggle.at)) this.lastToggle = t;
    return this;
  }

  reset(
    at: string,
    opts: { carried?: boolean; result?: string; target?: string; activity?: string; service?: string } = {},
  ): this {
    const r: SyncedUserResetEvent = {
      id: `r-${++counter}`,
      activity: opts.activity ?? "Reset password (by admin)",
      service: opts.service ?? "Self-service Password Management",
      at,
      result: opts.result ?? "success",
      targetUserId: opts.target ?? "s1",
      targetUserPrincipalName: `${opts.target ?? "s1"}@contoso.example`,
      initiatedBy: { userPrincipalName: "helpdesk@contoso.example" },
    };
    if (!opts.carried) this.resets.push(r);
    // As the collector does: only a successful reset through the password reset service is carried as proof.
    const proof = r.service === "Self-service Password Management";
    if (
      proof &&
      (opts.result ?? "success") === "success" &&
      (!this.lastReset || Date.parse(at) > Date.parse(this.lastReset.at))
    )
      this.lastReset = r;
    return this;
  }

  markUnknown(section: SectionName, reason: UnknownReason = "forbidden"): this {
    this.unknown[section] = reason;
    return this;
  }

  build(): Snapshot {
    const sec = <T>(name: SectionName, data: T): Section<T> =>
      this.unknown[name]
        ? {
            status: "unknown",
            reason: this.unknown[name]!,
            detail: `${name} could not be read`,
            missingPermission: "Some.Permission",
          }
        : { status: "ok", data };
    const sections: Sections = {
      syncFeatures: sec<SyncFeaturesData>("syncFeatures", {
        features:
          this.reportedFlag === null ? {} : { passwordWritebackEnabled: this.reportedFlag, passwordSyncEnabled: true },
      }),
      organization: sec("organization", {
        id: "tenant-1",
        displayName: "Contoso",
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: "2026-11-20T10:00:00Z",
        onPremisesLastPasswordSyncDateTime: null,
      }),
      authorizationPolicy: sec("authorizationPolicy", { allowedToUseSSPR: this.allowedToUseSSPR }),
      licences: sec("licences", this.licences),
      roleDefinitions: sec("roleDefinitions", { definitions: this.definitions }),
      roleAssignments: sec("roleAssignments", { assignments: this.active, principals: this.activePrincipals }),
      roleEligibilities: sec("roleEligibilities", { assignments: this.eligible, principals: this.eligiblePrincipals }),
      groupMembers: sec<GroupMembersData>("groupMembers", {
        groups: this.groups,
        ...(this.eligibleMembersUnavailable ? { eligibleMembersUnavailable: this.eligibleMembersUnavailable } : {}),
      }),
      administrativeUnits: sec("administrativeUnits", { units: this.units, memberships: this.memberships }),
      appPermissions: sec("appPermissions", {
        grants: this.grants,
        ...(this.appOwners ? { owners: this.appOwners } : {}),
      }),
      syncedUsers: sec("syncedUsers", {
        count: this.syncedCount,
        sampleUserPrincipalNames: this.syncedSample,
        totalUsers: this.totalUsers,
        ...(this.protectedOnPrem ? { protectedOnPrem: this.protectedOnPrem } : {}),
      }),
      ssprRegistration: sec("ssprRegistration", this.sspr),
      auditEvents: sec("auditEvents", {
        since: "2026-11-01T00:00:00Z",
        until: "2026-11-23T00:00:00Z",
        toggles: this.toggles,
        syncedUserResets: this.resets,
        lastToggle: this.lastToggle,
        lastSyncedUserReset: this.lastReset,
      }),
    };
    return {
      schemaVersion: 1,
      id: "20261123T000000Z-abcd",
      tenantId: "tenant-1",
      takenAt: "2026-11-23T00:00:00Z",
      declaredWriteback: this.declared,
      sections,
    };
  }
}
