/**
 * Which role definitions can reset passwords, decided from their resource actions only, so custom
 * roles and roles Microsoft adds later are judged by what they grant, not by their name.
 */
import type { RoleDefinition } from "../snapshot/types.js";

/** The action the "who can reset passwords" documentation is about (entra-docs permissions-reference.md: "Reset passwords for all users"). */
export const PASSWORD_RESET_ACTION = "microsoft.directory/users/password/update";

const TARGET = PASSWORD_RESET_ACTION.split("/");

/**
 * True when a granted resource action covers `microsoft.directory/users/password/update`.
 *
 * Resource actions read `<namespace>/<entity>/<propertySet>/<action>`: `allProperties` covers every
 * property set (password included), `allTasks` covers every action (update included), and `*` may
 * appear inside a segment or stand for every remaining segment.
 */
export function grantsPasswordReset(action: string): boolean {
  const granted = action.trim().toLowerCase().split("/");
  for (let i = 0; i < TARGET.length; i++) {
    const seg = granted[i];
    if (seg === undefined) return false;
    const isLast = i === granted.length - 1;
    if (seg === "*" && isLast) return true; // "microsoft.directory/*", "microsoft.directory/users/*"
    const want = TARGET[i]!;
    if (i === 2 && seg === "allproperties") continue;
    if (i === 3 && seg === "alltasks") continue;
    if (!globMatch(seg, want)) return false;
  }
  return granted.length === TARGET.length;
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join("[^/]*")}$`);
  return re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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
