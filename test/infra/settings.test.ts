/**
 * Infra holds to the code: every setting shared/config.ts reads is set in Azure (Bicep app settings) and in
 * local.settings.sample.json, and neither sets anything the code does not read apart from the Functions
 * host's own documented settings.
 */
import { describe, expect, it } from "vitest";
import { loadConfig, SETTINGS } from "../../shared/config.js";
import { objectBodyAfter, readRepoFile, topLevelKeys } from "./bicepText.js";

const settingNames = Object.keys(SETTINGS).sort();

/**
 * Settings the Functions host reads itself: identity-based AzureWebJobsStorage with service URIs (the
 * __accountName form is "valid only if the account isn't in a sovereign cloud"), Application Insights
 * with Entra auth.
 */
const HOST_SETTINGS_AZURE = [
  "AzureWebJobsStorage__blobServiceUri",
  "AzureWebJobsStorage__queueServiceUri",
  "AzureWebJobsStorage__tableServiceUri",
  "AzureWebJobsStorage__credential",
  "AzureWebJobsStorage__clientId",
  "APPLICATIONINSIGHTS_CONNECTION_STRING",
  "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
];
/** Settings Core Tools needs locally (in Azure, Flex Consumption takes the runtime from functionAppConfig). */
const HOST_SETTINGS_LOCAL = ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage"];

function bicepAppSettings() {
  const main = readRepoFile("infra/main.bicep");
  const api = readRepoFile("infra/app/api.bicep");
  const app = topLevelKeys(objectBodyAfter(objectBodyAfter(main, "module api 'app/api.bicep'"), "appSettings:"));
  const host = topLevelKeys(objectBodyAfter(api, "var hostAppSettings ="));
  return { app, host, api };
}

function sampleSettings() {
  return JSON.parse(readRepoFile("local.settings.sample.json")) as {
    Values: Record<string, string>;
    _help: Record<string, string>;
  };
}

describe("Bicep app settings", () => {
  it("sets every setting the code reads, and only those", () => {
    const { app } = bicepAppSettings();
    expect(app.length).toBeGreaterThan(0);
    expect([...app].sort()).toEqual(settingNames);
    expect(new Set(app).size).toBe(app.length);
  });

  it("adds only the host's documented settings, and the app passes all of them to the site", () => {
    const { host, api } = bicepAppSettings();
    expect([...host].sort()).toEqual([...HOST_SETTINGS_AZURE].sort());
    expect(api).toMatch(/appSettingsKeyValuePairs:\s*union\(appSettings,\s*hostAppSettings,\s*signInAppSettings\)/);
    // Each service URI is the account's own endpoint (right in every cloud), not a built host name.
    for (const service of ["blob", "queue", "table"]) {
      expect(api).toContain(`AzureWebJobsStorage__${service}ServiceUri: stg.properties.primaryEndpoints.${service}`);
    }
    expect(api).not.toMatch(/AzureWebJobsStorage__accountName/);
  });

  it("with sign-in, App Service Authentication gets the managed identity's client id as its credential setting", () => {
    const { api } = bicepAppSettings();
    const signIn = topLevelKeys(objectBodyAfter(api, "var signInAppSettings = signInWithManagedIdentity"));
    expect(signIn).toEqual(["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"]);
    expect(api).toMatch(/OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId/);
    const auth = readRepoFile("infra/app/signIn.bicep");
    expect(auth).toMatch(/clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'/);
  });

  it("uses no connection string or key for storage or ACS in Azure", () => {
    const main = readRepoFile("infra/main.bicep");
    const app = objectBodyAfter(objectBodyAfter(main, "module api 'app/api.bicep'"), "appSettings:");
    expect(app).toMatch(/^\s*AUDIT_STORAGE:\s*''/m);
    expect(app).toMatch(/^\s*ACS_CONNECTION_STRING:\s*''/m);
    expect(app).toMatch(/^\s*AUDIT_STORAGE__clientId:\s*apiUserAssignedIdentity\.outputs\.clientId/m);
    expect(app).toMatch(/^\s*AZURE_CLIENT_ID:\s*apiUserAssignedIdentity\.outputs\.clientId/m);
    expect(app).toMatch(/^\s*ACS_ENDPOINT:\s*email\.outputs\.endpoint/m);
  });
});

describe("local.settings.sample.json", () => {
  it("lists every setting the code reads plus the host's local settings, nothing else", () => {
    const { Values } = sampleSettings();
    expect(Object.keys(Values).sort()).toEqual([...settingNames, ...HOST_SETTINGS_LOCAL].sort());
    expect(Values.AzureWebJobsStorage).toBe("UseDevelopmentStorage=true");
    expect(Values.AUDIT_STORAGE).toBe("UseDevelopmentStorage=true");
    expect(Values.FUNCTIONS_WORKER_RUNTIME).toBe("node");
  });

  it("explains every value", () => {
    const { Values, _help } = sampleSettings();
    for (const key of Object.keys(Values)) expect(_help[key], key).toMatch(/\S{3,}/);
  });

  it("parses as a valid configuration as it is (works with Azurite)", () => {
    const config = loadConfig(sampleSettings().Values, { requireStorage: true });
    expect(config.storage.connectionString).toBe("UseDevelopmentStorage=true");
    expect(config.mail).toBeUndefined(); // no recipients: the fake ACS connection string is never used
    expect(config.declaredWriteback).toBe("unset");
  });

  it("holds only an obviously fake ACS key", () => {
    const { Values } = sampleSettings();
    expect(Values.ACS_CONNECTION_STRING).toMatch(/accesskey=NOT\+A\+REAL\+KEY==$/);
  });
});
