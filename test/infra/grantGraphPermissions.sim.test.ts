/**
 * The postprovision hook against the Graph simulator over real HTTP: it grants exactly
 * REQUIRED_GRAPH_PERMISSIONS, nothing twice, and prints the admin commands when Graph says 403.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID, REQUIRED_GRAPH_PERMISSIONS } from "../../shared/graph/permissions.js";
import { adminCommands } from "../../infra/hooks/adminCommands.js";
import { grantGraphPermissions } from "../../infra/hooks/appRoleGrant.js";
import { main } from "../../infra/hooks/grantGraphPermissions.js";
import { DEFAULT_GRANTED_PERMISSIONS, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { repoRoot } from "./bicepText.js";

const REQUIRED = REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission);
const FAKE_TOKEN = "fake-deployer-token";

let sim: GraphSimulator;
let identity: { id: string; appId: string };

beforeAll(async () => {
  sim = await startGraphSimulator({ profile: "demo", timeFactor: 0 });
});
afterAll(async () => {
  await sim?.close();
});

/** A fresh managed identity service principal, as provisioning creates one. */
function addManagedIdentity(): { id: string; appId: string } {
  const mi = { id: randomUUID(), appId: randomUUID() };
  sim.tenant.servicePrincipals.set(mi.id, {
    ...mi,
    displayName: "id-api-test",
    servicePrincipalType: "ManagedIdentity",
    accountEnabled: true,
    appRoles: [],
  });
  return mi;
}

function graphSp() {
  return [...sim.tenant.servicePrincipals.values()].find((sp) => sp.appId === MICROSOFT_GRAPH_APP_ID)!;
}

/** Permission values the simulated tenant says the identity holds on Microsoft Graph. */
function heldBy(principalId: string): string[] {
  const graph = graphSp();
  return sim.tenant.appRoleAssignments
    .filter((a) => a.principalId === principalId && a.resourceId === graph.id)
    .map((a) => graph.appRoles.find((r) => r.id === a.appRoleId)!.value)
    .sort();
}

function posts(): number {
  return Object.entries(sim.stats().perRoute)
    .filter(([route]) => route.startsWith("POST "))
    .reduce((n, [, count]) => n + count, 0);
}

beforeEach(() => {
  identity = addManagedIdentity();
  sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
  sim.setFaults([]);
  sim.resetStats();
});

const options = (extra: Partial<Parameters<typeof grantGraphPermissions>[0]> = {}) => ({
  graphBaseUrl: sim.baseUrl,
  token: FAKE_TOKEN,
  clientId: identity.appId,
  principalId: identity.id,
  retryDelayMs: 10,
  ...extra,
});

describe("grantGraphPermissions against the simulator", () => {
  it("first run grants every required permission, second run grants none", async () => {
    const lines: string[] = [];
    const first = await grantGraphPermissions(options({ log: (l) => lines.push(l) }));
    expect(first.outcome).toBe("granted");
    expect(first.granted.sort()).toEqual([...REQUIRED].sort());
    expect(first.missing).toEqual([]);
    expect(first.adminCommands).toEqual([]);
    expect(heldBy(identity.id)).toEqual([...REQUIRED].sort());
    expect(posts()).toBe(REQUIRED.length);
    expect(lines.filter((l) => l.includes("granted  ")).length).toBe(REQUIRED.length);

    sim.resetStats();
    const second = await grantGraphPermissions(options());
    expect(second.outcome).toBe("unchanged");
    expect(second.granted).toEqual([]);
    expect(second.alreadyGranted.sort()).toEqual([...REQUIRED].sort());
    expect(posts()).toBe(0);
    expect(heldBy(identity.id)).toEqual([...REQUIRED].sort());
  });

  it("adds only what is missing and leaves other grants alone", async () => {
    sim.mutate.grantAppPermission(identity.id, "User.Read.All");
    sim.mutate.grantAppPermission(identity.id, "Policy.Read.All");
    sim.mutate.grantAppPermission(identity.id, "User.ReadWrite.All"); // not ours: neither revoked nor counted
    const result = await grantGraphPermissions(options());
    expect(result.outcome).toBe("granted");
    expect(result.alreadyGranted.sort()).toEqual(["Policy.Read.All", "User.Read.All"]);
    expect(result.granted.sort()).toEqual(
      REQUIRED.filter((p) => p !== "User.Read.All" && p !== "Policy.Read.All").sort(),
    );
    expect(heldBy(identity.id)).toEqual([...REQUIRED, "User.ReadWrite.All"].sort());
  });

  it("finds the identity by its object id alone", async () => {
    const result = await grantGraphPermissions(options({ clientId: undefined }));
    expect(result.outcome).toBe("granted");
    expect(result.managedIdentitySpId).toBe(identity.id);
    expect(heldBy(identity.id)).toEqual([...REQUIRED].sort());
  });

  it("rides out throttling (429 with Retry-After)", async () => {
    sim.setFaults([
      {
        match: { method: "POST", path: "/servicePrincipals/*/appRoleAssignments" },
        effect: { type: "status", status: 429, retryAfterSeconds: 0 },
        when: { first: 2 },
      },
    ]);
    const result = await grantGraphPermissions(options());
    expect(result.outcome).toBe("granted");
    expect(heldBy(identity.id)).toEqual([...REQUIRED].sort());
    expect(sim.stats().faultsInjected).toBe(2);
  });

  it("on 403 grants nothing and returns the admin commands with the resolved ids", async () => {
    sim.setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== "AppRoleAssignment.ReadWrite.All"));
    const result = await grantGraphPermissions(options());
    expect(result.outcome).toBe("forbidden");
    expect(result.error).toMatch(/403/);
    expect(result.missing.sort()).toEqual([...REQUIRED].sort());
    expect(heldBy(identity.id)).toEqual([]);

    const graph = graphSp();
    const text = result.adminCommands.join("\n");
    for (const permission of REQUIRED) {
      const roleId = graph.appRoles.find((r) => r.value === permission)!.id;
      const az = result.adminCommands.find((l) => l.startsWith("az rest") && l.endsWith(`# ${permission}`));
      expect(az, permission).toBeDefined();
      expect(az).toContain(`${sim.baseUrl}/v1.0/servicePrincipals/${identity.id}/appRoleAssignments`);
      expect(az).toContain(JSON.stringify({ principalId: identity.id, resourceId: graph.id, appRoleId: roleId }));
      const ps = result.adminCommands.find(
        (l) => l.startsWith("New-MgServicePrincipalAppRoleAssignment") && l.endsWith(`# ${permission}`),
      );
      expect(ps).toContain(`-ResourceId '${graph.id}' -AppRoleId '${roleId}'`);
    }
    expect(text).toContain("Privileged Role Administrator");
  });

  it("the admin commands, run as an administrator, complete the grant", async () => {
    sim.setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== "AppRoleAssignment.ReadWrite.All"));
    const refused = await grantGraphPermissions(options());
    // Play the administrator: send exactly the bodies the az rest lines carry.
    sim.setGrantedPermissions([...DEFAULT_GRANTED_PERMISSIONS]);
    for (const line of refused.adminCommands.filter((l) => l.startsWith("az rest"))) {
      const uri = /--uri '([^']+)'/.exec(line)![1]!;
      const body = /--body '([^']+)'/.exec(line)![1]!;
      const response = await fetch(uri, {
        method: "POST",
        headers: { Authorization: `Bearer ${FAKE_TOKEN}`, "Content-Type": "application/json" },
        body,
      });
      expect(response.status).toBe(201);
    }
    const check = await grantGraphPermissions(options());
    expect(check.outcome).toBe("unchanged");
    expect(heldBy(identity.id)).toEqual([...REQUIRED].sort());
  });

  it("when even the reads are refused, the PowerShell commands resolve the ids themselves", async () => {
    sim.setGrantedPermissions([]);
    const result = await grantGraphPermissions(options());
    expect(result.outcome).toBe("forbidden");
    expect(result.missing.sort()).toEqual([...REQUIRED].sort());
    expect(result.adminCommands.some((l) => l.startsWith("az rest"))).toBe(false);
    const text = result.adminCommands.join("\n");
    expect(text).toContain(`Get-MgServicePrincipal -Filter "appId eq '${MICROSOFT_GRAPH_APP_ID}'"`);
    for (const permission of REQUIRED) expect(text).toContain(`'${permission}'`);
  });

  it("reports an identity Graph does not know after the bounded lookups", async () => {
    const result = await grantGraphPermissions(
      options({ clientId: randomUUID(), principalId: undefined, lookupAttempts: 3 }),
    );
    expect(result.outcome).toBe("failed");
    expect(result.error).toMatch(/not found in Microsoft Graph after 3 attempts/);
    expect(sim.stats().perRoute["GET /servicePrincipals"]).toBe(3);
  });

  it("refuses ids that are not GUIDs before any request (they end up in OData filters)", async () => {
    await expect(grantGraphPermissions(options({ clientId: "x' or appId ne '" }))).rejects.toThrow(/not a GUID/);
    expect(sim.stats().totalRequests).toBe(0);
  });
});

describe("the hook as azd runs it", () => {
  it("main() exits 0 on 403 and prints the warning and the commands", async () => {
    sim.setGrantedPermissions(DEFAULT_GRANTED_PERMISSIONS.filter((p) => p !== "AppRoleAssignment.ReadWrite.All"));
    const lines: string[] = [];
    const code = await main(
      {
        GRAPH_BASE_URL: sim.baseUrl,
        GRAPH_ACCESS_TOKEN: FAKE_TOKEN,
        MANAGED_IDENTITY_CLIENT_ID: identity.appId,
        MANAGED_IDENTITY_PRINCIPAL_ID: identity.id,
      },
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    expect(lines.join("\n")).toMatch(/WARNING: your account may not grant/);
    expect(lines.filter((l) => l.startsWith("az rest"))).toHaveLength(REQUIRED.length);
  });

  it("main() exits 2 without the provisioning outputs", async () => {
    const lines: string[] = [];
    expect(await main({ GRAPH_BASE_URL: sim.baseUrl, GRAPH_ACCESS_TOKEN: FAKE_TOKEN }, (l) => lines.push(l))).toBe(2);
    expect(lines.join("\n")).toMatch(/MANAGED_IDENTITY_PRINCIPAL_ID or MANAGED_IDENTITY_CLIENT_ID/);
  });

  it("the azure.yaml command runs as a process and grants everything", async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, "node_modules/.bin/tsx"),
      ["infra/hooks/grantGraphPermissions.ts"],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          GRAPH_BASE_URL: sim.baseUrl,
          GRAPH_ACCESS_TOKEN: FAKE_TOKEN,
          MANAGED_IDENTITY_CLIENT_ID: identity.appId,
          MANAGED_IDENTITY_PRINCIPAL_ID: identity.id,
        },
      },
    );
    expect(stdout).toMatch(new RegExp(`Granted ${REQUIRED.length} permission`));
    expect(stdout).not.toContain(FAKE_TOKEN);
    expect(heldBy(identity.id)).toEqual([...REQUIRED].sort());
  });
});

describe("adminCommands", () => {
  it("targets the national cloud's Graph and PowerShell environment", () => {
    const lines = adminCommands({
      graphBaseUrl: "https://graph.microsoft.us/",
      managedIdentitySpId: "11111111-1111-1111-1111-111111111111",
      graphSpId: "22222222-2222-2222-2222-222222222222",
      permissions: [{ permission: "User.Read.All", appRoleId: "df021288-bdef-4463-88db-98f22de89214" }],
    });
    expect(lines.find((l) => l.startsWith("az rest"))).toContain(
      "--uri 'https://graph.microsoft.us/v1.0/servicePrincipals/11111111-1111-1111-1111-111111111111/appRoleAssignments'",
    );
    expect(lines.find((l) => l.startsWith("Connect-MgGraph"))).toMatch(/-Environment USGov$/);
  });

  it("prints nothing when nothing is missing", () => {
    expect(adminCommands({ graphBaseUrl: "https://graph.microsoft.com", permissions: [] })).toEqual([]);
  });
});
