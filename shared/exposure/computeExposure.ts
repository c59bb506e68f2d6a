/**
 * computeExposure: a snapshot in, the exposure out. Pure: no I/O, no clock, deterministic for a
 * given snapshot (input array order does not matter).
 */
import {
  severityRank,
  type Coverage,
  type Exposure,
  type Finding,
  type Headline,
  type SsprState,
  type WritebackState,
} from "./types.js";
import { SECTION_NAMES, type Principal, type Snapshot } from "../snapshot/types.js";
import { deriveWritebackState, declarationContradiction } from "./writebackState.js";
import { deriveSsprState } from "./ssprState.js";
import { buildTargetIndex, type TargetIndex } from "./protectedTargets.js";
import { enumerateResetPaths, findingPrincipal, findingRole, heldRoles, type ResetPath } from "./resetPaths.js";
import { canResetGlobalAdministrators } from "./resetTargets.js";
import { canResetPasswords } from "./resetCapability.js";
import { appPermissionSeverity, lower, resetPathSeverity } from "./severity.js";
import { APP_PERMISSION_REMEDIATION, classifyAppPermission } from "./appPermissions.js";
import { OTHER_PRIVILEGED_ROLES, TENANT_TAKEOVER_ROLES } from "./roleTemplates.js";
import { enumerateEscalations, type EscalationPath } from "./escalations.js";
import { escalationFinding } from "./escalationFindings.js";
import { permissionEscalation } from "./escalationCapability.js";
import { widestReach } from "./widestReach.js";
import { syncedUsersReached } from "./syncedUsersReached.js";
import { provesWriteback } from "../snapshot/auditActivities.js";
import { groupBy } from "./groupBy.js";

export function computeExposure(snapshot: Snapshot): Exposure {
  const writeback = deriveWritebackState(snapshot);
  const sspr = deriveSsprState(snapshot);
  const writebackOff = writeback.state === "off";
  const targets = buildTargetIndex(snapshot);
  const paths = enumerateResetPaths(snapshot, targets);
  const writers = passwordWriterSpIds(snapshot);
  const escalations = enumerateEscalations({ snapshot, targets, paths, writers });

  const findings: Finding[] = [
    ...paths.map((p) => resetPathFinding(p, writebackOff, writers)),
    ...appPermissionFindings(snapshot, paths, writebackOff),
    ...escalations.map((e) => escalationFinding(e, writebackOff)),
    writebackFinding(writeback),
    ...contradictionFindings(snapshot, writeback),
    ssprFinding(sspr, writeback),
    ssprAdminFinding(sspr),
    ...syncedPrivilegedFindings(snapshot, paths),
    ...syncedResetFindings(snapshot),
  ];
  findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareKeys(a.key, b.key));

  return {
    tenantId: snapshot.tenantId,
    snapshotId: snapshot.id,
    takenAt: snapshot.takenAt,
    writeback,
    sspr,
    headline: headline(snapshot, targets, paths, escalations, writeback),
    findings,
    coverage: coverage(snapshot),
  };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- headline ----------------------------------------------------------------------------------

/**
 * With writeback known off, resetPaths is 0 while resetters still counts who could reset synced users
 * in the cloud (the latent exposure the day writeback is switched on).
 *
 * Per resetter, reachable synced users = the widest tenant-wide path; a resetter with only AU-scoped
 * paths sums them (capped at the synced total). Unions of counts are not knowable exactly; the
 * widest path is a lower bound that is exact whenever a tenant-wide path exists. Across resetters,
 * syncedUsersReached.ts counts each reached synced user once, from the targets the paths were built on.
 */
function headline(
  snapshot: Snapshot,
  targets: TargetIndex,
  paths: ResetPath[],
  escalations: EscalationPath[],
  writeback: WritebackState,
): Headline {
  const { syncedUsers, roleDefinitions, roleAssignments, roleEligibilities, licences } = snapshot.sections;
  const potential = writeback.state === "unknown";
  const off = writeback.state === "off";
  const synced = syncedUsers.status === "ok" ? syncedUsers.data.count : null;
  // PIM needs P2: on a tenant known to lack it, an unreadable eligibility section is empty, not unknown.
  const eligibilitiesKnown =
    roleEligibilities.status === "ok" ||
    (licences.status === "ok" && !licences.data.p2 && roleEligibilities.reason === "licence");
  const needed =
    synced !== null && roleDefinitions.status === "ok" && roleAssignments.status === "ok" && eligibilitiesKnown;
  const declared = syncedUsers.status === "ok" ? syncedUsers.data.protectedOnPrem : undefined;
  const onPremProtected = declared
    ? { onPremProtected: { declaredEntries: declared.declaredEntries, excludedSyncedUsers: declared.users.length } }
    : {};
  const unknown = { resetters: null, resetPaths: off ? 0 : null };
  if (!needed || paths.some((p) => p.reach.syncedUsers === null)) {
    return {
      ...unknown,
      syncedUsers: synced,
      syncedUsersReached: off ? 0 : null,
      potential,
      ...onPremProtected,
      oneHop: unknown,
    };
  }
  const direct = new Map<string, number>();
  for (const [id, list] of groupBy(paths, (p) => p.principal.id)) {
    const n = widestReach(list, synced)!;
    if (n > 0) direct.set(id, n);
  }
  let resetPaths = 0;
  for (const n of direct.values()) resetPaths += n;
  return {
    resetters: direct.size,
    syncedUsers: synced,
    resetPaths: off ? 0 : resetPaths,
    syncedUsersReached: off ? 0 : syncedUsersReached({ paths, targets, snapshot, syncedTotal: synced! }),
    potential,
    ...onPremProtected,
    oneHop: oneHopFigures(escalations, direct, synced!, off) ?? unknown,
  };
}

/** Per principal: what its best one step reaches beyond its direct reach. Undefined when unknown. */
function oneHopFigures(
  escalations: EscalationPath[],
  direct: ReadonlyMap<string, number>,
  synced: number,
  off: boolean,
): { resetters: number; resetPaths: number } | undefined {
  const best = new Map<string, number>();
  for (const e of escalations) {
    const n = e.reach.syncedUsers;
    if (n === null) return undefined;
    best.set(e.principal.id, Math.max(best.get(e.principal.id) ?? 0, Math.min(n, synced)));
  }
  let resetters = 0;
  let resetPaths = 0;
  for (const [id, n] of best) {
    const gain = n - (direct.get(id) ?? 0);
    if (gain <= 0) continue;
    resetters++;
    resetPaths += gain;
  }
  return { resetters, resetPaths: off ? 0 : resetPaths };
}

// ---- reset paths -------------------------------------------------------------------------------

function passwordWriterSpIds(snapshot: Snapshot): Set<string> | undefined {
  const s = snapshot.sections.appPermissions;
  if (s.status !== "ok") return undefined;
  const ids = new Set<string>();
  for (const g of s.data.grants) {
    const cls = classifyAppPermission(g.permission);
    if (cls === "writer" || cls === "potential-writer") ids.add(g.servicePrincipalId);
  }
  return ids;
}

function resetPathFinding(p: ResetPath, writebackOff: boolean, writers: Set<string> | undefined): Finding {
  const who = p.principal;
  const syncedResetter = who.type === "user" && who.onPremisesSyncEnabled === true;
  const spWithoutWriter = who.type === "servicePrincipal" && writers !== undefined && !writers.has(who.id);
  const resetsGlobalAdmins = p.scope === "/" && canResetGlobalAdministrators(p.roleKey);
  const severity = resetPathSeverity({
    writebackOff,
    reach: p.reach.syncedUsers,
    syncedResetter,
    resetsGlobalAdmins,
    tenantWide: p.scope === "/",
    eligible: p.assignment === "eligible",
    disabled: who.accountEnabled === false,
    servicePrincipalWithoutWriter: spWithoutWriter,
  });
  const name = displayOf(who);
  const roleName = p.role.displayName ?? p.roleKey;
  const how = [
    p.assignment === "eligible" ? "PIM-eligible" : "active",
    p.via ? `through group ${displayOf(p.via)}` : null,
    p.administrativeUnitId ? "AU-scoped" : null,
  ]
    .filter(Boolean)
    .join(", ");
  const finding: Finding = {
    key: p.key,
    kind: "reset-path",
    severity,
    title: `${name} can reset passwords as ${roleName} (${how})`,
    principal: findingPrincipal(who),
    role: findingRole(p.role),
    scope: p.scope,
    assignment: p.assignment,
    reach: {
      syncedUsers: p.reach.syncedUsers,
      sample: p.reach.sample,
      ...(p.reachBasis === "assumed" ? { assumed: ASSUMED_REACH } : {}),
    },
    remediation: resetPathRemediation(p, syncedResetter),
    detail: {
      grantingActions: p.grantingActions,
      resetsGlobalAdmins,
      syncedResetter,
      ...(p.unexpandedGroup ? { unexpandedGroup: true } : {}),
      ...(spWithoutWriter ? { appOnlyResetNeeds: "User-PasswordProfile.ReadWrite.All (not granted)" } : {}),
      ...(p.reach.syncedUsers === null ? { unknownBecause: p.missing } : {}),
    },
  };
  if (p.administrativeUnitId) finding.scopeDisplayName = p.scopeDisplayName ?? null;
  if (p.via) finding.via = { kind: "group", id: p.via.id, displayName: p.via.displayName ?? null };
  return finding;
}

/** What an undocumented reset-capable role is assumed to reach (resetTargets.ts states the assumption). */
const ASSUMED_REACH =
  "Microsoft documents no reset reach for this role: counted as synced users without admin roles, the reach every documented resetter has; it may reach more.";

function resetPathRemediation(p: ResetPath, syncedResetter: boolean): string {
  if (syncedResetter) {
    return "Give this admin a cloud-only account for the role and remove the assignment from the synced account.";
  }
  if (p.via)
    return `Remove the member from group ${displayOf(p.via)}, or make the group's role assignment eligible-only.`;
  if (p.principal.type === "servicePrincipal")
    return "Remove the directory role from this application unless it must reset passwords.";
  if (p.assignment === "active") {
    return p.scope === "/"
      ? "Make the assignment eligible-only (PIM), scope it to an administrative unit, or remove it."
      : "Make the assignment eligible-only (PIM) or remove it if it is no longer needed.";
  }
  return "Remove the eligibility if it is no longer needed, or scope it to an administrative unit.";
}

function displayOf(p: Principal): string {
  return p.displayName ?? p.userPrincipalName ?? p.id;
}

// ---- app permissions ---------------------------------------------------------------------------

function appPermissionFindings(snapshot: Snapshot, paths: ResetPath[], writebackOff: boolean): Finding[] {
  const s = snapshot.sections.appPermissions;
  if (s.status !== "ok") return [];
  const roleKnown =
    snapshot.sections.roleDefinitions.status === "ok" && snapshot.sections.roleAssignments.status === "ok";
  const out = new Map<string, Finding>();
  const pathsOf = groupBy(paths, (p) => p.principal.id);
  for (const g of s.data.grants) {
    const cls = classifyAppPermission(g.permission);
    // Permissions that are one step from a reset are escalation findings (escalations.ts).
    if (!cls || permissionEscalation(g.permission)) continue;
    const key = `app-permission:${g.servicePrincipalId}:${g.permission}`;
    if (out.has(key)) continue;
    const spPaths = (pathsOf.get(g.servicePrincipalId) ?? []).filter((p) => p.assignment === "active");
    const resetsGa = spPaths.some((p) => p.scope === "/" && canResetGlobalAdministrators(p.roleKey));
    const role = spPaths.length === 0 ? "none" : resetsGa ? "resets-global-admins" : "resets";
    const canWrite = cls === "writer" || cls === "potential-writer";
    const reaches = spPaths.map((p) => p.reach.syncedUsers);
    const reach =
      !canWrite || !roleKnown
        ? roleKnown
          ? 0
          : null
        : reaches.length === 0
          ? 0
          : reaches.some((r) => r === null)
            ? null
            : Math.max(...(reaches as number[]));
    const sample = canWrite ? (spPaths.find((p) => p.reach.syncedUsers === reach)?.reach.sample ?? []) : [];
    const name = g.displayName ?? g.appId ?? g.servicePrincipalId;
    out.set(key, {
      key,
      kind: "app-permission",
      severity: appPermissionSeverity(cls, role, writebackOff),
      title:
        `Application ${name} holds ${g.permission}` +
        (canWrite
          ? role === "none"
            ? " (no reset-capable directory role: one role assignment away from resets)"
            : " and a reset-capable directory role: it can reset passwords app-only"
          : " (can escalate to password reset)"),
      principal: { id: g.servicePrincipalId, type: "servicePrincipal", displayName: g.displayName },
      scope: "/",
      via: { kind: "app-permission", id: g.appRoleId, displayName: g.permission },
      reach: { syncedUsers: reach, sample },
      remediation: APP_PERMISSION_REMEDIATION[cls],
      detail: {
        permission: g.permission,
        class: cls,
        appId: g.appId,
        directoryRoles: [...new Set(spPaths.map((p) => p.role.displayName ?? p.roleKey))].sort(),
        ...(roleKnown ? {} : { unknownBecause: ["roleDefinitions", "roleAssignments"] }),
      },
    });
  }
  return [...out.values()];
}

// ---- tenant-level findings ---------------------------------------------------------------------

function writebackFinding(wb: WritebackState): Finding {
  const decisive = wb.evidence.find((e) => e.decisive);
  return {
    key: "writeback",
    kind: "writeback",
    severity: wb.state === "on" ? "high" : wb.state === "unknown" ? "medium" : "info",
    title:
      wb.state === "unknown"
        ? "Password writeback state is unknown: figures are potential"
        : `Password writeback is ${wb.state.toUpperCase()}${decisive ? ` (${decisive.source})` : ""}`,
    scope: "tenant",
    reach: { syncedUsers: null },
    remediation:
      wb.state === "on"
        ? "If cloud resets need not reach on-premises AD, disable password writeback in Entra Connect; otherwise reduce who can reset synced users."
        : wb.state === "unknown"
          ? "Set WRITEBACK_DECLARED to what the portal shows, and grant AuditLog.Read.All so toggles and resets are observed."
          : "Keep writeback off; an enable toggle will be reported.",
    detail: { state: wb.state, decisiveSource: decisive?.source ?? null, decisiveAt: decisive?.at ?? null },
  };
}

function contradictionFindings(snapshot: Snapshot, wb: WritebackState): Finding[] {
  const c = declarationContradiction(snapshot, wb);
  if (!c) return [];
  return [
    {
      key: "declaration-contradicted",
      kind: "declaration-contradicted",
      severity: "critical",
      title: `WRITEBACK_DECLARED says writeback is ${c.declared}, but the evidence shows it is ${c.observed}`,
      scope: "tenant",
      reach: { syncedUsers: null },
      remediation: `Check Entra Connect and the portal's password writeback setting now; then set WRITEBACK_DECLARED=${c.observed} or switch writeback ${c.declared}.`,
      detail: { declared: c.declared, observed: c.observed, evidence: c.evidence.detail, at: c.evidence.at ?? null },
    },
  ];
}

function ssprFinding(sspr: SsprState, wb: WritebackState): Finding {
  const open = sspr.usersScope === "all" || sspr.usersScope === "selected";
  const severity = wb.state === "off" || !open ? "info" : sspr.usersScope === "all" ? "high" : "medium";
  return {
    key: "sspr",
    kind: "sspr",
    severity,
    title:
      sspr.usersScope === "unknown"
        ? "Users' self-service password reset scope is unknown"
        : `Self-service password reset for users: ${sspr.usersScope} (${sspr.ssprEnabledSyncedUsers ?? "?"} of ${sspr.syncedUsers ?? "?"} synced users enabled)`,
    scope: "tenant",
    reach: { syncedUsers: sspr.ssprEnabledSyncedUsers },
    remediation: open
      ? "Scope SSPR to the groups that need it and require strong authentication methods; with writeback on, each SSPR reset changes the on-premises password."
      : "No action needed.",
    detail: {
      usersScope: sspr.usersScope,
      ssprEnabledSyncedUsers: sspr.ssprEnabledSyncedUsers,
      syncedUsers: sspr.syncedUsers,
    },
  };
}

function ssprAdminFinding(sspr: SsprState): Finding {
  return {
    key: "sspr-admin",
    kind: "sspr-admin",
    severity: sspr.adminSspr === true ? "low" : "info",
    title:
      sspr.adminSspr === null
        ? "Administrators' self-service password reset is unknown"
        : `Administrators' self-service password reset is ${sspr.adminSspr ? "enabled" : "disabled"} (authorizationPolicy.allowedToUseSSPR)`,
    scope: "tenant",
    reach: { syncedUsers: null },
    remediation:
      sspr.adminSspr === true
        ? "Set allowedToUseSSPR to false so administrators reset through another admin, not SSPR."
        : "No action needed.",
    detail: { adminSspr: sspr.adminSspr },
  };
}

function syncedPrivilegedFindings(snapshot: Snapshot, paths: ResetPath[]): Finding[] {
  const { groupMembers } = snapshot.sections;
  const groups = groupMembers.status === "ok" ? groupMembers.data.groups : {};
  const found = new Map<string, Finding>();
  // Indexed once: a role-assignable group with thousands of synced members must not cost members × paths.
  const pathsByHolderRole = groupBy(paths, (p) => `${p.principal.id}|${p.roleKey}`);
  for (const held of heldRoles(snapshot)) {
    const { source: a, role } = held;
    const roleKey = role.templateId || role.id;
    if (!OTHER_PRIVILEGED_ROLES.has(roleKey) && !TENANT_TAKEOVER_ROLES.has(roleKey) && !canResetPasswords(role))
      continue;
    const holder = held.principal;
    if (!holder) continue;
    // PIM-for-Groups eligible members hold the group's role as "eligible" (they can activate membership).
    const holders: Array<{ user: Principal; via?: Principal; eligibleMember?: boolean }> =
      holder.type === "group"
        ? [
            ...(groups[holder.id]?.members ?? []).map((m) => ({ user: m, via: holder })),
            ...(groups[holder.id]?.eligibleMembers ?? []).map((m) => ({ user: m, via: holder, eligibleMember: true })),
          ]
        : [{ user: holder }];
    for (const { user, via, eligibleMember } of holders) {
      const assignment = eligibleMember ? "eligible" : held.assignment;
      if (user.type !== "user" || user.onPremisesSyncEnabled !== true) continue;
      const key = `synced-privileged:${user.id}:${roleKey}`;
      const base = TENANT_TAKEOVER_ROLES.has(roleKey) ? "critical" : "high";
      const severity = assignment === "eligible" ? lower(base) : base;
      const prev = found.get(key);
      if (prev && severityRank(prev.severity) >= severityRank(severity)) continue;
      const userPaths = pathsByHolderRole.get(`${user.id}|${roleKey}`) ?? [];
      const reaches = userPaths.map((p) => p.reach.syncedUsers);
      const finding: Finding = {
        key,
        kind: "synced-privileged",
        severity,
        title: `Synced account ${displayOf(user)} holds ${role.displayName ?? roleKey} (${assignment}${via ? `, through group ${displayOf(via)}` : ""})`,
        principal: findingPrincipal(user),
        role: findingRole(role),
        scope: a.directoryScopeId || "/",
        assignment,
        reach: {
          syncedUsers:
            reaches.length === 0 ? 0 : reaches.some((r) => r === null) ? null : Math.max(...(reaches as number[])),
        },
        remediation:
          "Use a cloud-only account for this role: whoever controls the on-premises account (or AD) controls this cloud role.",
        detail: { onPremisesMastered: true },
      };
      if (via) finding.via = { kind: "group", id: via.id, displayName: via.displayName ?? null };
      found.set(key, finding);
    }
  }
  return [...found.values()];
}

function syncedResetFindings(snapshot: Snapshot): Finding[] {
  const audit = snapshot.sections.auditEvents;
  if (audit.status !== "ok") return [];
  const resets = audit.data.syncedUserResets.filter((r) => r.result.toLowerCase() === "success");
  if (resets.length === 0) return [];
  const byActivity: Record<string, number> = {};
  for (const r of resets) byActivity[r.activity] = (byActivity[r.activity] ?? 0) + 1;
  const written = resets.filter(provesWriteback).length;
  const cloudOnly = resets.length - written;
  const targets = [...new Set(resets.map((r) => r.targetUserId ?? r.targetUserPrincipalName ?? r.id))];
  const newest = resets.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a));
  const upns = [...new Set(resets.map((r) => r.targetUserPrincipalName).filter((u): u is string => !!u))]
    .sort()
    .slice(0, 5);
  const how = [
    written > 0 ? `${written} through the password reset service, written back to on-premises AD` : null,
    cloudOnly > 0
      ? `${cloudOnly} logged by Core Directory only (e.g. PowerShell or the Microsoft 365 admin center), which writeback does not carry`
      : null,
  ].filter(Boolean);
  return [
    {
      key: "synced-reset",
      kind: "synced-reset",
      severity: "low",
      title: `${resets.length} password reset(s) of synced users since ${audit.data.since}: ${how.join("; ")}`,
      scope: "tenant",
      reach: { syncedUsers: targets.length, sample: upns },
      remediation:
        "Confirm each reset was requested by its user; unexpected resets of synced users are a sign of account takeover.",
      detail: {
        count: resets.length,
        throughResetService: written,
        coreDirectoryOnly: cloudOnly,
        byActivity,
        newestAt: newest.at,
        since: audit.data.since,
        until: audit.data.until,
      },
    },
  ];
}

// ---- coverage ----------------------------------------------------------------------------------

function coverage(snapshot: Snapshot): Coverage[] {
  return SECTION_NAMES.map((section) => {
    const s = snapshot.sections[section];
    if (s.status === "ok") {
      // groupMembers can be ok while its PIM-for-Groups part failed: say so, naming the permission.
      const gap = section === "groupMembers" ? snapshot.sections.groupMembers : undefined;
      const unavailable = gap?.status === "ok" ? gap.data.eligibleMembersUnavailable : undefined;
      if (!unavailable) return { section, status: "ok" };
      const c: Coverage = {
        section,
        status: "ok",
        reason: unavailable.reason,
        detail: `${unavailable.detail} Eligible (not yet active) members of role-assignable groups are not counted.`,
      };
      if (unavailable.missingPermission) c.missingPermission = unavailable.missingPermission;
      return c;
    }
    const c: Coverage = { section, status: "unknown", reason: s.reason, detail: s.detail };
    if (s.missingPermission) c.missingPermission = s.missingPermission;
    return c;
  });
}
