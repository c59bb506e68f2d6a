/**
 * Derived directory facts that several routes need (transitive group members, reverse
 * memberships, SSPR state, admin flags), cached per tenant version so paging stays cheap.
 */
import type { FilterExpr } from "./odata/filter.js";
import { evaluate, isBooleanEquality } from "./odata/filter.js";
import { arrayView, concatViews, type ItemView, type SimUser, type SsprState, type TenantModel } from "./model.js";

const caches = new WeakMap<TenantModel, { version: number; values: Map<string, unknown> }>();

function cached<T>(tenant: TenantModel, key: string, compute: () => T): T {
  let entry = caches.get(tenant);
  if (!entry || entry.version !== tenant.version) {
    entry = { version: tenant.version, values: new Map() };
    caches.set(tenant, entry);
  }
  if (!entry.values.has(key)) entry.values.set(key, compute());
  return entry.values.get(key) as T;
}

/** Transitive members of a group (users, groups, service principals), each once, depth-first. */
export function transitiveMemberIds(tenant: TenantModel, groupId: string): string[] {
  return cached(tenant, `tm:${groupId}`, () => {
    const seen = new Set<string>();
    const out: string[] = [];
    const visit = (gid: string) => {
      for (const m of tenant.groups.get(gid)?.members ?? []) {
        if (seen.has(m)) continue;
        seen.add(m);
        out.push(m);
        if (tenant.groups.has(m)) visit(m);
      }
    };
    visit(groupId);
    return out;
  });
}

/** memberId → ids of the groups and administrative units that list it directly. */
export function memberOfIndex(tenant: TenantModel): Map<string, string[]> {
  return cached(tenant, "memberOf", () => {
    const index = new Map<string, string[]>();
    const add = (member: string, container: string) => {
      const list = index.get(member);
      if (list) list.push(container);
      else index.set(member, [container]);
    };
    for (const g of tenant.groups.values()) for (const m of g.members) add(m, g.id);
    for (const au of tenant.administrativeUnits.values()) for (const m of au.members) add(m, au.id);
    return index;
  });
}

/** Principals holding an active role directly or through a group: userRegistrationDetails.isAdmin. */
export function adminIds(tenant: TenantModel): Set<string> {
  return cached(tenant, "admins", () => {
    const ids = new Set<string>();
    for (const a of tenant.roleAssignments) {
      ids.add(a.principalId);
      if (tenant.groups.has(a.principalId)) for (const m of transitiveMemberIds(tenant, a.principalId)) ids.add(m);
    }
    return ids;
  });
}

function ssprSelectedIds(tenant: TenantModel): Set<string> {
  return cached(tenant, "ssprSelected", () =>
    tenant.sspr.selectedGroupId ? new Set(transitiveMemberIds(tenant, tenant.sspr.selectedGroupId)) : new Set<string>(),
  );
}

export function ssprState(tenant: TenantModel, user: SimUser, bulkIndex?: number): SsprState {
  const bulk = tenant.users.bulk;
  const index = bulkIndex ?? (bulk ? bulk.indexOf(user.id) : -1);
  if (index >= 0) return bulk!.sspr(index, tenant.sspr.scope);
  const scope = tenant.sspr.scope;
  const isSsprEnabled = scope === "all" || (scope === "selected" && ssprSelectedIds(tenant).has(user.id));
  return { isSsprEnabled, isSsprRegistered: tenant.users.ssprRegistered.has(user.id) };
}

export function registrationDetails(tenant: TenantModel, user: SimUser, bulkIndex?: number): Record<string, unknown> {
  const { isSsprEnabled, isSsprRegistered } = ssprState(tenant, user, bulkIndex);
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName,
    userType: user.userType === "Guest" ? "guest" : "member",
    isAdmin: adminIds(tenant).has(user.id),
    isSsprRegistered,
    isSsprEnabled,
    isSsprCapable: isSsprEnabled && isSsprRegistered,
    isMfaRegistered: isSsprRegistered,
    isMfaCapable: isSsprRegistered,
    isPasswordlessCapable: false,
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: isSsprRegistered ? ["push"] : [],
    userPreferredMethodForSecondaryAuthentication: isSsprRegistered ? "push" : "none",
    lastUpdatedDateTime: user.createdDateTime,
    methodsRegistered: isSsprRegistered ? ["microsoftAuthenticatorPush", "mobilePhone"] : [],
  };
}

/** /users source: answers `onPremisesSyncEnabled eq <bool>` and id lookups without scanning. */
export function usersSource(
  tenant: TenantModel,
  filter: FilterExpr | undefined,
): { view: ItemView<SimUser>; filtered: boolean } {
  if (!filter) return { view: tenant.users.all(), filtered: true };
  const synced = isBooleanEquality(filter, "onPremisesSyncEnabled");
  if (synced !== undefined) return { view: tenant.users.synced(synced), filtered: true };
  const bulk = tenant.users.bulk;
  const explicitUpns = (keep: (u: SimUser) => boolean) =>
    tenant.users
      .explicitUsers()
      .filter(keep)
      .map((u) => u.userPrincipalName);
  if (readsOnly(filter, UPN)) {
    // The order of tenant.users.all(): computed users, then explicit ones.
    const upns = () => [...range(bulk?.count ?? 0, (i) => bulk!.userPrincipalName(i)), ...explicitUpns(() => true)];
    return { view: narrowedByUpn(tenant, "users", tenant.users.all(), upns, filter), filtered: true };
  }
  const narrowing = upnNarrowing(filter, "onPremisesSyncEnabled");
  if (narrowing?.value === true) {
    // The order of tenant.users.synced(true): computed synced users, then explicit ones.
    const upns = () => [
      ...range(bulk ? bulk.syncedBelow(bulk.count) : 0, (k) => bulk!.userPrincipalName(bulk!.syncedIndex(k))),
      ...explicitUpns((u) => u.onPremisesSyncEnabled === true),
    ];
    return {
      view: narrowedByUpn(tenant, "users:true", tenant.users.synced(true), upns, narrowing.rest),
      filtered: true,
    };
  }
  const ids = idLookup(filter);
  if (ids) {
    const found = ids.map((id) => tenant.users.get(id)).filter((u): u is SimUser => !!u);
    return { view: arrayView(found), filtered: true };
  }
  return { view: tenant.users.all(), filtered: false };
}

function idLookup(filter: FilterExpr): string[] | undefined {
  if (filter.kind === "compare" && filter.op === "eq" && filter.path === "id") return [String(filter.value.value)];
  if (filter.kind === "in" && filter.path === "id") return filter.values.map((v) => String(v.value));
  return undefined;
}

/** userRegistrationDetails source: answers `isSsprEnabled eq true` without scanning computed users. */
export function registrationSource(
  tenant: TenantModel,
  filter: FilterExpr | undefined,
): { view: ItemView<Record<string, unknown>>; filtered: boolean } {
  const toDetails = (view: ItemView<SimUser>): ItemView<Record<string, unknown>> => ({
    count: view.count,
    slice: (s, e) => view.slice(s, e).map((u) => registrationDetails(tenant, u)),
  });
  if (isBooleanEquality(filter, "isSsprEnabled") === true) {
    const bulk = tenant.users.bulk;
    let bulkView: ItemView<Record<string, unknown>> = arrayView([]);
    if (bulk) {
      const idx = bulk.ssprEnabledIndexes(tenant.sspr.scope);
      bulkView = {
        count: idx.count,
        slice: (s, e) => idx.slice(s, e).map((i) => registrationDetails(tenant, tenant.users.bulkUser(i), i)),
      };
    }
    const explicit = tenant.users.explicitUsers().filter((u) => ssprState(tenant, u).isSsprEnabled);
    return { view: concatViews(bulkView, toDetails(arrayView(explicit))), filtered: true };
  }
  const narrowing = upnNarrowing(filter, "isSsprEnabled");
  if (narrowing?.value === true) {
    const base = registrationSource(tenant, {
      kind: "compare",
      op: "eq",
      path: "isSsprEnabled",
      value: { type: "boolean", value: true },
    }).view;
    // The order of the isSsprEnabled view above: computed users, then explicit ones.
    const bulk = tenant.users.bulk;
    const upns = () => {
      const indexes = bulk ? bulk.ssprEnabledIndexes(tenant.sspr.scope) : undefined;
      return [
        ...(indexes ? indexes.slice(0, indexes.count).map((i) => bulk!.userPrincipalName(i)) : []),
        ...tenant.users
          .explicitUsers()
          .filter((u) => ssprState(tenant, u).isSsprEnabled)
          .map((u) => u.userPrincipalName),
      ];
    };
    return { view: narrowedByUpn(tenant, "registrations:true", base, upns, narrowing.rest), filtered: true };
  }
  return { view: toDetails(tenant.users.all()), filtered: !filter };
}

// ---- UPN narrowing ---------------------------------------------------------------------------
// Serving speed only, not a rule: a filter that reads nothing but userPrincipalName (alone, or ANDed
// to a boolean the source answers without scanning) is evaluated once per UPN prefix and its matches
// cached per tenant version, so paging a partitioned read of a million users stays cheap. The
// filter's meaning is the generic evaluator's; the route's capabilities were checked before.

const UPN = "userPrincipalName";

function range<T>(n: number, at: (i: number) => T): T[] {
  const out: T[] = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = at(i);
  return out;
}

function readsOnly(expr: FilterExpr, path: string): boolean {
  switch (expr.kind) {
    case "compare":
    case "in":
    case "startswith":
      return expr.path === path;
    case "not":
      return readsOnly(expr.expr, path);
    case "and":
    case "or":
      return readsOnly(expr.left, path) && readsOnly(expr.right, path);
  }
}

/** `<path> eq <bool> and <UPN-only filter>`, either way round. */
function upnNarrowing(filter: FilterExpr | undefined, path: string): { value: boolean; rest: FilterExpr } | undefined {
  if (filter?.kind !== "and") return undefined;
  for (const [a, b] of [
    [filter.left, filter.right],
    [filter.right, filter.left],
  ] as const) {
    const value = isBooleanEquality(a, path);
    if (value !== undefined && readsOnly(b, UPN)) return { value, rest: b };
  }
  return undefined;
}

/** Longest startswith literal when the filter tests nothing but prefixes; the answer depends on that many characters. */
function prefixLength(expr: FilterExpr): number | undefined {
  switch (expr.kind) {
    case "startswith":
      return String(expr.value.value).length;
    case "not":
      return prefixLength(expr.expr);
    case "and":
    case "or": {
      const l = prefixLength(expr.left);
      const r = prefixLength(expr.right);
      return l === undefined || r === undefined ? undefined : Math.max(l, r);
    }
    default:
      return undefined;
  }
}

function upnTest(expr: FilterExpr): (upn: string) => boolean {
  const test = (upn: string) => evaluate(expr, { [UPN]: upn });
  const length = prefixLength(expr);
  if (length === undefined) return test;
  const memo = new Map<string, boolean>();
  return (upn) => {
    // Lower-casing a character never shortens it, so a prefix test of length L reads only the first L characters.
    const key = upn.slice(0, length);
    let hit = memo.get(key);
    if (hit === undefined) memo.set(key, (hit = test(upn)));
    return hit;
  };
}

function narrowedByUpn<T>(
  tenant: TenantModel,
  key: string,
  base: ItemView<T>,
  /** The UPNs of `base`, in its order, computed without making its items. */
  listUpns: () => string[],
  rest: FilterExpr,
): ItemView<T> {
  const upns = cached(tenant, `upns:${key}`, listUpns);
  const positions = cached(tenant, `upnFilter:${key}:${JSON.stringify(rest)}`, () => {
    const test = upnTest(rest);
    const out: number[] = [];
    upns.forEach((upn, i) => {
      if (test(upn)) out.push(i);
    });
    return Int32Array.from(out);
  });
  return {
    count: positions.length,
    slice: (s, e) => Array.from(positions.subarray(s, Math.min(e, positions.length)), (p) => base.slice(p, p + 1)[0]!),
  };
}
