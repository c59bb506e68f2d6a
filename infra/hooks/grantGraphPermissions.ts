/**
 * azd postprovision hook: `npx tsx infra/hooks/grantGraphPermissions.ts`.
 *
 * Reads the outputs azd put in the environment (MANAGED_IDENTITY_PRINCIPAL_ID, MANAGED_IDENTITY_CLIENT_ID,
 * GRAPH_BASE_URL), signs in as the deploying user (azd, then Azure CLI; or GRAPH_ACCESS_TOKEN) and grants
 * the managed identity the Graph application permissions it lacks.
 *
 * Exit codes: 0 when the permissions are in place, and also when they could not be granted (the warning
 * and the admin commands are printed; provisioning must not fail for it); 2 when the inputs are wrong.
 */
import { pathToFileURL } from "node:url";
import { AzureCliCredential, AzureDeveloperCliCredential, ChainedTokenCredential } from "@azure/identity";
import { scrubSecrets } from "../../shared/errors.js";
import { grantGraphPermissions, type GrantResult } from "./appRoleGrant.js";

export async function main(
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<number> {
  const graphBaseUrl = env.GRAPH_BASE_URL?.trim() || "https://graph.microsoft.com";
  const tenantId = env.AZURE_TENANT_ID?.trim() || undefined;
  const token = env.GRAPH_ACCESS_TOKEN?.trim() || undefined;
  print(`Granting Microsoft Graph application permissions to the managed identity (${graphBaseUrl})`);

  let result: GrantResult;
  try {
    result = await grantGraphPermissions({
      graphBaseUrl,
      token,
      credential: token
        ? undefined
        : new ChainedTokenCredential(
            new AzureDeveloperCliCredential({ tenantId }),
            new AzureCliCredential({ tenantId }),
          ),
      principalId: env.MANAGED_IDENTITY_PRINCIPAL_ID?.trim() || undefined,
      clientId: env.MANAGED_IDENTITY_CLIENT_ID?.trim() || undefined,
      log: print,
    });
  } catch (e) {
    print(`error: ${scrubSecrets(e instanceof Error ? e.message : String(e))}`);
    return 2;
  }
  return report(result, print);
}

export function report(result: GrantResult, print: (line: string) => void): number {
  switch (result.outcome) {
    case "granted":
      print(`Granted ${result.granted.length} permission(s); ${result.alreadyGranted.length} were already in place.`);
      break;
    case "unchanged":
      print(`All ${result.alreadyGranted.length} permission(s) were already granted; nothing to do.`);
      break;
    case "forbidden":
      print("");
      print(`WARNING: your account may not grant Microsoft Graph application permissions (${result.error ?? "403"}).`);
      print(
        `The app is deployed, but until these ${result.missing.length} permission(s) are granted its audit reports the affected sections as unknown.`,
      );
      break;
    case "failed":
      print("");
      print(`WARNING: the Graph permissions could not be granted: ${scrubSecrets(result.error ?? "unknown error")}`);
      print("The app is deployed; grant the permissions below, or fix the cause and run: azd hooks run postprovision");
      break;
  }
  if (result.unavailable.length > 0) {
    print(`WARNING: not offered by Microsoft Graph in this cloud, so not granted: ${result.unavailable.join(", ")}`);
  }
  if (result.adminCommands.length > 0) {
    print("");
    for (const line of result.adminCommands) print(line);
  }
  return 0;
}

// Run only when executed, not when a test imports main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(scrubSecrets(e instanceof Error ? e.message : String(e)));
      process.exit(0);
    },
  );
}
