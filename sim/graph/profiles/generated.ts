/**
 * Generated tenants of any size from a seed. The administrative structure (roles, assignments,
 * groups, AUs, apps, audit events) depends only on the options, never on the user count; users are
 * computed from their index, so a million-user tenant costs no memory until a page asks for them.
 *
 * Index layout: [0, admins) admins, then the role-assignable group's members, then each AU's
 * members (fixed sizes), then ordinary users. Synced users and SSPR flags come from the index.
 */
import { ROLE } from "../builtInRoles.js";
import { GRAPH_APP_ROLE_IDS } from "../graphAppRoles.js";
import type { BulkUsers, ItemView, SimUser, SsprScope, TenantModel } from "../model.js";
import { auditEvent, emptyTenant, graphServicePrincipal, guidFrom, makeUser } from "./builder.js";

export interface GeneratedTenantOptions {
  seed: number | string;
  users: number;
  /** Share of users synced from on-premises AD (0..1). Default 0.3. */
  syncedShare?: number;
  /** Members of the role-assignable group that holds User Administrator. Default 10. */
  raGroupMembers?: number;
  /** Admins scoped to administrative units (Helpdesk / Password Administrator). Default 4. */
  auScopedAdmins?: number;
  /** Administrative units scoping those admins. Default 4. */
  administrativeUnits?: number;
  /** Direct user members per administrative unit (fixed: does not grow with users). Default 25. */
  auMembers?: number;
  /** Tenant-wide admins (GA, PAA, UA, Helpdesk, ...). Default 8. */
  tenantAdmins?: number;
  /** Users SSPR is enabled for; "selected" = every third user. Default "selected". */
  ssprScope?: SsprScope;
  /** Audit-log evidence of writeback: an enable event (default), a disable event, or none. */
  writeback?: "on" | "off" | "none";
  /** "Reset password (by admin)" events on synced users. Default 5. */
  resetEvents?: number;
  /**
   * The instant audit events and schedules are relative to (ms since epoch). Default: now. Pass a
   * fixed value when two tenants must be byte-for-byte identical.
   */
  now?: number;
}

const SHARE_SCALE = 10_000;

/** Every index with (i % 3 === 0) is enabled under "selected". */
const SELECTED_EVERY = 3;

const FIRST = [
  "Ada",
  "Bjørn",
  "Chloé",
  "Dmitri",
  "Eşref",
  "Fatima",
  "Gustavo",
  "Hiroshi",
  "Ines",
  "Jamal",
  "Kirsi",
  "Luis",
  "Mei",
  "Noor",
  "Olu",
  "Priya",
];
/**
 * UPN local parts: the first names folded to the characters a UPN may hold ("A - Z, a - z, 0 - 9,
 * ' . - _ ! # ^ ~", api-reference/v1.0/resources/user.md), so UPNs start with as many letters as
 * names do, as in a real directory.
 */
const UPN_FIRST = FIRST.map((name) =>
  name
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase(),
);
const LAST = [
  "Andersson",
  "Brown",
  "Chen",
  "Diallo",
  "Evans",
  "Fernández",
  "García",
  "Haddad",
  "Ivanova",
  "Jones",
  "Kowalski",
  "López",
  "Müller",
  "Nguyen",
  "O'Neil",
  "Patel",
];

class IndexedUsers implements BulkUsers {
  readonly prefix: string;
  private readonly share: number;
  private readonly created: string;

  constructor(
    readonly count: number,
    private readonly seed: string,
    syncedShare: number,
    private readonly domain: string,
  ) {
    // Ids are a seed-derived prefix plus the index in the last 12 hex digits, so id → index is O(1).
    this.prefix = guidFrom(seed, "users").slice(0, 24);
    this.share = Math.round(Math.min(1, Math.max(0, syncedShare)) * SHARE_SCALE);
    this.created = new Date(Date.UTC(2022, 0, 1)).toISOString();
  }

  idOf(index: number): string {
    return this.prefix + index.toString(16).padStart(12, "0");
  }

  indexOf(id: string): number {
    if (id.length !== 36 || !id.startsWith(this.prefix)) return -1;
    const index = parseInt(id.slice(24), 16);
    return Number.isInteger(index) && index < this.count ? index : -1;
  }

  isSynced(i: number): boolean {
    // Spreads synced users evenly: user i is synced when floor((i+1)·s) steps past floor(i·s).
    return Math.floor(((i + 1) * this.share) / SHARE_SCALE) > Math.floor((i * this.share) / SHARE_SCALE);
  }

  syncedBelow(n: number): number {
    return Math.floor((n * this.share) / SHARE_SCALE);
  }

  syncedIndex(k: number): number {
    // Smallest i with floor((i+1)·s) >= k+1.
    return Math.ceil(((k + 1) * SHARE_SCALE) / this.share) - 1;
  }

  userPrincipalName(i: number): string {
    return `${this.upnLocal(i)}@${this.domain}`;
  }

  private upnLocal(i: number): string {
    return `${UPN_FIRST[i % UPN_FIRST.length]}.${i}`;
  }

  make(i: number): SimUser {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    // A few hostile names so large-tenant reports exercise escaping too.
    const displayName = i % 997 === 13 ? `<img src=x onerror=alert(${i})> ${first}` : `${first} ${last} ${i}`;
    return makeUser({
      id: this.idOf(i),
      displayName,
      upnLocal: this.upnLocal(i),
      domain: this.domain,
      synced: this.isSynced(i),
      createdAt: this.created,
    });
  }

  sspr(i: number, scope: SsprScope) {
    const isSsprEnabled = scope === "all" || (scope === "selected" && i % SELECTED_EVERY === 0);
    // Registration: two users in three, independent of enablement.
    return { isSsprEnabled, isSsprRegistered: i % 3 !== 2 };
  }

  ssprEnabledIndexes(scope: SsprScope): ItemView<number> {
    const n = this.count;
    if (scope === "none") return { count: 0, slice: () => [] };
    if (scope === "all") return { count: n, slice: (s, e) => seq(s, Math.min(e, n), 1, 0) };
    const count = Math.ceil(n / SELECTED_EVERY);
    return { count, slice: (s, e) => seq(s, Math.min(e, count), SELECTED_EVERY, 0) };
  }

  get seedLabel(): string {
    return this.seed;
  }
}

function seq(from: number, to: number, step: number, offset: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(offset + k * step);
  return out;
}

export interface GeneratedLayout {
  admins: number;
  groupStart: number;
  groupMembers: number;
  auStart: number;
  auMembers: number;
  administrativeUnits: number;
  structuralUsers: number;
}

export function generatedLayout(o: GeneratedTenantOptions): GeneratedLayout {
  const tenantAdmins = o.tenantAdmins ?? 8;
  const auScoped = o.auScopedAdmins ?? 4;
  const groupMembers = o.raGroupMembers ?? 10;
  const aus = Math.max(1, o.administrativeUnits ?? 4);
  const auMembers = o.auMembers ?? 25;
  const admins = tenantAdmins + auScoped;
  return {
    admins,
    groupStart: admins,
    groupMembers,
    auStart: admins + groupMembers,
    auMembers,
    administrativeUnits: aus,
    structuralUsers: admins + groupMembers + aus * auMembers,
  };
}

/** Counts a test can assert on without paging (O(users) integer arithmetic, no objects). */
export function generatedExpectations(o: GeneratedTenantOptions) {
  const users = new IndexedUsers(o.users, String(o.seed), o.syncedShare ?? 0.3, "x");
  const scope = o.ssprScope ?? "selected";
  let ssprEnabledSynced = 0;
  for (let i = 0; i < o.users; i++) if (users.isSynced(i) && users.sspr(i, scope).isSsprEnabled) ssprEnabledSynced++;
  return {
    users: o.users,
    syncedUsers: users.syncedBelow(o.users),
    ssprEnabledUsers: users.ssprEnabledIndexes(scope).count,
    ssprEnabledSyncedUsers: ssprEnabledSynced,
    layout: generatedLayout(o),
  };
}

const TENANT_ADMIN_ROLES = [
  ROLE.globalAdministrator,
  ROLE.privilegedAuthenticationAdministrator,
  ROLE.userAdministrator,
  ROLE.helpdeskAdministrator,
  ROLE.authenticationAdministrator,
  ROLE.passwordAdministrator,
  ROLE.securityAdministrator,
  ROLE.globalReader,
];

export function generatedTenant(o: GeneratedTenantOptions, now = o.now ?? Date.now()): TenantModel {
  const seed = String(o.seed);
  const layout = generatedLayout(o);
  if (!Number.isInteger(o.users) || o.users < layout.structuralUsers) {
    throw new Error(
      `A generated tenant needs at least ${layout.structuralUsers} users for its administrative structure ` +
        `(admins + role-assignable group members + AU members); raise users or lower raGroupMembers / auScopedAdmins / auMembers.`,
    );
  }
  const id = (label: string) => guidFrom(seed, label);
  const domain = `gen-${seed.replace(/[^a-z0-9]/gi, "").toLowerCase() || "x"}.example`;
  const bulk = new IndexedUsers(o.users, seed, o.syncedShare ?? 0.3, domain);
  const tenant = emptyTenant({
    seed,
    tenantId: id("tenant"),
    displayName: `Generated tenant ${seed}`,
    domain,
    bulk,
    now,
  });
  tenant.sspr = { scope: o.ssprScope ?? "selected", selectedGroupId: null };

  const tenantAdmins = layout.admins - (o.auScopedAdmins ?? 4);
  for (let i = 0; i < tenantAdmins; i++) {
    tenant.roleAssignments.push({
      id: id(`ra:admin:${i}`),
      principalId: bulk.idOf(i),
      roleDefinitionId: TENANT_ADMIN_ROLES[i % TENANT_ADMIN_ROLES.length]!,
      directoryScopeId: "/",
      appScopeId: null,
    });
  }
  // One PIM eligibility per tenant admin role, held by the next admin along.
  for (let i = 0; i < Math.min(3, tenantAdmins); i++) {
    tenant.roleEligibilities.push({
      id: id(`re:${i}`),
      principalId: bulk.idOf((i + 1) % tenantAdmins),
      roleDefinitionId: ROLE.privilegedAuthenticationAdministrator,
      directoryScopeId: "/",
      appScopeId: null,
      startDateTime: new Date(now - 30 * 86_400_000).toISOString(),
      endDateTime: null,
      memberType: "Direct",
      roleEligibilityScheduleId: id(`res:${i}`),
    });
  }

  const raGroupId = id("group:ra");
  tenant.groups.set(raGroupId, {
    id: raGroupId,
    displayName: "Role-assignable User Admins",
    description: null,
    isAssignableToRole: true,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    members: seq(0, layout.groupMembers, 1, layout.groupStart).map((i) => bulk.idOf(i)),
  });
  tenant.roleAssignments.push({
    id: id("ra:group"),
    principalId: raGroupId,
    roleDefinitionId: ROLE.userAdministrator,
    directoryScopeId: "/",
    appScopeId: null,
  });

  for (let k = 0; k < layout.administrativeUnits; k++) {
    const auId = id(`au:${k}`);
    tenant.administrativeUnits.set(auId, {
      id: auId,
      displayName: `Region ${k}`,
      description: null,
      // The last AU is a restricted-management one.
      isMemberManagementRestricted: k === layout.administrativeUnits - 1 && layout.administrativeUnits > 1,
      visibility: null,
      members: seq(0, layout.auMembers, 1, layout.auStart + k * layout.auMembers).map((i) => bulk.idOf(i)),
    });
  }
  const auIds = [...tenant.administrativeUnits.keys()];
  const auScoped = o.auScopedAdmins ?? 4;
  for (let j = 0; j < auScoped; j++) {
    tenant.roleAssignments.push({
      id: id(`ra:au:${j}`),
      principalId: bulk.idOf(tenantAdmins + j),
      roleDefinitionId: j % 2 === 0 ? ROLE.helpdeskAdministrator : ROLE.passwordAdministrator,
      directoryScopeId: `/administrativeUnits/${auIds[j % auIds.length]}`,
      appScopeId: null,
    });
  }

  const graphSp = graphServicePrincipal(tenant);
  const apps: [string, string[]][] = [
    ["Payroll Connector", ["User-PasswordProfile.ReadWrite.All", "User.Read.All"]],
    ["Legacy Provisioning", ["User.ReadWrite.All"]],
    ["Reporting", ["User.Read.All", "AuditLog.Read.All"]],
  ];
  apps.forEach(([name, perms], a) => {
    const spId = id(`sp:${a}`);
    tenant.servicePrincipals.set(spId, {
      id: spId,
      appId: id(`app:${a}`),
      displayName: name,
      servicePrincipalType: "Application",
      accountEnabled: true,
      appRoles: [],
    });
    for (const perm of perms) {
      tenant.appRoleAssignments.push({
        id: id(`ara:${a}:${perm}`),
        appRoleId: GRAPH_APP_ROLE_IDS[perm]!,
        principalId: spId,
        principalType: "ServicePrincipal",
        principalDisplayName: name,
        resourceId: graphSp.id,
        resourceDisplayName: "Microsoft Graph",
        createdDateTime: new Date(now - 100 * 86_400_000).toISOString(),
        deletedDateTime: null,
      });
    }
    if (a === 0)
      tenant.roleAssignments.push({
        id: id(`ra:sp:${a}`),
        principalId: spId,
        roleDefinitionId: ROLE.userAdministrator,
        directoryScopeId: "/",
        appScopeId: null,
      });
  });

  const SSPR = "Self-service Password Management";
  const admin = bulk.make(0);
  const actor = { id: admin.id, displayName: admin.displayName, userPrincipalName: admin.userPrincipalName };
  if ((o.writeback ?? "on") !== "none") {
    const on = (o.writeback ?? "on") === "on";
    tenant.directoryAudits.push(
      auditEvent({
        id: id("audit:toggle"),
        at: now - 7 * 86_400_000,
        activity: on ? "Enable password writeback for directory" : "Disable password writeback for directory",
        service: SSPR,
        category: "DirectoryManagement",
        actor,
      }),
    );
  }
  const resets = o.resetEvents ?? 5;
  const synced = bulk.syncedBelow(o.users);
  for (let r = 0; r < resets && r < synced; r++) {
    const target = bulk.make(bulk.syncedIndex(Math.floor((r * synced) / Math.max(1, resets))));
    tenant.directoryAudits.push(
      auditEvent({
        id: id(`audit:reset:${r}`),
        at: now - (r + 1) * 3_600_000,
        activity: "Reset password (by admin)",
        service: SSPR,
        category: "UserManagement",
        actor,
        target: {
          id: target.id,
          displayName: target.displayName,
          type: "User",
          userPrincipalName: target.userPrincipalName,
        },
      }),
    );
  }
  return tenant;
}
