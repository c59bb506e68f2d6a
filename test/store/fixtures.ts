/** Synthetic snapshots and exposures for the store tests (fake tenant data, hostile strings on purpose). */
import { randomBytes, randomUUID } from "node:crypto";
import type { Exposure } from "../../shared/exposure/types.js";
import {
  SECTION_NAMES,
  SNAPSHOT_SCHEMA_VERSION,
  type Principal,
  type Sections,
  type Snapshot,
} from "../../shared/snapshot/types.js";

export const TENANT = "0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a90";

const HOSTILE = [
  `<script>alert("x")</script>`,
  `'; DROP TABLE snapshots; --`,
  `Robert'); PartitionKey eq 'x`,
  `/\\#?\u0000\u0007\u001f`,
  `ẞ🙂 ${"\u202e"}gnp.exe`,
  `" onmouseover="alert(1)`,
];

export function snapshotId(takenAt: Date): string {
  return `${takenAt.toISOString().replace(/[-:.]/g, "")}-${randomUUID().slice(0, 8)}`;
}

/**
 * A snapshot whose groupMembers section holds `members` users with random (poorly compressible)
 * names, so the stored payload grows with `members`.
 */
export function makeSnapshot(
  opts: { takenAt?: Date; members?: number; id?: string; tenantId?: string; noiseBytes?: number } = {},
): Snapshot {
  const takenAt = opts.takenAt ?? new Date();
  const sections = Object.fromEntries(
    SECTION_NAMES.map((name) => [
      name,
      { status: "unknown", reason: "not-collected", detail: "not collected in this test" },
    ]),
  ) as unknown as Sections;
  const members: Principal[] = [];
  for (let i = 0; i < (opts.members ?? 3); i++) {
    members.push({
      id: randomUUID(),
      type: "user",
      displayName: `${HOSTILE[i % HOSTILE.length]} ${randomBytes(opts.noiseBytes ?? 24).toString("base64")}`,
      userPrincipalName: `${randomBytes(12).toString("hex")}@contoso.example`,
      onPremisesSyncEnabled: i % 3 !== 0,
    });
  }
  const groupId = randomUUID();
  sections.groupMembers = {
    status: "ok",
    data: { groups: { [groupId]: { id: groupId, displayName: HOSTILE[0]!, members } } },
  };
  sections.syncedUsers = {
    status: "ok",
    data: { count: members.length, sampleUserPrincipalNames: [], totalUsers: null },
  };
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: opts.id ?? snapshotId(takenAt),
    tenantId: opts.tenantId ?? TENANT,
    takenAt: takenAt.toISOString(),
    declaredWriteback: "unset",
    sections,
  };
}

export function makeExposure(snapshot: Snapshot): Exposure {
  return {
    tenantId: snapshot.tenantId,
    snapshotId: snapshot.id,
    takenAt: snapshot.takenAt,
    writeback: { state: "unknown", evidence: [] },
    sspr: { adminSspr: null, usersScope: "unknown", ssprEnabledSyncedUsers: null, syncedUsers: null },
    headline: { resetters: 2, syncedUsers: 10, syncedUsersReached: 10, resetPaths: 20, potential: true },
    findings: [
      {
        key: "reset-path:u1:role:/:active",
        kind: "reset-path",
        severity: "high",
        title: HOSTILE[0]!,
        scope: "/",
        reach: { syncedUsers: 10 },
      },
      {
        key: "writeback",
        kind: "writeback",
        severity: "critical",
        title: "Writeback unknown",
        scope: "tenant",
        reach: { syncedUsers: null },
      },
    ],
    coverage: [],
  };
}
