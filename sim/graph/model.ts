/**
 * The simulated tenant as plain data. Every property name matches Microsoft Graph's, so handlers
 * serialise objects as they are. Users are the one exception to "plain arrays": a generated tenant
 * computes them from their index (a million users are never materialised), so they sit behind
 * UserDirectory.
 */

export interface SimUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  onPremisesSamAccountName: string | null;
  onPremisesDomainName: string | null;
  onPremisesLastSyncDateTime: string | null;
  onPremisesSecurityIdentifier: string | null;
  onPremisesDistinguishedName: string | null;
  createdDateTime: string;
}

export interface SimGroup {
  id: string;
  displayName: string;
  description: string | null;
  isAssignableToRole: boolean;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  /** Direct member ids (users, groups or service principals). */
  members: string[];
  /** Owner ids (users or service principals). */
  owners?: string[];
}

/** PIM for Groups: an eligibility instance (privilegedAccessGroupEligibilityScheduleInstance). */
export interface SimGroupEligibility {
  id: string;
  groupId: string;
  principalId: string;
  accessId: "member" | "owner";
  memberType: "direct" | "group";
  startDateTime: string;
  endDateTime: string | null;
  eligibilityScheduleId: string;
}

export interface SimAdministrativeUnit {
  id: string;
  displayName: string;
  description: string | null;
  isMemberManagementRestricted: boolean;
  visibility: string | null;
  /** Direct member ids (users or groups). */
  members: string[];
}

export interface SimAppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: string;
}

export interface SimServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: string;
  accountEnabled: boolean;
  appRoles: SimAppRole[];
  /** Owner ids (users or service principals). */
  owners?: string[];
}

/** An application object registered in this tenant (its service principal shares the appId). */
export interface SimApplication {
  id: string;
  appId: string;
  displayName: string;
  /** Owner ids (users or service principals). */
  owners: string[];
}

export interface SimAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal";
  principalDisplayName: string | null;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
  deletedDateTime: null;
}

export interface SimRoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  resourceScopes: string[];
  version: string | null;
  rolePermissions: { allowedResourceActions: string[]; condition: string | null }[];
}

export interface SimRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  appScopeId: string | null;
}

export interface SimRoleEligibility extends SimRoleAssignment {
  startDateTime: string | null;
  endDateTime: string | null;
  memberType: "Direct" | "Group" | "Inherited";
  roleEligibilityScheduleId: string;
}

export interface SimDirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: "success" | "failure" | "timeout";
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: {
    user: { id: string; displayName: string | null; userPrincipalName: string | null; ipAddress: string | null } | null;
    app: {
      appId: string;
      displayName: string | null;
      servicePrincipalId: string;
      servicePrincipalName: string | null;
    } | null;
  };
  targetResources: {
    id: string;
    displayName: string | null;
    type: string;
    userPrincipalName: string | null;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
  additionalDetails: { key: string; value: string }[];
}

export interface SimSubscribedSku {
  id: string;
  accountId: string;
  accountName: string;
  appliesTo: string;
  capabilityStatus: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  skuId: string;
  skuPartNumber: string;
  servicePlans: { servicePlanId: string; servicePlanName: string; provisioningStatus: string; appliesTo: string }[];
}

export type SsprScope = "none" | "selected" | "all";

/** Per-user SSPR state as userRegistrationDetails reports it. */
export interface SsprState {
  isSsprEnabled: boolean;
  isSsprRegistered: boolean;
}

/** A window onto a (possibly computed) list: what paging needs and nothing more. */
export interface ItemView<T> {
  readonly count: number;
  slice(start: number, end: number): T[];
}

export function arrayView<T>(items: readonly T[]): ItemView<T> {
  return { count: items.length, slice: (s, e) => items.slice(s, e) };
}

/** Two views one after the other. */
export function concatViews<T>(a: ItemView<T>, b: ItemView<T>): ItemView<T> {
  return {
    count: a.count + b.count,
    slice(start, end) {
      const out: T[] = [];
      if (start < a.count) out.push(...a.slice(start, Math.min(end, a.count)));
      if (end > a.count) out.push(...b.slice(Math.max(0, start - a.count), end - a.count));
      return out;
    },
  };
}

/** Users computed from an index: the generated profile implements this. */
export interface BulkUsers {
  readonly count: number;
  make(index: number): SimUser;
  /** make(index).userPrincipalName, without making the user. */
  userPrincipalName(index: number): string;
  /** The index of an id this source produced, or -1. */
  indexOf(id: string): number;
  isSynced(index: number): boolean;
  /** How many synced users have an index below n. */
  syncedBelow(n: number): number;
  /** The index of the k-th (0-based) synced user. */
  syncedIndex(k: number): number;
  /** SSPR state of the user at index under a scope; "selected" is the generated tenant's own rule. */
  sspr(index: number, scope: SsprScope): SsprState;
  /** Users with isSsprEnabled under a scope, as a view of indexes. */
  ssprEnabledIndexes(scope: SsprScope): ItemView<number>;
}

export interface TenantModel {
  tenantId: string;
  /** Bumped by every mutation: caches of derived lists (transitive members) key on it. */
  version: number;
  organization: {
    id: string;
    displayName: string;
    onPremisesSyncEnabled: boolean | null;
    onPremisesLastSyncDateTime: string | null;
    onPremisesLastPasswordSyncDateTime: string | null;
    tenantType: string;
    verifiedDomains: { capabilities: string; isDefault: boolean; isInitial: boolean; name: string; type: string }[];
  };
  onPremisesSynchronization: {
    id: string;
    configuration: Record<string, unknown>;
    features: Record<string, boolean>;
  };
  authorizationPolicy: Record<string, unknown> & { id: "authorizationPolicy"; allowedToUseSSPR: boolean };
  subscribedSkus: SimSubscribedSku[];
  users: UserDirectory;
  groups: Map<string, SimGroup>;
  administrativeUnits: Map<string, SimAdministrativeUnit>;
  servicePrincipals: Map<string, SimServicePrincipal>;
  /** Application objects registered in this tenant, by object id. */
  applications: Map<string, SimApplication>;
  appRoleAssignments: SimAppRoleAssignment[];
  roleDefinitions: SimRoleDefinition[];
  roleAssignments: SimRoleAssignment[];
  roleEligibilities: SimRoleEligibility[];
  /** PIM for Groups eligibilities; the tenant has P2 when this list is served (see routes). */
  groupEligibilities: SimGroupEligibility[];
  directoryAudits: SimDirectoryAudit[];
  sspr: {
    scope: SsprScope;
    /** For "selected" on explicit users: the group whose transitive user members are enabled. */
    selectedGroupId: string | null;
  };
  /**
   * Behaviour Graph may show but does not document, off by default (the simulator takes the stricter
   * reading). directoryAuditsOrFilter: accept an `or` chain in the directoryAudits $filter.
   */
  undocumented: { directoryAuditsOrFilter: boolean };
  /** Deterministic id factory for objects created by mutations. */
  newId(): string;
}

/**
 * All users of a tenant: a computed bulk part (generated profile) followed by explicit users
 * (demo profile, mutations). Display-name overrides let mutations rename computed users.
 */
export class UserDirectory {
  private readonly explicit: SimUser[] = [];
  private readonly byId = new Map<string, SimUser>();
  private readonly renamed = new Map<string, string>();
  /** Explicit users' SSPR registration (enablement follows the tenant's scope). */
  readonly ssprRegistered = new Set<string>();

  constructor(readonly bulk: BulkUsers | null = null) {}

  get count(): number {
    return (this.bulk?.count ?? 0) + this.explicit.length;
  }

  add(user: SimUser): void {
    if (this.get(user.id)) throw new Error(`A user with id ${user.id} already exists.`);
    this.explicit.push(user);
    this.byId.set(user.id, user);
  }

  get(id: string): SimUser | undefined {
    const key = id.toLowerCase();
    const own = this.byId.get(key);
    if (own) return this.withName(own);
    const index = this.bulk?.indexOf(key) ?? -1;
    return index >= 0 ? this.withName(this.bulk!.make(index)) : undefined;
  }

  /** Whether a user with this id exists, without computing it. */
  has(id: string): boolean {
    const key = id.toLowerCase();
    return this.byId.has(key) || (this.bulk?.indexOf(key) ?? -1) >= 0;
  }

  /** The computed user at a bulk index (with any rename applied). */
  bulkUser(index: number): SimUser {
    return this.withName(this.bulk!.make(index));
  }

  setDisplayName(id: string, name: string): boolean {
    const user = this.get(id);
    if (!user) return false;
    this.renamed.set(user.id, name);
    return true;
  }

  /** Every user, computed ones first. */
  all(): ItemView<SimUser> {
    const bulk = this.bulk;
    const bulkView: ItemView<SimUser> = bulk
      ? {
          count: bulk.count,
          slice: (s, e) => range(s, Math.min(e, bulk.count)).map((i) => this.withName(bulk.make(i))),
        }
      : arrayView([]);
    return concatViews(
      bulkView,
      this.explicitView(() => true),
    );
  }

  /** Users with onPremisesSyncEnabled eq value, without scanning the computed part. */
  synced(value: boolean): ItemView<SimUser> {
    const bulk = this.bulk;
    let bulkView: ItemView<SimUser> = arrayView([]);
    if (bulk) {
      const syncedTotal = bulk.syncedBelow(bulk.count);
      bulkView = value
        ? {
            count: syncedTotal,
            slice: (s, e) =>
              range(s, Math.min(e, syncedTotal)).map((k) => this.withName(bulk.make(bulk.syncedIndex(k)))),
          }
        : this.filterIndexes(bulk.count, (i) => !bulk.isSynced(i));
    }
    return concatViews(
      bulkView,
      this.explicitView((u) => (u.onPremisesSyncEnabled === true) === value),
    );
  }

  explicitUsers(): readonly SimUser[] {
    return this.explicit.map((u) => this.withName(u));
  }

  /** Position in the explicit list and the bulk, for callers that walk users themselves. */
  private explicitView(pred: (u: SimUser) => boolean): ItemView<SimUser> {
    return arrayView(this.explicit.filter(pred).map((u) => this.withName(u)));
  }

  private filterIndexes(n: number, pred: (i: number) => boolean): ItemView<SimUser> {
    const bulk = this.bulk!;
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (pred(i)) idx.push(i);
    return { count: idx.length, slice: (s, e) => idx.slice(s, e).map((i) => this.withName(bulk.make(i))) };
  }

  private withName(u: SimUser): SimUser {
    if (this.renamed.size === 0) return u;
    const name = this.renamed.get(u.id);
    return name === undefined ? u : { ...u, displayName: name };
  }
}

export function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}
