/**
 * The deployment's parts that have no compiler here: sign-in (app registration, app roles, App Service
 * Authentication), the watchdog alert, optional private networking, the email sender, scale settings,
 * and the package (remote build, .funcignore, a clean build). Text-level, like templates.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_ROLES } from "../../functions/lib/appRoles.js";
import { auditOutcome, auditSummary, SUCCESSFUL_OUTCOMES } from "../../functions/lib/auditSummary.js";
import { loadConfig } from "../../shared/config.js";
import { objectBodyAfter, params, readRepoFile, repoRoot, stripComments } from "./bicepText.js";

const main = stripComments(readRepoFile("infra/main.bicep"));
const signIn = stripComments(readRepoFile("infra/app/signIn.bicep"));
const watchdog = stripComments(readRepoFile("infra/app/watchdog.bicep"));
const api = stripComments(readRepoFile("infra/app/api.bicep"));
const parameters = readRepoFile("infra/main.parameters.json");

function defaultOf(text: string, name: string): string | undefined {
  return new RegExp(`^param ${name} \\S+ = (.+)$`, "m").exec(text)?.[1]?.trim();
}

describe("Entra ID sign-in (infra/app/signIn.bicep)", () => {
  it("uses the Microsoft Graph Bicep extension, mapped in bicepconfig.json to the GA v1.0 types", () => {
    expect(signIn).toMatch(/^extension microsoftGraphV1$/m);
    const config = JSON.parse(
      readRepoFile("infra/bicepconfig.json")
        .split("\n")
        .filter((l) => !l.trim().startsWith("//"))
        .join("\n"),
    ) as { extensions: Record<string, string> };
    expect(config.extensions.microsoftGraphV1).toMatch(
      /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/,
    );
  });

  it("declares exactly the app roles the code checks, with the same ids, for users and applications", () => {
    const roles = [
      ...signIn.matchAll(
        /\{\s*id: '([0-9a-f-]{36})'\s*value: '([^']+)'\s*displayName: '([^']+)'\s*description: '([^']+)'\s*\}/g,
      ),
    ].map((m) => ({ id: m[1], value: m[2], displayName: m[3], description: m[4] }));
    expect(roles).toEqual(
      Object.values(APP_ROLES).map(({ id, value, displayName, description }) => ({
        id,
        value,
        displayName,
        description,
      })),
    );
    const appRoles = objectBodyAfter(signIn, "appRoles: [");
    expect(appRoles).toMatch(/allowedMemberTypes: \[\s*'User'\s*'Application'\s*\]/);
  });

  it("only assigned principals get a token, and App Service Authentication signs in with the managed identity (no secret)", () => {
    expect(objectBodyAfter(signIn, "resource servicePrincipal ")).toMatch(/appRoleAssignmentRequired: true/);
    const fic = objectBodyAfter(signIn, "resource managedIdentityCredential ");
    expect(fic).toMatch(/subject: managedIdentityPrincipalId/);
    expect(fic).toMatch(/issuer: issuer/);
    expect(signIn).toMatch(
      /var issuer = '\$\{environment\(\)\.authentication\.loginEndpoint\}\$\{tenant\(\)\.tenantId\}\/v2\.0'/,
    );
    expect(signIn).toMatch(/AzureCloud: 'api:\/\/AzureADTokenExchange'/);
    expect(signIn).not.toMatch(/passwordCredentials|clientSecret:/);
    expect(objectBodyAfter(signIn, "  web:")).toContain("'https://${functionAppHostName}/.auth/login/aad/callback'");
  });

  it("authsettingsV2 lets unauthenticated requests through to the code (function keys keep working), single tenant, no token store", () => {
    const auth = objectBodyAfter(signIn, "resource authSettings ");
    expect(auth).toMatch(/name: 'authsettingsV2'/);
    const global = objectBodyAfter(auth, "globalValidation:");
    expect(global).toMatch(/requireAuthentication: false/);
    expect(global).toMatch(/unauthenticatedClientAction: 'AllowAnonymous'/);
    expect(objectBodyAfter(auth, "registration:")).toMatch(/openIdIssuer: issuer\s+clientId: registration\.appId/);
    expect(objectBodyAfter(auth, "tokenStore:")).toMatch(/enabled: false/);
    expect(objectBodyAfter(auth, "httpSettings:")).toMatch(/requireHttps: true/);
  });

  it("main.bicep deploys it unless disabled, and the email link opens the signed-in report", () => {
    expect(defaultOf(main, "enableSignIn")).toBe("true");
    expect(main).toMatch(/module signIn 'app\/signIn\.bicep' = if \(enableSignIn\)/);
    expect(main).toMatch(
      /var reportPath = enableSignIn \? 'api\/sso\/exposure\?format=html' : 'api\/exposure\?format=html'/,
    );
    expect(main).toMatch(/REPORT_URL: effectiveReportUrl/);
    expect(objectBodyAfter(main, "module api 'app/api.bicep'")).toMatch(/signInWithManagedIdentity: enableSignIn/);
  });
});

describe("watchdog (infra/app/watchdog.bicep)", () => {
  const rule = objectBodyAfter(watchdog, "resource noSuccessfulAudit ");
  const query = /var query = '''([\s\S]*?)'''/.exec(watchdog)?.[1] ?? "";

  it("is a log search alert on Application Insights firing when fewer than one successful audit is found", () => {
    expect(watchdog).toMatch(/resource noSuccessfulAudit 'Microsoft\.Insights\/scheduledQueryRules@2021-08-01'/);
    expect(rule).toMatch(/kind: 'LogAlert'/);
    expect(rule).toMatch(/scopes: \[\s*applicationInsights\.id\s*\]/);
    const condition = objectBodyAfter(rule, "allOf: [");
    expect(condition).toMatch(/timeAggregation: 'Count'\s+operator: 'LessThan'\s+threshold: 1/);
    expect(rule).toMatch(/actionGroups: !empty\(recipients\) \? \[actionGroup\.id\] : \[\]/);
  });

  it("looks back three of the intervals the newest successful audit reported, and matches the trace each audit writes", () => {
    // No copy of the schedule in infra: the interval comes from the trace (auditSummary's intervalMinutes).
    expect(watchdog).not.toMatch(/auditIntervalMinutes|AUDIT_INTERVAL/);
    expect(query).toContain("| where timestamp > ago(2d)");
    expect(query).toContain("| summarize arg_max(timestamp, audit)");
    expect(query).toContain("| extend intervalMinutes = coalesce(toint(audit.intervalMinutes), 60)");
    expect(query).toContain("| where timestamp > ago(3 * intervalMinutes * 1m)");
    const line = auditSummary(
      {
        exposure: { coverage: [], findings: [], headline: {}, writeback: { state: "on" } },
        diff: { changes: [], baseline: false },
        alerts: { queued: 0, sent: 0, failed: 0, skipped: 0 },
        summary: { snapshotId: "s", takenAt: "t" },
      } as never,
      "timer",
      loadConfig({ AUDIT_SCHEDULE: "0 */20 * * * *" }).auditIntervalMinutes,
    );
    expect(line).toMatchObject({ event: "audit.completed", intervalMinutes: 20 });
    // The line functions/lib/auditSummary.ts writes is JSON.stringify of an object starting with event.
    expect(query).toContain(`message has '${JSON.stringify({ event: "audit.completed" }).slice(1, -1)}'`);
    const outcomes = /audit\.outcome\) in \(([^)]*)\)/
      .exec(query)?.[1]
      ?.split(",")
      .map((s) => JSON.parse(s.trim()));
    expect(outcomes).toEqual([...SUCCESSFUL_OUTCOMES]);
    expect(rule).toMatch(/overrideQueryTimeRange: 'P2D'/);
  });

  it("an audit that read nothing is not a success; one with some unknown sections is", () => {
    const coverage = (statuses: ("ok" | "unknown")[]) => ({
      exposure: { coverage: statuses.map((status, i) => ({ section: `s${i}`, status })) },
    });
    expect(auditOutcome(coverage(["ok", "ok"]) as never)).toBe("ok");
    expect(auditOutcome(coverage(["ok", "unknown"]) as never)).toBe("partial");
    expect(auditOutcome(coverage(["unknown", "unknown"]) as never)).toBe("unreadable");
    expect(SUCCESSFUL_OUTCOMES).not.toContain("unreadable");
  });

  it("emails the alert recipients through an action group; main.bicep passes no interval setting", () => {
    const group = objectBodyAfter(watchdog, "resource actionGroup ");
    expect(group).toMatch(/emailAddress: address/);
    expect(watchdog).toMatch(/split\(replace\(alertRecipients, ';', ','\), ','\)/);
    const module = objectBodyAfter(main, "module watchdog 'app/watchdog.bicep'");
    expect(module).toMatch(/alertRecipients: alertRecipients/);
    expect(`${main}${parameters}`).not.toMatch(/auditIntervalMinutes|AUDIT_INTERVAL_MINUTES/);
    expect(defaultOf(main, "auditSchedule")).toBe("'0 0 * * * *'");
  });
});

describe("scale, email sender and private networking", () => {
  it("instances: 512 MB by default (choices 512/2048/4096) and a small maximum instance count", () => {
    for (const text of [main, api]) {
      expect(defaultOf(text, "instanceMemoryMB")).toBe("512");
      const memory = params(text).find((p) => p.name === "instanceMemoryMB")!;
      expect(memory.decorators.join(" ")).toMatch(/@allowed\(\[\s*512\s+2048\s+4096\s*\]\)/);
      expect(Number(defaultOf(text, "maximumInstanceCount"))).toBeLessThanOrEqual(10);
    }
    expect(objectBodyAfter(api, "scaleAndConcurrency:")).toMatch(
      /instanceMemoryMB: instanceMemoryMB\s+maximumInstanceCount: maximumInstanceCount/,
    );
  });

  it("sends as the Azure-managed domain's built-in DoNotReply sender, creating no sender username", () => {
    const email = stripComments(readRepoFile("infra/app/email.bicep"));
    expect(email).not.toMatch(/senderUsernames/);
    expect(email).toMatch(/output mailFrom string = 'DoNotReply@\$\{managedDomain\.properties\.fromSenderDomain\}'/);
  });

  it("VNET_ENABLED: storage behind private endpoints for blob and table, the app integrated in the VNet", () => {
    const network = stripComments(readRepoFile("infra/app/network.bicep"));
    expect(network).toMatch(/var storageServices = \[\s*'blob'\s*'table'\s*\]/);
    expect(network).toMatch(/delegation: 'Microsoft\.App\/environments'/);
    expect(network).toMatch(/privatelink\.\$\{service\}\.\$\{environment\(\)\.suffixes\.storage\}/);
    const storage = objectBodyAfter(main, "module storage ");
    expect(storage).toMatch(/publicNetworkAccess: vnetEnabled \? 'Disabled' : 'Enabled'/);
    expect(main).toMatch(/module network 'app\/network\.bicep' = if \(vnetEnabled\)/);
    expect(main).toMatch(/virtualNetworkSubnetId: vnetEnabled \? network!\.outputs\.appSubnetId : ''/);
    expect(defaultOf(main, "vnetEnabled")).toBe("false");
  });
});

describe("the deployment package", () => {
  const pkg = JSON.parse(readRepoFile("package.json")) as { main: string; scripts: Record<string, string> };

  it("azure.yaml builds remotely", () => {
    expect(readRepoFile("azure.yaml")).toMatch(/host: function\n(?:\s*#.*\n)*\s+remoteBuild: true/);
  });

  it("a build starts from an empty dist, and `npm run func` builds before func start (as the azd template's prestart does)", () => {
    expect(pkg.scripts.prebuild).toBe("npm run clean");
    expect(pkg.scripts.clean).toMatch(/rmSync\('dist',\{recursive:true,force:true\}\)/);
    expect(pkg.scripts.prefunc).toBe("npm run build");
    expect(pkg.scripts.func).toBe("func start");
    expect(pkg.main).toBe("dist/functions/*.js");
  });

  /** .funcignore semantics for these tests: "/x" matches x at the root (and below it); other patterns match a path segment glob. */
  const patterns = readFileSync(join(repoRoot, ".funcignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const glob = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
  const ignored = (path: string) =>
    patterns.some((p) =>
      p.startsWith("/")
        ? path === p.slice(1) || path.startsWith(`${p.slice(1)}/`)
        : path.split("/").some((seg) => glob(p).test(seg)),
    );

  it("leaves out node_modules, dist, tests and tools, keeps what the remote build needs", () => {
    for (const path of [
      "node_modules/zod/index.js",
      "dist/functions/health.js",
      "test/infra/x.test.ts",
      "sim/graph/server.ts",
      "bench/run.ts",
      "infra/main.bicep",
      "local.settings.json",
      "dist/functions/health.js.map",
    ])
      expect(ignored(path), path).toBe(true);
    for (const path of [
      "package.json",
      "package-lock.json",
      "host.json",
      "tsconfig.json",
      "tsconfig.build.json",
      "functions/health.ts",
      "shared/config.ts",
      "bin/writeback-watch.js",
    ])
      expect(ignored(path), path).toBe(false);
  });

  it("anchors every path pattern, so nothing deeper with the same name is dropped", () => {
    for (const p of patterns) if (!p.includes("*")) expect(p.startsWith("/"), p).toBe(true);
    expect(ignored("shared/report/test/helper.ts")).toBe(false);
    expect(ignored("node_modules/some-lib/test/index.js")).toBe(true); // inside node_modules anyway
  });
});
