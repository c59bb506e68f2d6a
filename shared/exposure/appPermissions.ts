/**
 * Microsoft Graph application permissions that write passwords or lead to it (passwordProfile in
 * https://learn.microsoft.com/graph/api/resources/user; https://learn.microsoft.com/graph/permissions-reference).
 * App-only reset needs the permission AND a reset-capable directory role on the service principal.
 */
import type { AppPermissionClass } from "./severity.js";

const CLASSES: ReadonlyMap<string, AppPermissionClass> = new Map([
  // The documented least-privileged permission for passwordProfile updates.
  ["user-passwordprofile.readwrite.all", "writer"],
  // Broader permissions older docs name for password updates; reported to fail alone since.
  ["user.readwrite.all", "potential-writer"],
  ["directory.readwrite.all", "potential-writer"],
  ["userauthmethod-password.readwrite.all", "potential-writer"],
  // Can grant the app (or anyone) a directory role or an app role: one step from a reset.
  ["rolemanagement.readwrite.directory", "role-escalation"],
  ["approleassignment.readwrite.all", "role-escalation"],
  // Credential takeover of privileged apps, TAP / auth-method takeover.
  ["application.readwrite.all", "escalation"],
  ["userauthenticationmethod.readwrite.all", "escalation"],
]);

export function classifyAppPermission(permission: string): AppPermissionClass | undefined {
  return CLASSES.get(permission.toLowerCase());
}

export const APP_PERMISSION_REMEDIATION: Record<AppPermissionClass, string> = {
  writer:
    "Remove the User-PasswordProfile.ReadWrite.All grant from this application unless it must reset passwords, and then remove its directory role too.",
  "potential-writer": "Replace the broad write permission with the narrowest one the application needs, or remove it.",
  "role-escalation":
    "Remove this permission: it lets the application grant itself a password-reset role or permission.",
  escalation:
    "Remove this permission unless the application needs it; it allows credential takeover of other identities.",
};
