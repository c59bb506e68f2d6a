import { describe, expect, it } from "vitest";
import { GraphRequestError } from "../../shared/errors.js";
import { sectionFailure } from "../../shared/graph/sectionFailure.js";
import { permissionsInToken } from "../../shared/graph/tokenPermissions.js";
import { collectRoleEligibilities } from "../../shared/graph/collectors/roleEligibilities.js";
import { collectSsprRegistration } from "../../shared/graph/collectors/ssprRegistration.js";
import { syncedUserLookupFromSet } from "../../shared/graph/syncedUserLookup.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { graphError, sendJson, startLocalServer } from "./localServer.js";

describe("a 403 explained from the request's documented permissions and the token's roles", () => {
  const forbidden = (path: string, granted?: string[]) =>
    Object.assign(new GraphRequestError("Insufficient privileges", 403, "Authorization_RequestDenied", path), {
      ...(granted ? { grantedPermissions: new Set(granted) } : {}),
    });

  it("names no permission when the token holds a documented one", () => {
    const s = sectionFailure(
      "authorizationPolicy",
      forbidden("/v1.0/policies/authorizationPolicy", ["Policy.Read.All"]),
    );
    expect(s).toMatchObject({ reason: "forbidden" });
    expect(s.missingPermission).toBeUndefined();
    expect(s.detail).toContain("although the token holds Policy.Read.All");
  });

  it("names what is missing from an 'and' row, and the section's own permission rather than a broader one", () => {
    expect(
      sectionFailure("auditEvents", forbidden("/v1.0/auditLogs/directoryAudits?$top=999", ["AuditLog.Read.All"])),
    ).toMatchObject({ missingPermission: "Directory.Read.All" });
    expect(
      sectionFailure("groupMembers", forbidden("/v1.0/groups?$filter=isAssignableToRole eq true", [])),
    ).toMatchObject({ missingPermission: "GroupMember.Read.All" });
  });

  it("reports onPremisesSynchronization's 403 as the documented app-only limit, whatever the token holds", () => {
    for (const granted of [undefined, [], ["OnPremDirectorySynchronization.Read.All"]]) {
      const s = sectionFailure("syncFeatures", forbidden("/v1.0/directory/onPremisesSynchronization", granted));
      expect(s.missingPermission).toBeUndefined();
      expect(s.detail).toMatch(/application permissions as not supported/);
    }
  });

  it("a token that cannot tell: names the permission the section reads with, never as missing", () => {
    const s = sectionFailure("authorizationPolicy", forbidden("/v1.0/policies/authorizationPolicy"));
    expect(s.missingPermission).toBeUndefined();
    expect(s.detail).toContain("Policy.Read.All");
    expect(s.detail).toMatch(/could not be read/);
  });
});

describe("the permissions in an access token", () => {
  const jwt = (claims: object) =>
    `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

  it("reads roles; a JWT without roles or scp grants nothing; other tokens cannot tell", () => {
    expect(permissionsInToken(jwt({ roles: ["User.Read.All", 3] }))).toEqual(new Set(["User.Read.All"]));
    expect(permissionsInToken(jwt({ idtyp: "app" }))).toEqual(new Set());
    expect(permissionsInToken(jwt({ scp: "User.Read" }))).toBeUndefined();
    expect(permissionsInToken("opaque-token")).toBeUndefined();
    expect(permissionsInToken("a.%%%.c")).toBeUndefined();
    expect(permissionsInToken(undefined)).toBeUndefined();
  });
});

describe("sectionFailure", () => {
  const err = (status: number, code: string, message = "m") => new GraphRequestError(message, status, code, "/x");

  it("maps Graph failures to section reasons", () => {
    expect(sectionFailure("roleDefinitions", err(403, "Authorization_RequestDenied"))).toMatchObject({
      reason: "forbidden",
      detail: expect.stringContaining("RoleManagement.Read.Directory"),
    });
    expect(
      sectionFailure("ssprRegistration", err(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant")),
    ).toMatchObject({ reason: "licence" });
    expect(sectionFailure("roleEligibilities", err(400, "AadPremiumLicenseRequired"))).toMatchObject({
      reason: "licence",
    });
    expect(sectionFailure("syncedUsers", err(429, "TooManyRequests"))).toMatchObject({ reason: "throttled" });
    expect(sectionFailure("syncedUsers", err(400, "Request_UnsupportedQuery", "Unsupported Query."))).toMatchObject({
      reason: "error",
      detail: expect.stringContaining("Unsupported Query."),
    });
    expect(sectionFailure("syncedUsers", new DOMException("gone", "AbortError"))).toMatchObject({ reason: "timeout" });
  });
});

describe("licence errors over HTTP", () => {
  it("turns Graph's non-premium answers into reason licence", async () => {
    const server = await startLocalServer((req, res) => {
      if (req.url.includes("roleEligibilityScheduleInstances")) {
        sendJson(res, 400, graphError("AadPremiumLicenseRequired", "The tenant needs an AAD Premium 2 license."));
      } else {
        sendJson(
          res,
          403,
          graphError(
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
          ),
        );
      }
    });
    try {
      const graph = createGraphClient({ graphBaseUrl: server.baseUrl, accessToken: "fake", maxRetries: 0 });
      const eligibilities = await collectRoleEligibilities(graph, { syncedUsers: syncedUserLookupFromSet(new Set()) });
      expect(eligibilities).toMatchObject({ status: "unknown", reason: "licence" });
      const sspr = await collectSsprRegistration(graph, { syncedIds: new Set() });
      expect(sspr).toMatchObject({ status: "unknown", reason: "licence" });
    } finally {
      await server.close();
    }
  });
});
