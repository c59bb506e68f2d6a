/** Hand-built Exposure fixtures for the diff and notify suites (plain data, no model involved). */
import type { Exposure, Finding } from "../../shared/exposure/types.js";
import { SECTION_NAMES, type SectionName } from "../../shared/snapshot/types.js";

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

export function exposure(overrides: Partial<Exposure> & { unknown?: SectionName[] } = {}): Exposure {
  const { unknown = [], ...rest } = overrides;
  return {
    tenantId: TENANT,
    snapshotId: "20260101T000000Z-aaaa",
    takenAt: "2026-01-01T00:00:00.000Z",
    writeback: { state: "on", evidence: [] },
    sspr: { adminSspr: true, usersScope: "selected", ssprEnabledSyncedUsers: 10, syncedUsers: 100 },
    headline: { resetters: 1, syncedUsers: 100, syncedUsersReached: 50, resetPaths: 50, potential: false },
    findings: [],
    coverage: SECTION_NAMES.map((section) =>
      unknown.includes(section)
        ? { section, status: "unknown" as const, reason: "forbidden" as const, detail: "403" }
        : { section, status: "ok" as const },
    ),
    ...rest,
  };
}

export function next(e: Exposure, overrides: Partial<Exposure> & { unknown?: SectionName[] } = {}): Exposure {
  return exposure({
    snapshotId: "20260102T000000Z-bbbb",
    takenAt: "2026-01-02T00:00:00.000Z",
    writeback: e.writeback,
    sspr: e.sspr,
    headline: e.headline,
    findings: e.findings,
    ...overrides,
  });
}

export function resetPath(p: {
  principalId?: string;
  name?: string;
  upn?: string;
  assignment?: "active" | "eligible";
  scope?: string;
  scopeName?: string;
  viaGroup?: { id: string; name: string };
  role?: { templateId: string; name: string; builtIn: boolean };
  reach?: number | null;
  severity?: Finding["severity"];
}): Finding {
  const principalId = p.principalId ?? "u-alice";
  const role = p.role ?? { templateId: HELPDESK, name: "Helpdesk Administrator", builtIn: true };
  const assignment = p.assignment ?? "active";
  const scope = p.scope ?? "/";
  const via = p.viaGroup ? `:via:${p.viaGroup.id}` : "";
  return {
    key: `reset-path:${principalId}:${role.templateId}:${scope}:${assignment}${via}`,
    kind: "reset-path",
    severity: p.severity ?? "high",
    title: `${p.name ?? "Alice"} can reset synced users' passwords`,
    principal: {
      id: principalId,
      type: "user",
      displayName: p.name ?? "Alice",
      userPrincipalName: p.upn ?? "alice@contoso.com",
    },
    role: { id: role.templateId, templateId: role.templateId, displayName: role.name, isBuiltIn: role.builtIn },
    scope,
    scopeDisplayName: p.scopeName ?? null,
    assignment,
    ...(p.viaGroup ? { via: { kind: "group" as const, id: p.viaGroup.id, displayName: p.viaGroup.name } } : {}),
    reach: { syncedUsers: p.reach === undefined ? 50 : p.reach, sample: ["bob@contoso.com"] },
  };
}

export function appPermission(spId = "sp-1", name = "Payroll sync", reach = 100): Finding {
  return {
    key: `app-permission:${spId}:User-PasswordProfile.ReadWrite.All`,
    kind: "app-permission",
    severity: "critical",
    title: `${name} holds User-PasswordProfile.ReadWrite.All`,
    principal: { id: spId, type: "servicePrincipal", displayName: name },
    scope: "/",
    via: {
      kind: "app-permission",
      id: "cc117bb9-00cf-4eb8-b580-ea2a878fe8f7",
      displayName: "User-PasswordProfile.ReadWrite.All",
    },
    reach: { syncedUsers: reach },
  };
}

export function syncedPrivileged(userId = "u-carol"): Finding {
  return {
    key: `synced-privileged:${userId}:62e90394-69f5-4237-9190-012177145e10`,
    kind: "synced-privileged",
    severity: "critical",
    title: "Synced account Carol holds Global Administrator",
    principal: { id: userId, type: "user", displayName: "Carol", userPrincipalName: "carol@contoso.com", synced: true },
    role: {
      id: "r",
      templateId: "62e90394-69f5-4237-9190-012177145e10",
      displayName: "Global Administrator",
      isBuiltIn: true,
    },
    scope: "/",
    assignment: "active",
    reach: { syncedUsers: null },
  };
}

export function syncedReset(count: number, lastAt: string): Finding {
  return {
    key: "synced-reset",
    kind: "synced-reset",
    severity: "medium",
    title: `${count} password resets of synced users`,
    scope: "tenant",
    reach: { syncedUsers: count },
    detail: { count, lastAt },
  };
}

export function contradiction(): Finding {
  return {
    key: "declaration-contradicted",
    kind: "declaration-contradicted",
    severity: "critical",
    title: "WRITEBACK_DECLARED=off but a synced user's password was reset from the cloud",
    scope: "tenant",
    reach: { syncedUsers: null },
  };
}
