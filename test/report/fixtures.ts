/**
 * Report fixtures: plain Exposure objects (no model involved) whose tenant strings are hostile, so
 * every test of the report also tests escaping.
 */
import { HEADLINE_SCHEMA_VERSION, type Exposure, type Finding } from "../../shared/exposure/types.js";
import type { SentNotice, SnapshotSummary, StoredChange } from "../../shared/store/types.js";
import { buildTrend, type Trend } from "../../shared/report/trend.js";

export const HOSTILE = {
  script: "<script>alert(1)</script>",
  quotes: `"quotes" & 'apostrophes'`,
  attr: `' onmouseover='alert(2)' x='`,
  rtl: "\u202Eevil.exe\u202C مدير 👩‍💻",
  img: `<img src=x onerror=alert(3)>`,
  longUpn: `a-very-long-user-principal-name-without-any-break-opportunity-${"x".repeat(60)}@contoso.example`,
} as const;

export const TENANT_ID = "11111111-2222-3333-4444-555555555555";

function resetPath(over: Partial<Finding> & Pick<Finding, "key" | "severity">): Finding {
  return {
    kind: "reset-path",
    title: "reset path",
    scope: "/",
    reach: { syncedUsers: 10, sample: ["alice@contoso.example"] },
    ...over,
  };
}

export function hostileExposure(overrides: Partial<Exposure> = {}): Exposure {
  return {
    tenantId: TENANT_ID,
    snapshotId: "20261123T220000Z-ab12cd",
    takenAt: "2026-11-23T22:00:00.000Z",
    writeback: {
      state: "unknown",
      evidence: [
        {
          source: "reported-flag",
          indicates: "none",
          decisive: false,
          detail: "features.passwordWritebackEnabled is false (Microsoft documents it as not in use).",
        },
        {
          source: "audit-reset",
          indicates: "on",
          decisive: false,
          at: "2026-11-20T09:15:00.000Z",
          detail: `Password reset of synced user ${HOSTILE.script} by ${HOSTILE.attr}`,
        },
      ],
    },
    sspr: { adminSspr: true, usersScope: "selected", ssprEnabledSyncedUsers: 37, syncedUsers: 4321 },
    headline: { resetters: 7, syncedUsers: 4321, syncedUsersReached: 2_468, resetPaths: 12_345, potential: true },
    findings: [
      resetPath({
        key: "reset-path:u1:helpdesk:/:active",
        severity: "critical",
        title: `${HOSTILE.script} can reset 4,321 synced users`,
        principal: {
          id: "u1",
          type: "user",
          displayName: HOSTILE.script,
          userPrincipalName: HOSTILE.longUpn,
          synced: true,
        },
        role: {
          id: "r1",
          templateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
          displayName: "Helpdesk Administrator",
          isBuiltIn: true,
        },
        assignment: "active",
        reach: { syncedUsers: 4321, sample: [HOSTILE.img, "bob@contoso.example"] },
        remediation: `Remove ${HOSTILE.script} from Helpdesk Administrator or make the assignment eligible.`,
      }),
      resetPath({
        key: "reset-path:u2:authadmin:/administrativeUnits/au1:eligible:via:g1",
        severity: "high",
        title: "eligible via group",
        principal: { id: "u2", type: "user", displayName: HOSTILE.quotes, userPrincipalName: "q@contoso.example" },
        role: {
          id: "r2",
          templateId: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
          displayName: HOSTILE.attr,
          isBuiltIn: false,
        },
        scope: "/administrativeUnits/au1",
        scopeDisplayName: HOSTILE.rtl,
        assignment: "eligible",
        via: { kind: "group", id: "g1", displayName: HOSTILE.img },
        reach: { syncedUsers: 25, sample: [] },
        remediation: "Scope the custom role to a smaller administrative unit.",
      }),
      {
        key: "app-permission:sp1:User-PasswordProfile.ReadWrite.All",
        kind: "app-permission",
        severity: "high",
        title: `App ${HOSTILE.rtl} holds User-PasswordProfile.ReadWrite.All`,
        principal: { id: "sp1", type: "servicePrincipal", displayName: HOSTILE.rtl },
        scope: "/",
        via: { kind: "app-permission", id: "role1", displayName: "User-PasswordProfile.ReadWrite.All" },
        reach: { syncedUsers: null },
        remediation: "Remove the application permission unless the app must reset passwords.",
      },
      {
        key: "sspr",
        kind: "sspr",
        severity: "medium",
        title: "37 synced users can reset their own password (SSPR, selected users)",
        scope: "tenant",
        reach: { syncedUsers: 37 },
        remediation: "Require strong authentication methods for SSPR.",
      },
    ],
    coverage: [
      { section: "syncFeatures", status: "ok" },
      {
        section: "roleEligibilities",
        status: "unknown",
        reason: "forbidden",
        detail: "403 Authorization_RequestDenied from roleEligibilityScheduleInstances.",
        missingPermission: "RoleEligibilitySchedule.Read.Directory",
      },
    ],
    ...overrides,
  };
}

export function changes(): StoredChange[] {
  const base = {
    tenantId: TENANT_ID,
    fromSnapshotId: "20261123T210000Z-aaaaaa",
    toSnapshotId: "20261123T220000Z-ab12cd",
  };
  return [
    {
      ...base,
      key: "reset-path:u1:helpdesk:/:active",
      type: "added",
      direction: "increase",
      severity: "critical",
      summary: `${HOSTILE.script} became Helpdesk Administrator`,
      detectedAt: "2026-11-23T22:00:05.000Z",
    },
    {
      ...base,
      key: "reset-path:u9:helpdesk:/:active",
      type: "removed",
      direction: "decrease",
      severity: "high",
      summary: "Dana left Password Administrator",
      detectedAt: "2026-11-23T21:00:05.000Z",
    },
  ];
}

/**
 * Two weeks of daily snapshot summaries with a story: paths grow twice (the second growth alerted),
 * one day the PIM eligibilities could not be read (coverage lost, resetters and paths unknown), and
 * a synced user is added near the end. Newest first, as the store lists them.
 */
export function trendSummaries(): SnapshotSummary[] {
  const figures: [
    resetPaths: number | null,
    resetters: number | null,
    reached: number | null,
    synced: number,
    critical: number,
    gaps: string[],
  ][] = [
    [200, 12, 18, 24, 5, []],
    [200, 12, 18, 24, 5, []],
    [200, 12, 18, 24, 5, []],
    [217, 13, 19, 24, 5, []],
    [217, 13, 19, 24, 5, []],
    [null, null, null, 24, 5, ["roleEligibilities"]],
    [217, 13, 19, 24, 5, []],
    [217, 13, 19, 24, 5, []],
    [226, 13, 20, 24, 6, []],
    [226, 13, 20, 24, 6, []],
    [254, 14, 22, 25, 7, []],
    [254, 14, 22, 25, 7, []],
    [254, 14, 22, 25, 7, []],
    [254, 14, 22, 25, 7, []],
  ];
  return figures
    .map(([resetPaths, resetters, syncedUsersReached, syncedUsers, critical, gaps], day) => ({
      tenantId: TENANT_ID,
      snapshotId: `2026110${String(day).padStart(2, "0")}T080000000Z-t${day}`,
      takenAt: new Date(Date.UTC(2026, 10, 10 + day, 8)).toISOString(),
      schemaVersion: 1,
      writebackState: "on" as const,
      headlineVersion: HEADLINE_SCHEMA_VERSION,
      headline: { resetPaths, resetters, syncedUsersReached, syncedUsers, potential: false },
      findingsBySeverity: { critical, high: 3, medium: 2, low: 1, info: 0 },
      coverageGaps: gaps,
      storedBytes: 4000,
      rawBytes: 20000,
      chunkRows: 1,
    }))
    .reverse();
}

/** Alerts for the day paths grew to 254 (two recipients) and a digest, which the trend does not mark. */
export function trendNotices(): SentNotice[] {
  const summaries = trendSummaries().reverse();
  return [
    { kind: "alert", snapshotId: summaries[10]!.snapshotId, sentAt: "2026-11-20T08:01:00.000Z" },
    { kind: "alert", snapshotId: summaries[10]!.snapshotId, sentAt: "2026-11-20T08:01:01.000Z" },
    { kind: "digest", snapshotId: summaries[12]!.snapshotId, sentAt: "2026-11-22T08:00:00.000Z" },
  ];
}

export function sampleTrend(): Trend {
  return buildTrend(TENANT_ID, trendSummaries(), trendNotices());
}
