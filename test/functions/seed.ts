/**
 * Hand-built snapshots for the HTTP tests that read stored data: small, complete (every section
 * "ok"), with a hostile display name. The exposure the API returns is recomputed from them by the
 * real model, so the tests compare against computeExposure, never against hard-coded figures.
 */
import {
  SNAPSHOT_SCHEMA_VERSION,
  type Principal,
  type RoleAssignment,
  type Snapshot,
} from "../../shared/snapshot/types.js";
import { computeExposure } from "../../shared/exposure/computeExposure.js";
import type { TableStores } from "../../shared/store/createTableStores.js";

export const SEED_TENANT = "0a0b0c0d-1111-4222-8333-444455556666";
export const HELPDESK_TEMPLATE = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
export const HOSTILE_NAME = `<script>alert("pwn")</script>`;

const helpdesk = {
  id: HELPDESK_TEMPLATE,
  templateId: HELPDESK_TEMPLATE,
  displayName: "Helpdesk Administrator",
  isBuiltIn: true,
  isEnabled: true,
  allowedResourceActions: [
    "microsoft.directory/users/password/update",
    "microsoft.directory/users/invalidateAllRefreshTokens",
  ],
};

function user(id: string, displayName: string, synced: boolean): Principal {
  return {
    id,
    type: "user",
    displayName,
    userPrincipalName: `${id}@contoso.example`,
    onPremisesSyncEnabled: synced,
    accountEnabled: true,
  };
}

/** `resetters` cloud users hold Helpdesk Administrator tenant-wide over `synced` synced users. */
export function seedSnapshot(p: { id: string; takenAt: string; resetters: number; synced?: number }): Snapshot {
  const principals: Record<string, Principal> = {};
  const assignments: RoleAssignment[] = [];
  for (let i = 0; i < p.resetters; i++) {
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
    principals[id] = user(id, i === 0 ? HOSTILE_NAME : `Helpdesk ${i}`, false);
    assignments.push({ id: `assignment-${i}`, principalId: id, roleDefinitionId: helpdesk.id, directoryScopeId: "/" });
  }
  const synced = p.synced ?? 40;
  const ok = <T>(data: T) => ({ status: "ok" as const, data });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: p.id,
    tenantId: SEED_TENANT,
    takenAt: p.takenAt,
    declaredWriteback: "unset",
    sections: {
      syncFeatures: ok({ features: { passwordWritebackEnabled: false } }),
      organization: ok({
        id: SEED_TENANT,
        displayName: "Contoso",
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: p.takenAt,
        onPremisesLastPasswordSyncDateTime: null,
      }),
      authorizationPolicy: ok({ allowedToUseSSPR: true }),
      licences: ok({ p1: true, p2: true, premiumSkus: ["AAD_PREMIUM_P2"] }),
      roleDefinitions: ok({ definitions: [helpdesk] }),
      roleAssignments: ok({ assignments, principals }),
      roleEligibilities: ok({ assignments: [], principals: {} }),
      groupMembers: ok({ groups: {} }),
      administrativeUnits: ok({ units: {}, memberships: {} }),
      appPermissions: ok({ grants: [] }),
      syncedUsers: ok({ count: synced, sampleUserPrincipalNames: ["ada@contoso.example"], totalUsers: synced + 10 }),
      ssprRegistration: ok({ syncedSsprEnabled: 0, syncedSsprRegistered: 0, totalSsprEnabled: 0 }),
      auditEvents: ok({
        since: new Date(Date.parse(p.takenAt) - 3_600_000).toISOString(),
        until: p.takenAt,
        toggles: [],
        syncedUserResets: [],
        lastToggle: null,
        lastSyncedUserReset: null,
      }),
    },
  };
}

/** Snapshot ids as the collector writes them: sortable time + suffix. */
export function seedId(takenAt: string, suffix: string): string {
  return `${takenAt.replace(/[-:.]/g, "")}-${suffix}`;
}

/**
 * Stores one seeded snapshot an hour, the last an hour before `now`, with the given resetter counts, and
 * a successful last run at `now`: what a deployment's tables hold after a few scheduled audits.
 */
export async function storeHourlySnapshots(
  stores: Pick<TableStores, "snapshots" | "state">,
  resetterCounts: number[],
  suffix: string,
  now = Date.now(),
): Promise<void> {
  for (const [i, resetters] of resetterCounts.entries()) {
    const takenAt = new Date(now - (resetterCounts.length - i) * 3_600_000).toISOString();
    const snapshot = seedSnapshot({ id: seedId(takenAt, `${suffix}${i}`), takenAt, resetters });
    await stores.snapshots.saveSnapshot(snapshot, computeExposure(snapshot));
  }
  await stores.state.setLastRun({ tenantId: SEED_TENANT, at: new Date(now).toISOString(), status: "ok" });
}

/** The reset-path keys of a seeded audit with `resetters` resetters, as the model computes them. */
export function seedResetPathKeys(resetters = 3): string[] {
  return computeExposure(seedSnapshot({ id: "keys", takenAt: new Date().toISOString(), resetters }))
    .findings.filter((f) => f.kind === "reset-path")
    .map((f) => f.key);
}
