/**
 * The permission list and the per-request table of shared/graph/permissions.ts agree: every request
 * the audit sends is allowed by some entry the list grants (or is documented as not supporting
 * application permissions), every granted permission is needed by some request, and nothing granted
 * can write.
 */
import { describe, expect, it } from "vitest";
import {
  REQUEST_PERMISSIONS,
  REQUIRED_GRAPH_PERMISSIONS,
  requestPermissionsOf,
} from "../../shared/graph/permissions.js";

const granted = new Set(REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission));

describe("Graph permissions", () => {
  it("grants read-only permissions only", () => {
    for (const p of granted) expect(p, p).not.toMatch(/ReadWrite|Write\./);
  });

  it("lets every documented request through one entry the list grants in full", () => {
    for (const r of REQUEST_PERMISSIONS) {
      if (r.application === "not supported") continue;
      expect(
        r.application.some((all) => all.every((p) => granted.has(p))),
        r.doc,
      ).toBe(true);
    }
  });

  it("needs every granted permission for some request (or a documented extra such as hidden membership)", () => {
    const used = new Set(
      REQUEST_PERMISSIONS.flatMap((r) => (r.application === "not supported" ? [] : r.application.flat())),
    );
    const extra = new Set(["OnPremDirectorySynchronization.Read.All", "Member.Read.Hidden"]);
    for (const p of granted) expect(used.has(p) || extra.has(p), p).toBe(true);
  });

  it("finds the row of a request path, most specific first", () => {
    expect(requestPermissionsOf("/auditLogs/directoryAudits?$top=999")?.application).toEqual([
      ["AuditLog.Read.All", "Directory.Read.All"],
    ]);
    expect(requestPermissionsOf("/groups/abc/transitiveMembers?$top=999")?.doc).toBe("group-list-transitivemembers");
    expect(requestPermissionsOf("/groups/abc?$select=id")?.doc).toBe("group-get");
    expect(requestPermissionsOf("/groups?$filter=x")?.doc).toBe("group-list");
    expect(requestPermissionsOf("/users/$count")?.doc).toBe("user-list");
    expect(requestPermissionsOf("/users/abc?$select=id")?.doc).toBe("user-get");
    expect(requestPermissionsOf("/servicePrincipals(appId='x')/appRoleAssignedTo?$top=999")?.doc).toBe(
      "serviceprincipal-list-approleassignedto",
    );
    expect(requestPermissionsOf("/servicePrincipals(appId='x')?$select=id")?.doc).toBe("serviceprincipal-get");
    expect(requestPermissionsOf("/beta/organization?$select=id")?.doc).toBe("organization-get");
    expect(requestPermissionsOf("/directory/onPremisesSynchronization")?.application).toBe("not supported");
  });
});
