/**
 * Which role definitions can reset passwords, decided from their resource actions only, so custom
 * roles and roles Microsoft adds later are judged by what they grant, not by their name.
 */
import type { RoleDefinition } from "../snapshot/types.js";
import { coversAction } from "./roleActions.js";

/** The action the "who can reset passwords" documentation is about (entra-docs permissions-reference.md: "Reset passwords for all users"). */
export const PASSWORD_RESET_ACTION = "microsoft.directory/users/password/update";

/**
 * True when a granted resource action covers `microsoft.directory/users/password/update`
 * (`allProperties`, `allTasks` and `*` included; see roleActions.ts).
 */
export function grantsPasswordReset(action: string): boolean {
  return coversAction(action, PASSWORD_RESET_ACTION);
}

/** The resource actions of a definition that grant password reset (empty = cannot reset). */
export function resetGrantingActions(definition: RoleDefinition): string[] {
  if (!definition.isEnabled) return [];
  return definition.allowedResourceActions.filter(grantsPasswordReset);
}

export function canResetPasswords(definition: RoleDefinition): boolean {
  return resetGrantingActions(definition).length > 0;
}

/**
 * Index definitions by both id and templateId: assignments name built-in roles by template id
 * (id == templateId) and custom roles by id.
 */
export function indexRoleDefinitions(definitions: readonly RoleDefinition[]): Map<string, RoleDefinition> {
  const byId = new Map<string, RoleDefinition>();
  for (const d of definitions) {
    byId.set(d.templateId, d);
    byId.set(d.id, d);
  }
  return byId;
}
