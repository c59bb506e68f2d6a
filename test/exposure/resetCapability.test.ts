import { describe, expect, it } from "vitest";
import { canResetPasswords, grantsPasswordReset, resetGrantingActions } from "../../shared/exposure/resetCapability.js";
import type { RoleDefinition } from "../../shared/snapshot/types.js";

const custom = (actions: string[], isEnabled = true): RoleDefinition => ({
  id: "custom-1",
  templateId: "custom-1",
  displayName: "Custom",
  isBuiltIn: false,
  isEnabled,
  allowedResourceActions: actions,
});

describe("grantsPasswordReset", () => {
  it.each([
    "microsoft.directory/users/password/update",
    "Microsoft.Directory/Users/Password/Update",
    "microsoft.directory/users/allProperties/allTasks",
    "microsoft.directory/users/allProperties/update",
    "microsoft.directory/users/password/allTasks",
    "microsoft.directory/users/*",
    "microsoft.directory/*",
    "*",
    "microsoft.directory/users/*/update",
    "microsoft.directory/users/pass*/update",
  ])("%s grants password reset", (action) => {
    expect(grantsPasswordReset(action)).toBe(true);
  });

  it.each([
    "microsoft.directory/users/passwordPolicies/update",
    "microsoft.directory/users/standard/update",
    "microsoft.directory/users/authenticationMethods/update",
    "microsoft.directory/users/password/read",
    "microsoft.directory/groups/allProperties/allTasks",
    "microsoft.directory/users",
    "microsoft.directory/users/password/update/extra",
    "microsoft.azure.serviceHealth/allEntities/allTasks",
  ])("%s does not", (action) => {
    expect(grantsPasswordReset(action)).toBe(false);
  });
});

describe("custom roles", () => {
  it("a custom role with password/update is reset-capable", () => {
    const role = custom(["microsoft.directory/users/basic/update", "microsoft.directory/users/password/update"]);
    expect(canResetPasswords(role)).toBe(true);
    expect(resetGrantingActions(role)).toEqual(["microsoft.directory/users/password/update"]);
  });

  it("a custom role without it is not, and a disabled role never is", () => {
    expect(canResetPasswords(custom(["microsoft.directory/users/passwordPolicies/update"]))).toBe(false);
    expect(canResetPasswords(custom(["microsoft.directory/users/password/update"], false))).toBe(false);
  });
});
