/**
 * The commands an administrator runs when the deploying account may not grant Graph application
 * permissions itself. Every value printed is a GUID or a permission name from our own list, so the
 * commands can be pasted as they are.
 */
import { MICROSOFT_GRAPH_APP_ID } from "../../shared/graph/permissions.js";

export interface AdminCommandsInput {
  graphBaseUrl: string;
  /** Object id of the managed identity's service principal, when known. */
  managedIdentitySpId?: string;
  /** Client (app) id of the managed identity, used to find it when its object id is unknown. */
  managedIdentityClientId?: string;
  /** Object id of the Microsoft Graph service principal in this tenant, when known. */
  graphSpId?: string;
  /** Permissions still to grant, with their app role ids when they could be read. */
  permissions: { permission: string; appRoleId?: string }[];
}

/** Connect-MgGraph -Environment names (as Get-MgEnvironment lists them) per Graph root (Graph docs concepts/deployments.md). */
const MG_ENVIRONMENTS: Record<string, string> = {
  "https://graph.microsoft.com": "Global",
  "https://graph.microsoft.us": "USGov",
  "https://dod-graph.microsoft.us": "USGovDoD",
  "https://microsoftgraph.chinacloudapi.cn": "China",
};

export function adminCommands(input: AdminCommandsInput): string[] {
  if (input.permissions.length === 0) return [];
  const root = input.graphBaseUrl.replace(/\/+$/, "");
  const lines = [
    "Ask a Privileged Role Administrator (or Global Administrator) of this tenant to run ONE of the following.",
    "",
  ];
  const resolved =
    input.managedIdentitySpId !== undefined &&
    input.graphSpId !== undefined &&
    input.permissions.every((p) => p.appRoleId !== undefined);

  if (resolved) {
    lines.push("# Azure CLI (bash), signed in to this tenant with az login:");
    for (const p of input.permissions) {
      const body = JSON.stringify({
        principalId: input.managedIdentitySpId,
        resourceId: input.graphSpId,
        appRoleId: p.appRoleId,
      });
      lines.push(
        `az rest --method POST --uri '${root}/v1.0/servicePrincipals/${input.managedIdentitySpId}/appRoleAssignments' ` +
          `--headers 'Content-Type=application/json' --body '${body}'   # ${p.permission}`,
      );
    }
    lines.push("");
  }

  const environment = MG_ENVIRONMENTS[root];
  lines.push("# PowerShell (Microsoft.Graph module):");
  lines.push(
    `Connect-MgGraph -Scopes 'AppRoleAssignment.ReadWrite.All','Application.Read.All'` +
      (environment && environment !== "Global" ? ` -Environment ${environment}` : ""),
  );
  if (resolved) {
    for (const p of input.permissions) {
      lines.push(
        `New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId '${input.managedIdentitySpId}' ` +
          `-PrincipalId '${input.managedIdentitySpId}' -ResourceId '${input.graphSpId}' -AppRoleId '${p.appRoleId}'   # ${p.permission}`,
      );
    }
  } else {
    // Ids could not be read with the deployer's rights: let the admin's session resolve them by value.
    lines.push(
      input.managedIdentitySpId
        ? `$mi = Get-MgServicePrincipal -ServicePrincipalId '${input.managedIdentitySpId}'`
        : `$mi = Get-MgServicePrincipal -Filter "appId eq '${input.managedIdentityClientId ?? "<managed identity client id>"}'"`,
    );
    lines.push(`$graph = Get-MgServicePrincipal -Filter "appId eq '${MICROSOFT_GRAPH_APP_ID}'"`);
    lines.push(`foreach ($p in @(${input.permissions.map((p) => `'${p.permission}'`).join(", ")})) {`);
    lines.push(
      `  $role = $graph.AppRoles | Where-Object { $_.Value -eq $p -and $_.AllowedMemberTypes -contains 'Application' }`,
    );
    lines.push(
      `  New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $mi.Id -PrincipalId $mi.Id -ResourceId $graph.Id -AppRoleId $role.Id`,
    );
    lines.push(`}`);
  }
  lines.push("");
  lines.push("Then check with: azd hooks run postprovision   (it grants nothing twice and reports what is in place)");
  return lines;
}
