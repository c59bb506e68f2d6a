import { describe, expect, it } from "vitest";
import { parseProtectedOnPrem, protectedOnPremMatcher } from "../../shared/snapshot/protectedOnPrem.js";
import { loadConfig } from "../../shared/config.js";
import { ConfigError } from "../../shared/errors.js";

const SID = "S-1-5-21-1004336348-1177238915-682003330-1105";

describe("PROTECTED_ONPREM_ACCOUNTS", () => {
  it("parses SIDs, DN patterns and OUs separated by ; or new lines (DNs keep their commas)", () => {
    const { entries, problems } = parseProtectedOnPrem(
      ` ${SID} ; CN=adm-*,OU=Staff,DC=corp,DC=example\nOU=Tier0, OU=Admins, DC=corp, DC=example;;`,
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { kind: "sid", value: SID },
      { kind: "dn-pattern", value: "CN=adm-*,OU=Staff,DC=corp,DC=example" },
      { kind: "dn-subtree", value: "OU=Tier0, OU=Admins, DC=corp, DC=example" },
    ]);
  });

  it("matches a SID exactly, a pattern on the whole DN, an OU and everything below it", () => {
    const { entries } = parseProtectedOnPrem(
      `${SID};CN=adm-*,OU=Staff,DC=corp,DC=example;OU=Tier0, OU=Admins, DC=corp, DC=example`,
    );
    const match = protectedOnPremMatcher(entries);
    expect(match({ onPremisesSecurityIdentifier: SID.toLowerCase() })?.kind).toBe("sid");
    expect(match({ onPremisesSecurityIdentifier: `${SID}0` })).toBeUndefined();
    expect(match({ onPremisesDistinguishedName: "CN=adm-kim,OU=Staff,DC=corp,DC=example" })?.kind).toBe("dn-pattern");
    expect(match({ onPremisesDistinguishedName: "CN=kim,OU=Staff,DC=corp,DC=example" })).toBeUndefined();
    expect(match({ onPremisesDistinguishedName: "cn=Gary,ou=tier0,ou=admins,dc=corp,dc=example" })?.kind).toBe(
      "dn-subtree",
    );
    expect(match({ onPremisesDistinguishedName: "CN=x,OU=Sub,OU=Tier0,OU=Admins,DC=corp,DC=example" })?.kind).toBe(
      "dn-subtree",
    );
    // A sibling OU whose name merely ends the same way is not below it.
    expect(match({ onPremisesDistinguishedName: "CN=x,OU=NotTier0,OU=Admins,DC=corp,DC=example" })).toBeUndefined();
    expect(match({})).toBeUndefined();
  });

  it("is a setting: empty means none, a bad entry fails the configuration naming it", () => {
    expect(loadConfig({}).protectedOnPrem).toEqual([]);
    expect(loadConfig({ PROTECTED_ONPREM_ACCOUNTS: SID }).protectedOnPrem).toEqual([{ kind: "sid", value: SID }]);
    expect(() => loadConfig({ PROTECTED_ONPREM_ACCOUNTS: `${SID};Domain Admins` })).toThrow(ConfigError);
    expect(() => loadConfig({ PROTECTED_ONPREM_ACCOUNTS: "Domain Admins" })).toThrow(
      /PROTECTED_ONPREM_ACCOUNTS: "Domain Admins" is neither a security identifier/,
    );
  });
});
