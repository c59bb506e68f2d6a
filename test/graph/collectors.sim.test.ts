import type { ReadonlyIdSet } from "../../shared/graph/GuidSet.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";

import { DEMO, mintToken, startGraphSimulator } from "../../sim/graph/index.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import type { BatchRequest, GraphClient, GraphOperationOptions } from "../../shared/graph/GraphClient.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { collectAdministrativeUnits } from "../../shared/graph/collectors/administrativeUnits.js";
import { collectAppPermissions } from "../../shared/graph/collectors/appPermissions.js";
import { collectAuditEvents } from "../../shared/graph/collectors/auditEvents.js";
import { collectAuthorizationPolicy } from "../../shared/graph/collectors/authorizationPolicy.js";
import { collectGroupMembers, PIM_GROUPS_PERMISSION } from "../../shared/graph/collectors/groupMembers.js";
import { collectLicences } from "../../shared/graph/collectors/licences.js";
import { collectOrganization } from "../../shared/graph/collectors/organization.js";
import { collectRoleAssignments } from "../../shared/graph/collectors/roleAssignments.js";
import { collectRoleDefinitions } from "../../shared/graph/collectors/roleDefinitions.js";
import { collectRoleEligibilities } from "../../shared/graph/collectors/roleEligibilities.js";
import { collectSsprRegistration } from "../../shared/graph/collectors/ssprRegistration.js";
import { collectSyncedUsers } from "../../shared/graph/collectors/syncedUsers.js";
import { collectSyncFeatures } from "../../shared/graph/collectors/syncFeatures.js";
import { createSyncedUserLookup, syncedUserLookupFromSet } from "../../shared/graph/syncedUserLookup.js";
import type { Section, SectionName } from "../../shared/snapshot/types.js";
import { graphFor } from "./simulatorClient.js";

type Sim = Awaited<ReturnType<typeof startGraphSimulator>>;
let sim: Sim;
let graph: GraphClient;
const PASSWORD_UPDATE = "microsoft.directory/users/password/update";
const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const ALL_PERMISSIONS = REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission);
const SINCE = new Date(Date.now() - 30 * 86_400_000).toISOString();

beforeAll(async () => {
  sim = await startGraphSimulator({ profile: "demo" });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(async () => {
  await sim.setFaults([]);
  await sim.setGrantedPermissions(ALL_PERMISSIONS);
});

function fresh(maxRetries = 3): GraphClient {
  graph = graphFor(sim.baseUrl, maxRetries);
  return graph;
}

function ok<T>(section: Section<T>): T {
  if (section.status !== "ok") throw new Error(`expected ok, got ${section.reason}: ${section.detail}`);
  return section.data;
}

async function syncedSet(): Promise<ReadonlyIdSet> {
  const { syncedIds } = await collectSyncedUsers(fresh());
  return syncedIds!;
}

describe("collectors against the demo tenant", () => {
  it("syncFeatures keeps the reported flags (writeback reported false, as in real tenants)", async () => {
    const data = ok(await collectSyncFeatures(fresh()));
    expect(data.features.passwordWritebackEnabled).toBe(false);
    expect(typeof data.features.passwordSyncEnabled).toBe("boolean");
  });

  it("organization reads the tenant id and the beta PHS heartbeat", async () => {
    const data = ok(await collectOrganization(fresh()));
    expect(data.id).toBe(DEMO.tenantId);
    expect(data.displayName).toBe("Contoso Demo (writeback-watch)");
    expect(data.onPremisesSyncEnabled).toBe(true);
  });

  it("authorizationPolicy reads the administrators' SSPR switch", async () => {
    const data = ok(await collectAuthorizationPolicy(fresh()));
    expect(typeof data.allowedToUseSSPR).toBe("boolean");
  });

  it("licences finds P1 and P2", async () => {
    expect(ok(await collectLicences(fresh()))).toMatchObject({ p1: true, p2: true, premiumSkus: ["AAD_PREMIUM_P2"] });
  });

  it("roleDefinitions include the custom role (user actions, no password reset: custom roles cannot hold one)", async () => {
    const { definitions } = ok(await collectRoleDefinitions(fresh()));
    const custom = definitions.find((d) => d.id === DEMO.customRoleId);
    expect(custom).toMatchObject({ isBuiltIn: false, displayName: "Helpdesk - Password Policies" });
    expect(custom!.allowedResourceActions).toContain("microsoft.directory/users/passwordPolicies/update");
    expect(custom!.allowedResourceActions).not.toContain(PASSWORD_UPDATE);
    expect(definitions.find((d) => d.templateId === HELPDESK)?.allowedResourceActions).toContain(PASSWORD_UPDATE);
  });

  it("roleAssignments carry principals with their sync flag", async () => {
    const set = await syncedSet();
    const data = ok(await collectRoleAssignments(fresh(), { syncedUsers: syncedUserLookupFromSet(set) }));
    expect(data.assignments).toHaveLength(DEMO.expected.activeRoleAssignments);
    expect(data.principals[DEMO.helpdeskSyncedUserId]).toMatchObject({
      type: "user",
      displayName: "Hank Helpdesk",
      onPremisesSyncEnabled: true,
    });
    expect(data.principals[DEMO.syncedGlobalAdminId]?.onPremisesSyncEnabled).toBe(true);
    expect(data.principals[DEMO.cloudGlobalAdminId]?.onPremisesSyncEnabled).not.toBe(true);
    expect(data.principals[DEMO.roleAssignableGroupId]?.type).toBe("group");
    expect(data.principals[DEMO.hrAppSpId]).toMatchObject({ type: "servicePrincipal", appId: DEMO.hrAppId });
    expect(data.assignments.find((a) => a.principalId === DEMO.auScopedAdminId)?.directoryScopeId).toBe(
      `/administrativeUnits/${DEMO.branchAuId}`,
    );
    // Hostile display names pass through untouched (escaping is the renderer's job).
    expect(data.principals[DEMO.auScopedAdminId]?.displayName).toBe(`Pat "<b>AU</b>" Password`);
  });

  it("roleAssignments take the sync flag from the synced set when there is one", async () => {
    // A set that (wrongly) says the cloud GA is synced proves the set, not the payload, decides.
    const data = ok(
      await collectRoleAssignments(fresh(), {
        syncedUsers: syncedUserLookupFromSet(new Set([DEMO.cloudGlobalAdminId])),
      }),
    );
    expect(data.principals[DEMO.cloudGlobalAdminId]?.onPremisesSyncEnabled).toBe(true);
    expect(data.principals[DEMO.helpdeskSyncedUserId]?.onPremisesSyncEnabled).toBe(false);
  });

  it("roleAssignments look up, batched, what the default-only expanded principals lack", async () => {
    const inner = fresh();
    const lookedUp: string[] = [];
    const watched: GraphClient = {
      ...inner,
      batch: <T>(requests: readonly BatchRequest[], options?: GraphOperationOptions) => {
        lookedUp.push(...requests.map((r) => r.url));
        return inner.batch<T>(requests, options);
      },
    };
    const data = ok(await collectRoleAssignments(watched, { syncedUsers: createSyncedUserLookup(watched, null) }));
    expect(data.principals[DEMO.helpdeskSyncedUserId]).toMatchObject({
      onPremisesSyncEnabled: true,
      userPrincipalName: expect.stringContaining("@") as unknown as string,
    });
    expect(data.principals[DEMO.cloudUserAdminId]?.onPremisesSyncEnabled).toBe(false);
    expect(data.principals[DEMO.hrAppSpId]).toMatchObject({ appId: DEMO.hrAppId });
    expect(data.principals[DEMO.roleAssignableGroupId]?.displayName).toEqual(expect.any(String));
    const principals = Object.values(data.principals).filter((p) => p.type !== "unknown");
    expect(lookedUp).toHaveLength(principals.length);
  });

  it("roleEligibilities list the PIM-eligible admins with their schedule", async () => {
    const set = await syncedSet();
    const data = ok(await collectRoleEligibilities(fresh(), { syncedUsers: syncedUserLookupFromSet(set) }));
    expect(data.assignments).toHaveLength(DEMO.expected.roleEligibilities);
    const priya = data.assignments.find((a) => a.principalId === DEMO.pimEligiblePaaUserId)!;
    expect(priya.endDateTime).toBeNull();
    expect(typeof priya.startDateTime).toBe("string");
    expect(data.principals[DEMO.pimEligibleAuthAdminUserId]?.onPremisesSyncEnabled).toBe(true);
  });

  it("groupMembers expands role-assignable groups transitively", async () => {
    const set = await syncedSet();
    const { groups } = ok(await collectGroupMembers(fresh(), { syncedUsers: syncedUserLookupFromSet(set) }));
    expect(Object.keys(groups)).toEqual([DEMO.roleAssignableGroupId]);
    const group = groups[DEMO.roleAssignableGroupId]!;
    expect(group.displayName).toBe(`Tier1 "User Admins" (role-assignable)`);
    expect(group.members).toHaveLength(DEMO.expected.roleAssignableGroupTransitiveMembers);
    const users = group.members.filter((m) => m.type === "user");
    expect(users).toHaveLength(DEMO.expected.roleAssignableGroupUsers);
    expect(users.filter((m) => m.onPremisesSyncEnabled === true)).toHaveLength(
      DEMO.expected.roleAssignableGroupSyncedUsers,
    );
    expect(group.members.every((m) => m.type === "user")).toBe(true);
  });

  it("groupMembers collects owners and PIM-for-Groups eligible members of role-assignable groups", async () => {
    const set = await syncedSet();
    const data = ok(await collectGroupMembers(fresh(), { syncedUsers: syncedUserLookupFromSet(set) }));
    const group = data.groups[DEMO.roleAssignableGroupId]!;
    expect(group.owners).toHaveLength(DEMO.expected.roleAssignableGroupOwners);
    expect(group.owners![0]).toMatchObject({
      id: DEMO.roleAssignableGroupOwnerId,
      type: "user",
      onPremisesSyncEnabled: true,
    });
    // The owner is not a member: owning does not hand over the group's roles.
    expect(group.members.map((m) => m.id)).not.toContain(DEMO.roleAssignableGroupOwnerId);
    expect(group.eligibleMembers).toHaveLength(DEMO.expected.roleAssignableGroupEligibleMembers);
    expect(group.eligibleMembers![0]).toMatchObject({
      id: DEMO.roleAssignableGroupEligibleMemberId,
      type: "user",
      onPremisesSyncEnabled: true,
    });
    expect(group.eligibleMembers![0]!.userPrincipalName).toMatch(/^ravi@/);
    expect(group.members.map((m) => m.id)).not.toContain(DEMO.roleAssignableGroupEligibleMemberId);
    expect(data.eligibleMembersUnavailable).toBeUndefined();
  });

  it("groupMembers stays ok without the PIM-for-Groups permission and says eligibilities are unknown", async () => {
    const token = mintToken({ roles: ALL_PERMISSIONS.filter((p) => p !== PIM_GROUPS_PERMISSION), idtyp: "app" });
    const data = ok(
      await collectGroupMembers(graphFor(sim.baseUrl, 3, token), {
        syncedUsers: syncedUserLookupFromSet(await syncedSet()),
      }),
    );
    const group = data.groups[DEMO.roleAssignableGroupId]!;
    expect(group.members).toHaveLength(DEMO.expected.roleAssignableGroupTransitiveMembers);
    expect(group.owners).toHaveLength(DEMO.expected.roleAssignableGroupOwners);
    expect(group.eligibleMembers).toBeUndefined();
    expect(data.eligibleMembersUnavailable).toMatchObject({
      reason: "forbidden",
      missingPermission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    });
    expect(data.eligibleMembersUnavailable!.detail).toContain("PrivilegedEligibilitySchedule.Read.AzureADGroup");
  });

  it("groupMembers treats a 403 on the PIM-for-Groups route as eligibilities unknown, members still collected", async () => {
    await sim.setFaults([
      {
        match: { path: "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances" },
        effect: { type: "status", status: 403 },
      },
    ]);
    const data = ok(await collectGroupMembers(fresh(), { syncedUsers: syncedUserLookupFromSet(new Set()) }));
    expect(data.groups[DEMO.roleAssignableGroupId]!.members).toHaveLength(
      DEMO.expected.roleAssignableGroupTransitiveMembers,
    );
    expect(data.groups[DEMO.roleAssignableGroupId]!.eligibleMembers).toBeUndefined();
    expect(data.eligibleMembersUnavailable?.reason).toBe("forbidden");
  });

  it("groupMembers follows nextLinks when pages are cut short", async () => {
    await sim.setFaults([{ match: { section: "groupMembers" }, effect: { type: "truncate", keep: 1 } }]);
    const { groups } = ok(await collectGroupMembers(fresh(), { syncedUsers: syncedUserLookupFromSet(new Set()) }));
    expect(groups[DEMO.roleAssignableGroupId]!.members).toHaveLength(
      DEMO.expected.roleAssignableGroupTransitiveMembers,
    );
  });

  it("administrativeUnits counts synced members of scoping and restricted AUs", async () => {
    const set = await syncedSet();
    const lookup = syncedUserLookupFromSet(set);
    const active = ok(await collectRoleAssignments(fresh(), { syncedUsers: lookup }));
    const protectedIds = Object.values(active.principals)
      .filter((p) => p.onPremisesSyncEnabled === true)
      .map((p) => p.id);
    const data = ok(
      await collectAdministrativeUnits(fresh(), {
        assignments: active.assignments,
        protectedSyncedUserIds: protectedIds,
      }),
    );
    expect(Object.keys(data.units).sort()).toEqual([DEMO.branchAuId, DEMO.restrictedAuId].sort());
    expect(data.units[DEMO.branchAuId]).toMatchObject({
      isMemberManagementRestricted: false,
      syncedMemberCount: DEMO.expected.branchAuSyncedMembers,
      memberUserIds: [],
    });
    expect(data.units[DEMO.branchAuId]!.sampleUserPrincipalNames.length).toBeGreaterThan(0);
    const restricted = data.units[DEMO.restrictedAuId]!;
    expect(restricted).toMatchObject({
      isMemberManagementRestricted: true,
      syncedMemberCount: DEMO.expected.restrictedAuSyncedMembers,
    });
    expect(restricted.memberUserIds).toHaveLength(DEMO.expected.restrictedAuMembers);
    expect(Object.keys(data.memberships).sort()).toEqual([...protectedIds].sort());
  });

  it("appPermissions finds the app holding a password-write permission, not the read-only one", async () => {
    const { grants } = ok(await collectAppPermissions(fresh()));
    expect(grants).toEqual([
      {
        servicePrincipalId: DEMO.hrAppSpId,
        displayName: "HR Sync Connector",
        appId: DEMO.hrAppId,
        appRoleId: DEMO.userPasswordProfileAppRoleId,
        permission: "User-PasswordProfile.ReadWrite.All",
      },
    ]);
  });

  it("syncedUsers counts synced users and the tenant total", async () => {
    const result = await collectSyncedUsers(fresh());
    expect(ok(result.section)).toMatchObject({ count: DEMO.expected.syncedUsers, totalUsers: DEMO.expected.users });
    expect(result.syncedIds?.has(DEMO.helpdeskSyncedUserId)).toBe(true);
    expect(result.syncedIds?.has(DEMO.cloudGlobalAdminId)).toBe(false);
  });

  it("ssprRegistration folds SSPR-enabled synced users into counts", async () => {
    const set = await syncedSet();
    expect(ok(await collectSsprRegistration(fresh(), { syncedIds: set }))).toEqual({
      syncedSsprEnabled: DEMO.expected.ssprEnabledSyncedUsers,
      syncedSsprRegistered: DEMO.expected.ssprRegisteredSsprEnabledSyncedUsers,
      totalSsprEnabled: DEMO.expected.ssprEnabledUsers,
    });
  });

  it("ssprRegistration is a dependency failure without the synced set", async () => {
    expect(await collectSsprRegistration(fresh(), { syncedIds: null })).toMatchObject({
      status: "unknown",
      reason: "dependency",
    });
  });

  it("auditEvents keeps writeback toggles and resets of synced users only", async () => {
    const set = await syncedSet();
    const data = ok(await collectAuditEvents(fresh(), { since: SINCE, syncedUsers: syncedUserLookupFromSet(set) }));
    expect(data.toggles.map((t) => [t.id, t.activity])).toEqual([
      [DEMO.auditDisableWritebackId, "disable"],
      [DEMO.auditEnableWritebackId, "enable"],
    ]);
    expect(data.lastToggle?.id).toBe(DEMO.auditEnableWritebackId);
    const targets = new Set(data.syncedUserResets.map((r) => r.targetUserId));
    for (const id of DEMO.resetSyncedUserIds) expect(targets.has(id)).toBe(true);
    expect(targets.has(DEMO.users.vic!)).toBe(false); // a cloud-only user's reset proves nothing
    expect(data.syncedUserResets.every((r) => set.has(r.targetUserId!))).toBe(true);
    expect(data.lastSyncedUserReset?.targetUserId).toBe(DEMO.users.ben);
  });

  it("auditEvents keeps carried evidence when it is newer, and drops events before `since`", async () => {
    const set = await syncedSet();
    const carried = {
      lastToggle: {
        id: "old",
        activity: "disable" as const,
        at: new Date(Date.now() + 60_000).toISOString(),
        result: "success",
        initiatedBy: {},
      },
      lastSyncedUserReset: null,
    };
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const data = ok(await collectAuditEvents(fresh(), { since, syncedUsers: syncedUserLookupFromSet(set), carried }));
    expect(data.toggles).toEqual([]); // both toggles are older than a week
    expect(data.lastToggle?.id).toBe("old");
    expect(data.syncedUserResets.length).toBeGreaterThan(0);
  });
});

describe("failures against the demo tenant", () => {
  it("waits out 429s with Retry-After and then succeeds", async () => {
    await sim.setFaults([
      {
        match: { section: "syncedUsers", path: "/users" },
        effect: { type: "status", status: 429, retryAfterSeconds: 2 },
        when: { first: 2 },
      },
    ]);
    const g = fresh();
    const result = await collectSyncedUsers(g);
    expect(ok(result.section).count).toBe(DEMO.expected.syncedUsers);
    expect(g.stats().retries).toBe(2);
  });

  it("retries a throttled item inside a batch and marks a section throttled when retries run out", async () => {
    await sim.setFaults([
      { match: { section: "roleDefinitions" }, effect: { type: "status", status: 503, retryAfterSeconds: 1 } },
    ]);
    const snapshot = await collectSnapshot(fresh(2), { declaredWriteback: "unset", auditSince: SINCE });
    expect(snapshot.sections.roleDefinitions).toMatchObject({ status: "unknown", reason: "throttled" });
    expect(snapshot.sections.organization.status).toBe("ok");
    expect(snapshot.stats!.retries).toBeGreaterThanOrEqual(2);
  });

  // Tested on their own below: PIM for Groups degrades part of groupMembers, Member.Read.Hidden only
  // matters for hidden units, and onPremisesSynchronization refuses app-only tokens whatever they hold.
  const SEPARATE = new Set([PIM_GROUPS_PERMISSION, "Member.Read.Hidden", "OnPremDirectorySynchronization.Read.All"]);
  it.each(
    REQUIRED_GRAPH_PERMISSIONS.filter((p) => !SEPARATE.has(p.permission)).map((p) => [p.permission, p.usedBy] as const),
  )("a token without %s: the sections using it are unknown (forbidden) and name it", async (permission, usedBy) => {
    // Directory.Read.All (needed by directoryAudits) is a documented alternative for most reads, and
    // RoleManagement.Read.Directory also reads eligibilities: withhold them too.
    const withheld = [permission, "Directory.Read.All"];
    if (permission === "RoleEligibilitySchedule.Read.Directory") withheld.push("RoleManagement.Read.Directory");
    const token = mintToken({ roles: ALL_PERMISSIONS.filter((p) => !withheld.includes(p)), idtyp: "app" });
    const snapshot = await collectSnapshot(graphFor(sim.baseUrl, 3, token), {
      declaredWriteback: "unset",
      auditSince: SINCE,
    });
    const sections = usedBy.filter((s): s is SectionName => s in snapshot.sections);
    expect(sections.length).toBeGreaterThan(0);
    for (const name of sections) {
      const section = snapshot.sections[name];
      if (section.status === "unknown" && section.reason === "dependency") continue; // e.g. SSPR when synced users failed
      expect(section, name).toMatchObject({ status: "unknown", reason: "forbidden" });
      expect(section.status === "unknown" && section.missingPermission, name).toContain(permission);
    }
  });

  it("a token holding the documented permission: a 403 does not tell the operator to grant it", async () => {
    await sim.setFaults([{ match: { section: "authorizationPolicy" }, effect: { type: "status", status: 403 } }]);
    const token = mintToken({ roles: ALL_PERMISSIONS, idtyp: "app" });
    const snapshot = await collectSnapshot(graphFor(sim.baseUrl, 3, token), {
      declaredWriteback: "unset",
      auditSince: SINCE,
    });
    const section = snapshot.sections.authorizationPolicy;
    expect(section).toMatchObject({ status: "unknown", reason: "forbidden" });
    expect(section.status === "unknown" && section.missingPermission).toBeUndefined();
    expect(section.status === "unknown" && section.detail).toContain("although the token holds Policy.Read.All");
  });

  it("onPremisesSynchronization refuses app-only tokens: the documented limit, not a permission to grant", async () => {
    const token = mintToken({ roles: ALL_PERMISSIONS, idtyp: "app" });
    const section = await collectSyncFeatures(graphFor(sim.baseUrl, 3, token));
    expect(section).toMatchObject({ status: "unknown", reason: "forbidden" });
    expect(section.status === "unknown" && section.missingPermission).toBeUndefined();
    expect(section.status === "unknown" && section.detail).toMatch(/application permissions as not supported/);
  });

  it("a token the audit cannot read: the section's permission is named as needed, not as missing", async () => {
    await sim.setGrantedPermissions(ALL_PERMISSIONS.filter((p) => p !== "Policy.Read.All"));
    const section = await collectAuthorizationPolicy(fresh());
    expect(section).toMatchObject({ status: "unknown", reason: "forbidden" });
    expect(section.status === "unknown" && section.missingPermission).toBeUndefined();
    expect(section.status === "unknown" && section.detail).toContain("Policy.Read.All");
  });

  it(`without ${PIM_GROUPS_PERMISSION} groupMembers stays ok and names it for the eligibilities only`, async () => {
    const token = mintToken({ roles: ALL_PERMISSIONS.filter((p) => p !== PIM_GROUPS_PERMISSION), idtyp: "app" });
    const snapshot = await collectSnapshot(graphFor(sim.baseUrl, 3, token), {
      declaredWriteback: "unset",
      auditSince: SINCE,
    });
    const data = ok(snapshot.sections.groupMembers);
    expect(data.groups[DEMO.roleAssignableGroupId]!.owners).toHaveLength(DEMO.expected.roleAssignableGroupOwners);
    expect(data.groups[DEMO.roleAssignableGroupId]!.eligibleMembers).toBeUndefined();
    expect(data.eligibleMembersUnavailable).toMatchObject({
      reason: "forbidden",
      missingPermission: PIM_GROUPS_PERMISSION,
    });
  });

  it("AU memberships of protected users come from the units' member lists, never a per-user memberOf", async () => {
    const inner = fresh();
    const urls: string[] = [];
    const watched: GraphClient = {
      ...inner,
      pages: <T>(path: string, options?: GraphOperationOptions) => (urls.push(path), inner.pages<T>(path, options)),
      batch: <T>(requests: readonly BatchRequest[], options?: GraphOperationOptions) => {
        urls.push(...requests.map((r) => r.url));
        return inner.batch<T>(requests, options);
      },
    };
    // A protected user (a synced role holder) in the scoping unit.
    const branch = sim.tenant.administrativeUnits.get(DEMO.branchAuId)!;
    branch.members.push(DEMO.helpdeskSyncedUserId);
    onTestFinished(() => void branch.members.splice(branch.members.indexOf(DEMO.helpdeskSyncedUserId), 1));
    const snapshot = await collectSnapshot(watched, { declaredWriteback: "unset", auditSince: SINCE });
    const { units, memberships } = ok(snapshot.sections.administrativeUnits);
    expect(memberships[DEMO.helpdeskSyncedUserId]).toEqual([DEMO.branchAuId]);
    expect(urls.filter((u) => /memberOf/i.test(u))).toEqual([]);
    const expected = Object.fromEntries(
      Object.keys(memberships).map((userId) => [
        userId,
        Object.keys(units)
          .filter((au) => sim.tenant.administrativeUnits.get(au)!.members.includes(userId))
          .sort(),
      ]),
    );
    expect(memberships).toEqual(expected);
  });

  it("a HiddenMembership unit read without Member.Read.Hidden is unknown, not empty", async () => {
    sim.tenant.administrativeUnits.get(DEMO.branchAuId)!.visibility = "HiddenMembership";
    try {
      const assignments = ok(
        await collectRoleAssignments(fresh(), { syncedUsers: syncedUserLookupFromSet(await syncedSet()) }),
      ).assignments;
      const without = mintToken({ roles: ALL_PERMISSIONS.filter((p) => p !== "Member.Read.Hidden"), idtyp: "app" });
      const hidden = ok(
        await collectAdministrativeUnits(graphFor(sim.baseUrl, 3, without), {
          assignments,
          protectedSyncedUserIds: [],
        }),
      ).units[DEMO.branchAuId]!;
      expect(hidden).toMatchObject({ syncedMemberCount: null, hiddenMembershipUnreadable: true });
      const withIt = mintToken({ roles: ALL_PERMISSIONS, idtyp: "app" });
      const shown = ok(
        await collectAdministrativeUnits(graphFor(sim.baseUrl, 3, withIt), { assignments, protectedSyncedUserIds: [] }),
      ).units[DEMO.branchAuId]!;
      expect(shown.syncedMemberCount).toBe(DEMO.expected.branchAuSyncedMembers);
    } finally {
      sim.tenant.administrativeUnits.get(DEMO.branchAuId)!.visibility = null;
    }
  });

  it("an unsupported filter is a failure with Graph's code, never empty data", async () => {
    // A collector whose filter Graph rejects: rewrite the synced-users filter on its way out.
    const inner = fresh();
    const rewrite = (path: string) =>
      path.replace("onPremisesSyncEnabled eq true", "endswith(userPrincipalName,'.example')");
    const broken: GraphClient = {
      ...inner,
      pages: <T>(path: string, options?: GraphOperationOptions) => inner.pages<T>(rewrite(path), options),
      batch: <T>(requests: readonly BatchRequest[], options?: GraphOperationOptions) =>
        inner.batch<T>(
          requests.map((r) => ({ ...r, url: rewrite(r.url) })),
          options,
        ),
    };
    const withGet: GraphClient = {
      ...broken,
      get: <T>(path: string, options?: GraphOperationOptions) => inner.get<T>(rewrite(path), options),
    };
    const result = await collectSyncedUsers(withGet);
    expect(result.section).toMatchObject({ status: "unknown", reason: "error" });
    expect(result.section.status === "unknown" && result.section.detail).toMatch(
      /400|Request_UnsupportedQuery|BadRequest/,
    );
    expect(result.syncedIds).toBeNull();
  });
});

describe("collectSnapshot against the demo tenant", () => {
  it("collects every section, starting with one batch for the independent first requests", async () => {
    const inner = fresh();
    const batches: string[][] = [];
    const spy: GraphClient = {
      ...inner,
      batch: (requests, options) => {
        batches.push(requests.map((r) => r.url));
        return inner.batch(requests, options);
      },
    };
    const snapshot = await collectSnapshot(spy, { declaredWriteback: "on", auditSince: SINCE });
    for (const [name, section] of Object.entries(snapshot.sections)) expect(section.status, name).toBe("ok");
    // The first request of every section that needs nothing from another, the per-user chains' first pages included.
    for (const first of [
      "/organization",
      "/policies/authorizationPolicy",
      "/directory/onPremisesSynchronization",
      "/subscribedSkus",
      "/roleManagement/directory/roleDefinitions",
      "/roleManagement/directory/roleAssignments",
      "/roleManagement/directory/roleEligibilityScheduleInstances",
      "/groups?$filter=isAssignableToRole eq true",
      "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')",
      "/users/$count",
      "/users?$filter=onPremisesSyncEnabled eq true",
      "/reports/authenticationMethods/userRegistrationDetails",
      "/auditLogs/directoryAudits",
      "/directory/administrativeUnits",
    ]) {
      expect(
        batches[0]!.some((u) => u.startsWith(first)),
        first,
      ).toBe(true);
    }
    expect(snapshot.tenantId).toBe(DEMO.tenantId);
    expect(snapshot.id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
    expect(snapshot.declaredWriteback).toBe("on");
    expect(snapshot.stats!.batchedRequests).toBeGreaterThanOrEqual(13);
    expect(snapshot.stats!.requests.organization).toBeGreaterThanOrEqual(1);
    // The synced-user id set is not stored anywhere in the snapshot.
    expect(JSON.stringify(snapshot)).not.toContain(DEMO.users.tara);
    const sections = snapshot.sections;
    expect(ok(sections.syncedUsers).count).toBe(DEMO.expected.syncedUsers);
    expect(ok(sections.roleAssignments).principals[DEMO.syncedGlobalAdminId]?.onPremisesSyncEnabled).toBe(true);
    expect(ok(sections.administrativeUnits).units[DEMO.branchAuId]?.syncedMemberCount).toBe(
      DEMO.expected.branchAuSyncedMembers,
    );
    expect(ok(sections.groupMembers).groups[DEMO.roleAssignableGroupId]?.members).toHaveLength(
      DEMO.expected.roleAssignableGroupTransitiveMembers,
    );
  });

  it("hostile display names come through intact", async () => {
    const snapshot = await collectSnapshot(fresh(), { declaredWriteback: "unset", auditSince: SINCE });
    expect(ok(snapshot.sections.roleAssignments).principals[DEMO.auScopedAdminId]?.displayName).toBe(
      `Pat "<b>AU</b>" Password`,
    );
    expect(ok(snapshot.sections.groupMembers).groups[DEMO.roleAssignableGroupId]?.displayName).toBe(
      `Tier1 "User Admins" (role-assignable)`,
    );
    const members = ok(snapshot.sections.groupMembers).groups[DEMO.roleAssignableGroupId]!.members;
    expect(members.find((m) => m.id === DEMO.users.nora)?.displayName).toBe("Nora Novak");
  });
});

describe("untrusted strings from a mutated demo tenant", () => {
  it("pass through the collectors byte for byte", async () => {
    const own = await startGraphSimulator({ profile: "demo" });
    try {
      const hostileGroup = `'; DROP TABLE x; -- " <img src=x onerror=alert(1)> \u202E ✓`;
      own.mutate.addRoleAssignment(DEMO.users.scripty!, HELPDESK);
      own.mutate.addRoleAssignment(DEMO.users.bob!, HELPDESK);
      own.mutate.addRoleAssignment(DEMO.users.rafi!, HELPDESK);
      own.mutate.setDisplayName(DEMO.roleAssignableGroupId, hostileGroup);
      own.mutate.addPasswordReset(DEMO.users.sara!, DEMO.users.scripty!);
      const snapshot = await collectSnapshot(graphFor(own.baseUrl), { declaredWriteback: "unset", auditSince: SINCE });
      const principals = ok(snapshot.sections.roleAssignments).principals;
      expect(principals[DEMO.users.scripty!]?.displayName).toBe("<script>alert(1)</script>");
      expect(principals[DEMO.users.bob!]?.displayName).toBe(`O'Brien "Bob" Branch`);
      expect(principals[DEMO.users.rafi!]?.displayName).toBe("\u202Eexe.ivaR\u202C Rafi");
      expect(principals[DEMO.roleAssignableGroupId]?.displayName).toBe(hostileGroup);
      expect(ok(snapshot.sections.groupMembers).groups[DEMO.roleAssignableGroupId]?.displayName).toBe(hostileGroup);
      const reset = ok(snapshot.sections.auditEvents).syncedUserResets.find((r) => r.targetUserId === DEMO.users.sara);
      expect(reset?.initiatedBy.displayName).toBe("<script>alert(1)</script>");
    } finally {
      await own.close();
    }
  });
});
