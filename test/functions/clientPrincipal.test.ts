/** Decoding X-MS-CLIENT-PRINCIPAL and the role decision, on plain inputs. */
import { describe, expect, it } from "vitest";
import { easyAuthEnabled, parseClientPrincipal } from "../../functions/lib/clientPrincipal.js";
import { authorizeSignedIn } from "../../functions/lib/protectedRoute.js";
import { APP_ROLES } from "../../functions/lib/appRoles.js";
import { principalHeader, ROLE_CLAIM_URI } from "./principal.js";

const EASY_AUTH_ON = { WEBSITE_AUTH_ENABLED: "True" };

describe("parseClientPrincipal", () => {
  it("reads the documented shape: roles, object id and a readable name", () => {
    const p = parseClientPrincipal(
      principalHeader({
        roles: ["Exposure.Read", "Audit.Run", "Exposure.Read"],
        objectId: "oid-1",
        name: "bob@x.example",
      }),
    );
    expect(p).toEqual({
      authType: "aad",
      objectId: "oid-1",
      name: "bob@x.example",
      roles: ["Exposure.Read", "Audit.Run"],
    });
  });

  it("finds roles written under the principal's role_typ (claim mapping may rename 'roles')", () => {
    const p = parseClientPrincipal(principalHeader({ roles: ["Exposure.Read"], roleClaimType: ROLE_CLAIM_URI }));
    expect(p?.roles).toEqual(["Exposure.Read"]);
  });

  it("refuses what is not a principal: absent, not base64 JSON, wrong shape, oversized; ignores non-string claim values", () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
    for (const header of [
      undefined,
      null,
      "",
      "%%%not base64%%%",
      Buffer.from("not json").toString("base64"),
      b64({ claims: [] }),
      b64({ auth_typ: "aad", claims: "roles" }),
      b64([1, 2]),
      "A".repeat(40_000),
    ]) {
      expect(parseClientPrincipal(header), String(header).slice(0, 30)).toBeUndefined();
    }
    const numeric = parseClientPrincipal(b64({ auth_typ: "aad", claims: [{ typ: "roles", val: 7 }] }));
    expect(numeric?.roles).toEqual([]);
  });

  it("trusts the header only while the platform reports App Service Authentication on", () => {
    expect(easyAuthEnabled({ WEBSITE_AUTH_ENABLED: "True" })).toBe(true);
    expect(easyAuthEnabled({ WEBSITE_AUTH_ENABLED: "true" })).toBe(true);
    for (const value of [undefined, "", "False", "1", "yes"])
      expect(easyAuthEnabled({ WEBSITE_AUTH_ENABLED: value }), String(value)).toBe(false);
  });
});

describe("authorizeSignedIn", () => {
  const role = APP_ROLES.exposureRead;

  it("allows a principal holding the role, and only that one", () => {
    const allowed = authorizeSignedIn(principalHeader({ roles: ["Exposure.Read"] }), role, EASY_AUTH_ON);
    expect(allowed.outcome).toBe("allowed");
    expect(authorizeSignedIn(principalHeader({ roles: ["Audit.Run"] }), role, EASY_AUTH_ON).outcome).toBe("forbidden");
    expect(authorizeSignedIn(principalHeader({ roles: [] }), role, EASY_AUTH_ON).outcome).toBe("forbidden");
    // Role values are case-sensitive in tokens; a look-alike does not pass.
    expect(authorizeSignedIn(principalHeader({ roles: ["exposure.read"] }), role, EASY_AUTH_ON).outcome).toBe(
      "forbidden",
    );
  });

  it("without a principal: unauthenticated; without App Service Authentication: unavailable, whatever the header says", () => {
    expect(authorizeSignedIn(undefined, role, EASY_AUTH_ON).outcome).toBe("unauthenticated");
    expect(authorizeSignedIn(principalHeader({ roles: ["Exposure.Read"] }), role, {}).outcome).toBe("unavailable");
  });
});
