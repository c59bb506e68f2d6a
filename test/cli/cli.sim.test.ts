/**
 * The CLI against the demo tenant simulator over real HTTP: the JSON output contract, exit codes,
 * every story element with its reach and severity, hostile display names intact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { mintToken, DEMO, ROLE, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import type { Exposure, Finding } from "../../shared/exposure/types.js";
import { root, runCli, runMain, runOf, type Run } from "./run.js";

let sim: GraphSimulator;
let exposure: Exposure;
let jsonRun: Run;

beforeAll(async () => {
  sim = await startGraphSimulator({ profile: "demo" });
  jsonRun = await runCli(["audit", "--json", "--graph-url", sim.baseUrl], { GRAPH_ACCESS_TOKEN: "fake" });
  exposure = JSON.parse(jsonRun.stdout) as Exposure;
});

afterAll(async () => {
  await sim?.close();
});

const byKey = (key: string): Finding => {
  const f = exposure.findings.find((x) => x.key === key);
  if (!f) throw new Error(`missing finding ${key}`);
  return f;
};
const pathKey = (principal: string, role: string, opts: { scope?: string; eligible?: boolean; via?: string } = {}) =>
  `reset-path:${principal}:${role}:${opts.scope ?? "/"}:${opts.eligible ? "eligible" : "active"}${opts.via ? `:via:${opts.via}` : ""}`;

// Synced users the matrix protects in the demo: Gary (GA), Hank (Helpdesk), Rita and Nora (members
// of the role-assignable group), Quinn (its owner), plus the restricted AU's synced members.
const SYNCED = DEMO.expected.syncedUsers;
const RESTRICTED = DEMO.expected.restrictedAuSyncedMembers;

describe("writeback-watch audit --json against the demo tenant", () => {
  it("exits 0 and prints the output contract: the exposure, in a versioned document with its snapshot", () => {
    expect(jsonRun.code).toBe(0);
    const doc = JSON.parse(jsonRun.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ format: "writeback-watch.audit", formatVersion: 1 });
    expect(doc.snapshot).toMatchObject({ schemaVersion: 1, tenantId: DEMO.tenantId, id: exposure.snapshotId });
    // No progress line and nothing else on stderr with --json.
    expect(jsonRun.stderr).toBe("");
    expect(exposure.tenantId).toBe(DEMO.tenantId);
    expect(typeof exposure.takenAt).toBe("string");
    expect(exposure.coverage).toHaveLength(13);
    expect(exposure.coverage.every((c) => c.status === "ok")).toBe(true);
    for (const f of exposure.findings) {
      expect(f).toEqual(
        expect.objectContaining({
          key: expect.any(String),
          kind: expect.any(String),
          severity: expect.any(String),
          scope: expect.any(String),
        }),
      );
      expect(f.reach).toHaveProperty("syncedUsers");
    }
  });

  it("writeback is on, proved by the audit log while the reported flag says false", () => {
    expect(exposure.writeback.state).toBe("on");
    const decisive = exposure.writeback.evidence.find((e) => e.decisive);
    expect(["audit-reset", "audit-toggle"]).toContain(decisive?.source);
    expect(exposure.writeback.evidence.find((e) => e.source === "reported-flag")?.indicates).toBe("none");
    expect(byKey("writeback").severity).toBe("high");
  });

  it("SSPR: administrators' switch separate from the users' scope (pilot group of synced users)", () => {
    expect(exposure.sspr).toMatchObject({
      adminSspr: true,
      usersScope: "selected",
      ssprEnabledSyncedUsers: DEMO.expected.ssprEnabledSyncedUsers,
    });
  });

  it("the synced Helpdesk Administrator: critical, protected targets excluded from reach", () => {
    const f = byKey(pathKey(DEMO.helpdeskSyncedUserId, ROLE.helpdeskAdministrator));
    expect(f.severity).toBe("critical");
    expect(f.principal).toMatchObject({ type: "user", synced: true, displayName: "Hank Helpdesk" });
    // minus Gary, Rita, Nora, Quinn, the restricted AU's members, and Hank himself. Quinn (owner of the
    // role-assignable group) counts since owners became protected targets; before that this was SYNCED - 4 - RESTRICTED.
    expect(f.reach.syncedUsers).toBe(SYNCED - 5 - RESTRICTED);
    for (const upn of f.reach.sample ?? []) expect(upn).not.toMatch(/^(gary|rita|nora|quinn|erin|eli|hank)@/);
  });

  it("the PIM-eligible Privileged Authentication Administrator reaches everyone but restricted-AU members, one step below critical", () => {
    const f = byKey(pathKey(DEMO.pimEligiblePaaUserId, ROLE.privilegedAuthenticationAdministrator, { eligible: true }));
    // Tenant-scoped PAA (like GA) cannot modify members of a restricted-management AU: only admins
    // assigned at that AU's scope can (entra-docs admin-units-restricted-management.md, "Who can modify
    // objects?"). Before that rule was applied this expected SYNCED.
    expect(f).toMatchObject({ assignment: "eligible", severity: "high", reach: { syncedUsers: SYNCED - RESTRICTED } });
  });

  it("the role-assignable group holding User Administrator: a path per member, via the group", () => {
    const rita = byKey(pathKey(DEMO.users.rita!, ROLE.userAdministrator, { via: DEMO.roleAssignableGroupId }));
    const nora = byKey(pathKey(DEMO.users.nora!, ROLE.userAdministrator, { via: DEMO.roleAssignableGroupId }));
    const wen = byKey(pathKey(DEMO.users.wen!, ROLE.userAdministrator, { via: DEMO.roleAssignableGroupId }));
    expect(rita.via).toMatchObject({ kind: "group", id: DEMO.roleAssignableGroupId });
    // User Admin cannot reset Gary (GA), the group's members and owner (Quinn; owners protected since
    // the owners change, was SYNCED - 3 - RESTRICTED), or restricted-AU members; can reset Hank.
    expect(wen.reach.syncedUsers).toBe(SYNCED - 4 - RESTRICTED);
    expect([rita.severity, nora.severity, wen.severity]).toEqual(["critical", "critical", "high"]);
    expect(exposure.findings.some((f) => f.key.startsWith(`reset-path:${DEMO.roleAssignableGroupOwnerId}:`))).toBe(
      false,
    );
  });

  it("the PIM-for-Groups eligible member of the role-assignable group: an eligible path via the group", () => {
    const ravi = byKey(
      pathKey(DEMO.roleAssignableGroupEligibleMemberId, ROLE.userAdministrator, {
        eligible: true,
        via: DEMO.roleAssignableGroupId,
      }),
    );
    expect(ravi).toMatchObject({ assignment: "eligible", via: { kind: "group", id: DEMO.roleAssignableGroupId } });
    // Synced resetter (critical when active), one step lower for eligibility; reach as Wen's minus Ravi himself.
    expect(ravi).toMatchObject({ severity: "high", reach: { syncedUsers: SYNCED - 5 - RESTRICTED } });
  });

  // admin-units-assign-roles.md: AU-scoped Password and Helpdesk Administrators reset the unit's
  // users "only if those users don't have administrator roles" — Bea (Guest Inviter) is out of reach,
  // though the tenant-wide table lets both roles reset a Guest Inviter.
  it("the AU-scoped Password and Helpdesk Administrators reach the AU's synced members without admin roles only", () => {
    const scope = `/administrativeUnits/${DEMO.branchAuId}`;
    const pat = byKey(pathKey(DEMO.auScopedAdminId, ROLE.passwordAdministrator, { scope }));
    expect(pat).toMatchObject({ severity: "medium", reach: { syncedUsers: DEMO.expected.branchAuSyncedMembers - 1 } });
    expect(pat.scopeDisplayName).toBe("Branch Office – Leeds");
    expect(pat.reach.sample).not.toContain("bea@contoso-demo.example");
    const cora = byKey(pathKey(DEMO.customRoleHolderId, ROLE.helpdeskAdministrator, { scope }));
    expect(cora.reach.syncedUsers).toBe(DEMO.expected.branchAuSyncedMembers - 1);
  });

  it("the custom role holds user actions but no password reset (custom-user-permissions.md offers none): no path", () => {
    expect(exposure.findings.some((f) => f.key === pathKey(DEMO.customRoleHolderId, DEMO.customRoleId))).toBe(false);
  });

  it("the application with a password-write permission and User Administrator can reset app-only", () => {
    const f = byKey(`app-permission:${DEMO.hrAppSpId}:User-PasswordProfile.ReadWrite.All`);
    // Was SYNCED - 3 - RESTRICTED before the role-assignable group's owner (Quinn) became a protected target.
    expect(f).toMatchObject({ severity: "high", reach: { syncedUsers: SYNCED - 4 - RESTRICTED } });
    expect(exposure.findings.some((x) => x.key.startsWith(`app-permission:${DEMO.reportingAppSpId}:`))).toBe(false);
  });

  it("the synced Global Administrator and the audit-log resets are reported", () => {
    expect(byKey(`synced-privileged:${DEMO.syncedGlobalAdminId}:${ROLE.globalAdministrator}`).severity).toBe(
      "critical",
    );
    expect(byKey(pathKey(DEMO.syncedGlobalAdminId, ROLE.globalAdministrator)).severity).toBe("critical");
    const resets = byKey("synced-reset");
    expect(resets.reach.sample).toEqual(
      expect.arrayContaining(["ben@contoso-demo.example", "zoe@contoso-demo.example"]),
    );
    // Ben's reset is logged by both services and counted once; Lena's is Core Directory only (not
    // written back); Kai's password change was the sync engine's.
    expect(resets.detail).toMatchObject({ count: 4, throughResetService: 3, coreDirectoryOnly: 1 });
    expect(resets.reach.sample).toContain("lena@contoso-demo.example");
    expect(resets.reach.sample).not.toContain("kai@contoso-demo.example");
  });

  it("headline: distinct resetters and synced users; actual (not potential) with writeback on", () => {
    expect(exposure.headline).toMatchObject({ syncedUsers: SYNCED, potential: false });
    const paths = exposure.findings.filter((f) => f.kind === "reset-path" && (f.reach.syncedUsers ?? 0) > 0);
    expect(exposure.headline.resetters).toBe(new Set(paths.map((f) => f.principal!.id)).size);
    expect(exposure.headline.resetPaths).toBeGreaterThanOrEqual(Math.max(...paths.map((f) => f.reach.syncedUsers!)));
  });

  it("hostile display names pass through the JSON intact", () => {
    const pat = byKey(
      pathKey(DEMO.auScopedAdminId, ROLE.passwordAdministrator, { scope: `/administrativeUnits/${DEMO.branchAuId}` }),
    );
    expect(pat.principal?.displayName).toBe(`Pat "<b>AU</b>" Password`);
    const rita = byKey(pathKey(DEMO.users.rita!, ROLE.userAdministrator, { via: DEMO.roleAssignableGroupId }));
    expect(rita.via?.displayName).toBe(`Tier1 "User Admins" (role-assignable)`);
  });
});

describe("exit codes and messages", () => {
  it("bad arguments: one message on stderr, exit 2", async () => {
    const r = await runCli(["audit", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/Unknown option '--bogus'/);
  });

  it("bad settings: every problem named, exit 2", async () => {
    const r = await runMain(["audit", "--graph-url", "not a url"], {
      WRITEBACK_DECLARED: "maybe",
      GRAPH_ACCESS_TOKEN: "fake",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GRAPH_BASE_URL/);
    expect(r.stderr).toMatch(/WRITEBACK_DECLARED/);
    expect((await runMain(["audit"], { TENANT_ID: "not-a-guid" })).code).toBe(2);
    expect((await runMain(["frobnicate"])).code).toBe(2);
  });

  it("Graph unreachable: exit 1, token never printed", async () => {
    const closed = await startGraphSimulator({ profile: "demo" });
    const url = closed.baseUrl;
    await closed.close();
    const r = await runMain(["audit", "--graph-url", url], {
      GRAPH_ACCESS_TOKEN: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4eHh4eHh4eCJ9.sig-secret",
      GRAPH_MAX_RETRIES: "0",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not read any section/);
    expect(r.stderr).not.toContain("sig-secret");
  });

  it(
    "Graph unreachable with the default retries: one clear message at once, no retry waits",
    async () => {
      const closed = await startGraphSimulator({ profile: "demo" });
      const url = closed.baseUrl;
      await closed.close();
      const r = await runMain(["audit", "--graph-url", url], { GRAPH_ACCESS_TOKEN: "fake-token" });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^writeback-watch: could not read any section from ${url} \\(error: Could not reach Graph .*ECONNREFUSED`,
        ),
      );
    },
    // A guard, not a measurement: with retries (1 + 2 + 4 + 8 + 16 s of backoff) this took 55 s.
    15_000,
  );

  it("a GRAPH_ACCESS_TOKEN with a line break inside is refused, and no piece of it is printed", async () => {
    const r = await runMain(["audit", "--graph-url", sim.baseUrl], {
      GRAPH_ACCESS_TOKEN: "fake-token-head\nfake-token-tail-after-break",
      GRAPH_MAX_RETRIES: "0",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GRAPH_ACCESS_TOKEN has a space or line break inside/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/fake-token-(head|tail)/);
  });

  it("a missing permission: exit 0, section unknown with the permission to grant, figures null", async () => {
    // An app-only token without GroupMember.Read.All (and without Directory.Read.All, which would also do).
    const token = mintToken({
      roles: REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission).filter(
        (p) => p !== "GroupMember.Read.All" && p !== "Directory.Read.All",
      ),
      idtyp: "app",
    });
    const r = await runMain(["audit", "--json", "--graph-url", sim.baseUrl], { GRAPH_ACCESS_TOKEN: token });
    expect(r.code).toBe(0);
    const ex = JSON.parse(r.stdout) as Exposure;
    expect(ex.coverage.find((c) => c.section === "groupMembers")).toMatchObject({
      status: "unknown",
      reason: "forbidden",
      missingPermission: "GroupMember.Read.All",
    });
    expect(ex.headline.resetPaths).toBeNull();
    expect(ex.headline.resetters).toBeNull();
    const text = await runMain(["audit", "--graph-url", sim.baseUrl], { GRAPH_ACCESS_TOKEN: token });
    expect(text.stdout).toMatch(/groupMembers: forbidden.*→ grant GroupMember\.Read\.All/);
  });

  it("the text report: headline, severity groups, coverage", async () => {
    const r = await runMain(["audit", "--graph-url", sim.baseUrl], { GRAPH_ACCESS_TOKEN: "fake" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Reset-to-on-prem paths: \d+$/m);
    expect(r.stdout).toContain("CRITICAL (");
    expect(r.stdout).toContain("Coverage: all 13 sections read.");
    expect(r.stdout).not.toContain("\u202e");
  });
});

describe("entry points", () => {
  it("--tenant reaches the collectors; the demo tenant id comes back", async () => {
    const r = await runMain(["audit", "--json", "--tenant", DEMO.tenantId, "--graph-url", sim.baseUrl], {
      GRAPH_ACCESS_TOKEN: "fake",
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Exposure).tenantId).toBe(DEMO.tenantId);
  });

  it("the bin runs the CLI without a build (tsx fallback)", async () => {
    // A checkout of its own with no dist/: the repository's dist/ may be stale, or half-written by the
    // build that test/functions/registrations.test.ts runs at the same time.
    const checkout = await mkdtemp(path.join(tmpdir(), "ww-bin-"));
    try {
      await mkdir(path.join(checkout, "bin"));
      await copyFile(path.join(root, "bin/writeback-watch.js"), path.join(checkout, "bin/writeback-watch.js"));
      await copyFile(path.join(root, "package.json"), path.join(checkout, "package.json"));
      for (const dir of ["shared", "node_modules"])
        await symlink(path.join(root, dir), path.join(checkout, dir), "dir");
      const r = await runOf(
        spawn(process.execPath, [path.join(checkout, "bin/writeback-watch.js"), "--help"], { cwd: checkout }),
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: writeback-watch <command>/);
      for (const verb of ["audit", "report", "diff", "snapshots", "trend"]) expect(r.stdout).toContain(`  ${verb} `);
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });
});
