import type { RoleDefinition, RoleDefinitionsData, Section } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { guarded } from "../sectionFailure.js";

/**
 * rbacapplication-list-roledefinitions documents $filter (id, displayName, isBuiltIn) and $expand
 * only, so no $select: the definitions come whole.
 */
export const ROLE_DEFINITIONS_URL = "/roleManagement/directory/roleDefinitions";

interface GraphRoleDefinition {
  id?: string;
  templateId?: string | null;
  displayName?: string | null;
  isBuiltIn?: boolean;
  isEnabled?: boolean;
  rolePermissions?: { allowedResourceActions?: string[] }[];
}

/** Built-in and custom roles with their resource actions, so reset capability is read, not assumed. */
export function collectRoleDefinitions(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<Section<RoleDefinitionsData>> {
  return guarded("roleDefinitions", async () => {
    const definitions: RoleDefinition[] = [];
    for await (const page of graph.pages<GraphRoleDefinition>(ROLE_DEFINITIONS_URL, {
      ...options,
      section: "roleDefinitions",
    })) {
      for (const d of page.value) {
        if (!d.id) continue;
        const actions = new Set((d.rolePermissions ?? []).flatMap((p) => p.allowedResourceActions ?? []));
        definitions.push({
          id: d.id,
          templateId: d.templateId ?? d.id,
          displayName: d.displayName ?? null,
          isBuiltIn: d.isBuiltIn ?? false,
          isEnabled: d.isEnabled ?? true,
          allowedResourceActions: [...actions].sort(),
        });
      }
    }
    return { definitions };
  });
}
