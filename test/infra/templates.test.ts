/**
 * The deployment templates keep their security defaults and azd conventions. Bicep cannot be compiled
 * here, so these read the text; each assertion names the line a reviewer would look for.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { objectBodyAfter, outputs, params, readRepoFile, repoRoot, stripComments } from "./bicepText.js";

const bicepFiles = [
  "infra/main.bicep",
  ...readdirSync(join(repoRoot, "infra/app")).map((f) => `infra/app/${f}`),
].filter((f) => f.endsWith(".bicep"));
const templateFiles = [...bicepFiles, "infra/main.parameters.json", "infra/abbreviations.json", "azure.yaml"];

/** Credential-shaped literals: none may appear in a template, a parameter file or azure.yaml. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ["storage account key", /AccountKey\s*=/i],
  ["SAS token", /SharedAccessSignature|[?&]sig=/i],
  ["ACS or Service Bus access key", /accesskey\s*=|SharedAccessKey\s*=/i],
  ["instrumentation key literal", /InstrumentationKey\s*=/i],
  ["password or secret value", /(password|secret|clientSecret)\s*[:=]\s*'[^']+'/i],
  ["key listed from a resource", /listKeys\s*\(|\.listKeys\(|listConnectionStrings/i],
  ["JWT", /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  // Key-like: 40+ base64 characters mixing digits and both cases (resource type paths have no digits).
  ["long base64 blob", /(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{40,}={0,2}/],
];

describe("no secret in templates", () => {
  it.each(templateFiles)("%s holds no key, secret or connection string literal", (file) => {
    const text = readRepoFile(file);
    for (const [what, pattern] of SECRET_PATTERNS) expect(text, `${file}: ${what}`).not.toMatch(pattern);
  });

  it("the scan itself catches planted secrets", () => {
    const planted = [
      "value: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc'",
      "ACS_CONNECTION_STRING: 'endpoint=https://x.communication.azure.com/;accesskey=abc'",
      "key: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1A='",
      "value: listKeys(stg.id, '2022-09-01').keys[0].value",
    ];
    for (const text of planted)
      expect(
        SECRET_PATTERNS.some(([, p]) => p.test(text)),
        text,
      ).toBe(true);
  });

  it("declares no secure parameter with a default value", () => {
    for (const file of bicepFiles) {
      for (const p of params(readRepoFile(file))) {
        if (p.decorators.some((d) => d.startsWith("@secure"))) expect(p.hasDefault, `${file}: ${p.name}`).toBe(false);
      }
    }
  });
});

describe("secure defaults", () => {
  const main = stripComments(readRepoFile("infra/main.bicep"));
  const storage = objectBodyAfter(main, "module storage ");

  it("storage: no shared keys, no public blobs, TLS 1.2", () => {
    expect(storage).toMatch(/allowSharedKeyAccess:\s*false/);
    expect(storage).toMatch(/allowBlobPublicAccess:\s*false/);
    expect(storage).toMatch(/minimumTlsVersion:\s*'TLS1_2'/);
  });

  it("Application Insights and ACS accept only Entra ID (disableLocalAuth: true)", () => {
    expect(objectBodyAfter(main, "module monitoring ")).toMatch(/disableLocalAuth:\s*true/);
    const email = stripComments(readRepoFile("infra/app/email.bicep"));
    expect(objectBodyAfter(email, "resource communicationService ")).toMatch(/disableLocalAuth:\s*true/);
    const api = stripComments(readRepoFile("infra/app/api.bicep"));
    expect(api).toMatch(
      /APPLICATIONINSIGHTS_AUTHENTICATION_STRING:\s*'ClientId=\$\{identityClientId\};Authorization=AAD'/,
    );
  });

  it("the Function App: Flex Consumption, HTTPS only, TLS 1.2, deployment and host storage through the user-assigned identity", () => {
    expect(objectBodyAfter(main, "module appServicePlan ")).toMatch(/name:\s*'FC1'[\s\S]*tier:\s*'FlexConsumption'/);
    const api = stripComments(readRepoFile("infra/app/api.bicep"));
    expect(api).toMatch(/httpsOnly:\s*true/);
    expect(api).toMatch(/minTlsVersion:\s*'1\.2'/);
    expect(api).toMatch(/type:\s*'UserAssignedIdentity'/);
    expect(api).toMatch(/AzureWebJobsStorage__credential:\s*'managedidentity'/);
    expect(api).toMatch(/systemAssigned:\s*false/);
  });

  it("rbac.bicep assigns every role the identity needs, each on its one resource", () => {
    const rbac = stripComments(readRepoFile("infra/app/rbac.bicep"));
    const roles: [string, string, string][] = [
      ["Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "storageAccount"],
      ["Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "storageAccount"],
      ["Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "applicationInsights"],
      // Logs Ingestion: the documented role, on the data collection rule only.
      ["Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "dataCollectionRule"],
    ];
    for (const [name, id, scope] of roles) {
      const variable = new RegExp(`var (\\w+) = '${id}'`).exec(rbac)?.[1];
      expect(variable, name).toBeDefined();
      expect(rbac, name).toMatch(
        new RegExp(
          `scope: ${scope}\\s+properties: \\{\\s+roleDefinitionId: subscriptionResourceId\\('Microsoft.Authorization/roleDefinitions', ${variable}\\)`,
        ),
      );
    }
    // Sending email: the custom role holds exactly the three documented actions, assigned on the Communication Service.
    const role = objectBodyAfter(rbac, "resource acsEmailSenderRole ");
    const actions = [...objectBodyAfter(role, "permissions:").matchAll(/'(Microsoft\.Communication\/[^']+)'/g)].map(
      (m) => m[1],
    );
    expect(actions).toEqual([
      "Microsoft.Communication/CommunicationServices/Read",
      "Microsoft.Communication/CommunicationServices/Write",
      "Microsoft.Communication/EmailServices/write",
    ]);
    expect(objectBodyAfter(rbac, "resource acsEmailSender ")).toMatch(/scope:\s*communicationService\b/);
    // Every assignment targets the managed identity as a service principal.
    const assignments = [...rbac.matchAll(/roleAssignments@/g)].length;
    expect(assignments).toBe(5);
    expect([...rbac.matchAll(/principalId:\s*managedIdentityPrincipalId/g)].length).toBe(assignments);
    expect([...rbac.matchAll(/principalType:\s*'ServicePrincipal'/g)].length).toBe(assignments);
  });

  it("the acceptances file blob: Storage Blob Data Reader on its container, narrowed to the blob's path, only when ACCEPTANCES_FILE is an https URL outside the app's account", () => {
    const reader = stripComments(readRepoFile("infra/app/acceptancesFileReader.bicep"));
    expect(reader).toMatch(/var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'/);
    expect([...reader.matchAll(/roleAssignments@/g)]).toHaveLength(1);
    const assignment = objectBodyAfter(reader, "resource acceptancesFileReader ");
    expect(assignment).toMatch(/scope:\s*container\b/);
    expect(assignment).toMatch(/principalId:\s*managedIdentityPrincipalId/);
    expect(assignment).toMatch(/principalType:\s*'ServicePrincipal'/);
    expect(assignment).toMatch(/conditionVersion:\s*'2.0'/);
    // Reads are allowed only on the one path; the role grants no other data action than read and list.
    expect(assignment).toContain(
      "((!(ActionMatches{\\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read\\'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals \\'${blobPath}\\'))",
    );
    const main = stripComments(readRepoFile("infra/main.bicep"));
    expect(main).toMatch(
      /module acceptancesFileReader 'app\/acceptancesFileReader.bicep' = if \(grantAcceptancesFileRead\)/,
    );
    expect(main).toMatch(/var grantAcceptancesFileRead = startsWith\(toLower\(acceptancesFile\), 'https:\/\/'\)/);
    expect(main).toMatch(/acceptancesFileAccount != storageAccountName/);
  });
});

describe("azd conventions", () => {
  const mainText = readRepoFile("infra/main.bicep");

  it("main.bicep: subscription scope, resourceToken, azd-env-name tag, names from abbreviations.json", () => {
    expect(mainText).toMatch(/^targetScope = 'subscription'/m);
    expect(mainText).toMatch(
      /var resourceToken = toLower\(uniqueString\(subscription\(\)\.id, environmentName, location\)\)/,
    );
    expect(mainText).toMatch(/var tags = \{ 'azd-env-name': environmentName \}/);
    const abbreviations = JSON.parse(readRepoFile("infra/abbreviations.json")) as Record<string, string>;
    const used = [...mainText.matchAll(/abbrs\.(\w+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(5);
    for (const key of used) expect(abbreviations, key).toHaveProperty(key);
  });

  it("every parameter of every Bicep file has a @description", () => {
    for (const file of bicepFiles) {
      for (const p of params(readRepoFile(file))) {
        expect(
          p.decorators.some((d) => d.startsWith("@description(")),
          `${file}: ${p.name}`,
        ).toBe(true);
      }
    }
  });

  it("azd asks only for environment, location and subscription: every other parameter has a default", () => {
    const withoutDefault = params(mainText)
      .filter((p) => !p.hasDefault)
      .map((p) => p.name);
    expect(withoutDefault.sort()).toEqual(["environmentName", "location"]);
  });

  it("main.parameters.json maps parameters that exist, from azd environment variables", () => {
    const file = JSON.parse(readRepoFile("infra/main.parameters.json")) as {
      parameters: Record<string, { value: string }>;
    };
    const declared = new Set(params(mainText).map((p) => p.name));
    for (const [name, { value }] of Object.entries(file.parameters)) {
      expect(declared.has(name), name).toBe(true);
      expect(value, name).toMatch(/^\$\{[A-Z_]+(=[^}]*)?\}$/);
    }
    expect(file.parameters.environmentName?.value).toBe("${AZURE_ENV_NAME}");
    expect(file.parameters.location?.value).toBe("${AZURE_LOCATION}");
    for (const name of [
      "alertRecipients",
      "alertRecipientsGroupId",
      "auditSchedule",
      "digestSchedule",
      "writebackDeclared",
      "alertMinSeverity",
      "retentionDays",
    ]) {
      expect(file.parameters, name).toHaveProperty(name);
    }
  });

  it("outputs are UPPER_SNAKE and include what the hook and the README use", () => {
    const names = outputs(mainText);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
    for (const needed of [
      "AZURE_FUNCTION_APP_NAME",
      "AZURE_FUNCTION_URL",
      "MANAGED_IDENTITY_PRINCIPAL_ID",
      "MANAGED_IDENTITY_CLIENT_ID",
      "MAIL_FROM",
      "GRAPH_BASE_URL",
    ]) {
      expect(names).toContain(needed);
    }
  });

  it("every local module referenced exists", () => {
    for (const file of bicepFiles) {
      for (const m of readRepoFile(file).matchAll(/^module \w+ '([^']+\.bicep)'/gm)) {
        expect(existsSync(join(repoRoot, "infra", m[1]!)), `${file} -> ${m[1]}`).toBe(true);
      }
    }
  });

  it("azure.yaml: one function service and a postprovision hook running a file that exists, on posix and windows", () => {
    const yaml = readRepoFile("azure.yaml");
    expect(yaml).toMatch(/services:\s+api:\s+project: \.\s+language: ts\s+host: function/);
    const runs = [...yaml.matchAll(/^\s+run: npx tsx (\S+)$/gm)].map((m) => m[1]!);
    expect(runs).toHaveLength(2);
    for (const script of runs) {
      expect(script).toBe("infra/hooks/grantGraphPermissions.ts");
      expect(existsSync(join(repoRoot, script))).toBe(true);
    }
    expect(yaml).toMatch(/postprovision:\s+posix:[\s\S]*windows:/);
  });
});
