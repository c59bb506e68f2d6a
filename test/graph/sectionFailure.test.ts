import { describe, expect, it } from "vitest";
import { GraphRequestError } from "../../shared/errors.js";
import { sectionFailure } from "../../shared/graph/sectionFailure.js";
import { collectRoleEligibilities } from "../../shared/graph/collectors/roleEligibilities.js";
import { collectSsprRegistration } from "../../shared/graph/collectors/ssprRegistration.js";
import { syncedUserLookupFromSet } from "../../shared/graph/syncedUserLookup.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { graphError, sendJson, startLocalServer } from "./localServer.js";

describe("sectionFailure", () => {
  const err = (status: number, code: string, message = "m") => new GraphRequestError(message, status, code, "/x");

  it("maps Graph failures to section reasons", () => {
    expect(sectionFailure("roleDefinitions", err(403, "Authorization_RequestDenied"))).toMatchObject({
      reason: "forbidden",
      missingPermission: "RoleManagement.Read.Directory",
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
