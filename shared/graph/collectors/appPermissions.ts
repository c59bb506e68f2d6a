import type { AppPermissionGrant, AppPermissionsData, Section } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { segment } from "../odata.js";
import { PAGE_SIZE } from "../pageSizes.js";
import { MICROSOFT_GRAPH_APP_ID } from "../permissions.js";
import { guarded } from "../sectionFailure.js";

const GRAPH_SP = `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`;
export const GRAPH_APP_ROLES_URL = `${GRAPH_SP}?$select=id,appRoles`;
export const GRAPH_APP_ROLE_ASSIGNED_TO_URL = `${GRAPH_SP}/appRoleAssignedTo?$top=${PAGE_SIZE.appRoleAssignedTo}`;

/**
 * Application permissions that let an app write passwords, or grant itself the means to:
 * password profile writers (with a directory role), and escalation paths to them.
 */
export const PASSWORD_WRITING_PERMISSIONS: ReadonlySet<string> = new Set([
  "User-PasswordProfile.ReadWrite.All",
  "UserAuthMethod-Password.ReadWrite.All",
  "User.ReadWrite.All",
  "Directory.ReadWrite.All",
  "UserAuthenticationMethod.ReadWrite.All",
  "RoleManagement.ReadWrite.Directory",
  "AppRoleAssignment.ReadWrite.All",
  "Application.ReadWrite.All",
]);

interface GraphAppRoleAssignment {
  appRoleId?: string;
  principalId?: string;
  principalType?: string;
  principalDisplayName?: string | null;
}

/** Service principals holding a password-writing Microsoft Graph application permission. */
export function collectAppPermissions(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<Section<AppPermissionsData>> {
  return guarded("appPermissions", async () => {
    const opts = { ...options, section: "appPermissions" };
    // Role ids are read from the tenant's Graph service principal rather than hard-coded.
    const [graphSp, assignments] = await Promise.all([
      graph.get<{ appRoles?: { id?: string; value?: string | null }[] }>(GRAPH_APP_ROLES_URL, opts),
      (async () => {
        const all: GraphAppRoleAssignment[] = [];
        for await (const page of graph.pages<GraphAppRoleAssignment>(GRAPH_APP_ROLE_ASSIGNED_TO_URL, opts))
          all.push(...page.value);
        return all;
      })(),
    ]);
    const valueById = new Map<string, string>();
    for (const role of graphSp?.appRoles ?? []) if (role.id && role.value) valueById.set(role.id, role.value);

    const risky = assignments.filter(
      (a) =>
        a.principalType === "ServicePrincipal" &&
        a.principalId &&
        a.appRoleId &&
        PASSWORD_WRITING_PERMISSIONS.has(valueById.get(a.appRoleId) ?? ""),
    );
    const spIds = [...new Set(risky.map((a) => a.principalId!))];
    const lookups = await graph.batch<{ id?: string; appId?: string | null; displayName?: string | null }>(
      spIds.map((id) => ({ id, url: `/servicePrincipals/${segment(id)}?$select=id,appId,displayName` })),
      opts,
    );
    const sps = new Map<string, { appId: string | null; displayName: string | null }>();
    for (const response of lookups) {
      // A deleted or unreadable SP still holds the grant: keep it with what the assignment says.
      if (!response.error)
        sps.set(response.id, { appId: response.body?.appId ?? null, displayName: response.body?.displayName ?? null });
    }
    const grants: AppPermissionGrant[] = risky.map((a) => {
      const sp = sps.get(a.principalId!);
      return {
        servicePrincipalId: a.principalId!,
        displayName: sp?.displayName ?? a.principalDisplayName ?? null,
        appId: sp?.appId ?? null,
        appRoleId: a.appRoleId!,
        permission: valueById.get(a.appRoleId!)!,
      };
    });
    grants.sort(
      (x, y) => x.servicePrincipalId.localeCompare(y.servicePrincipalId) || x.permission.localeCompare(y.permission),
    );
    return { grants };
  });
}
