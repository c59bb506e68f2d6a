/**
 * Settings fail at start, all at once: every value the audit would trip over later (a schedule the
 * host cannot read, a connection string an SDK rejects, a number that overflows a date, a clear-text
 * endpoint for a credential) is one line of the same ConfigError.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../shared/config.js";
import { ConfigError } from "../shared/errors.js";
import { ncrontabProblems } from "../shared/ncrontab.js";
import { acsConnectionStringProblems, storageConnectionStringProblems } from "../shared/connectionStrings.js";

const FAKE_KEY = "RkFLRS1LRVktRk9SLVRFU1RTLU9OTFk=";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { requireStorage: true });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe("loadConfig", () => {
  it("names every problem of the settings that used to fail only later, in one error, without the keys", () => {
    const env = {
      AUDIT_SCHEDULE: "every hour",
      DIGEST_SCHEDULE: "0 0 25 * * 1",
      AUDIT_STORAGE: `AccountName=x;AccountKey=${FAKE_KEY};Bogus`,
      ACS_CONNECTION_STRING: `accesskey=${FAKE_KEY}`,
      ALERT_RECIPIENTS: "secops@contoso.example",
      MAIL_FROM: "DoNotReply@contoso.example",
      RETENTION_DAYS: "1e9",
      LEASE_SECONDS: "1e13",
      AUDIT_LOOKBACK_DAYS: "1e9",
      GRAPH_BASE_URL: "http://graph.example.com",
      AUTHORITY_HOST: "http://login.example.com",
      ACS_ENDPOINT: "http://acs.example.com",
      AUDIT_STORAGE__tableServiceUri: "http://account.table.core.windows.net",
    };
    let error: unknown;
    try {
      loadConfig(env, { requireStorage: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const named = new Set(problems.map((p) => p.split(":")[0]));
    expect([...named].sort()).toEqual([...Object.keys(env)].filter((k) => !/ALERT|MAIL/.test(k)).sort());
    expect(problems.find((p) => p.startsWith("AUDIT_LOOKBACK_DAYS"))).toMatch(/at most 30/);
    expect(problems.find((p) => p.startsWith("GRAPH_BASE_URL"))).toMatch(/https/);
    expect((error as Error).message).not.toContain(FAKE_KEY);
  });

  it("accepts plain http on loopback hosts only, for every endpoint that receives a credential", () => {
    const config = loadConfig(
      {
        GRAPH_BASE_URL: "http://127.0.0.1:8080",
        AUTHORITY_HOST: "http://localhost:8081",
        ACS_ENDPOINT: "http://[::1]:8082",
        AUDIT_STORAGE__tableServiceUri: "http://127.0.0.1:10002/devstoreaccount1",
      },
      { requireStorage: true },
    );
    expect(config.graphBaseUrl).toBe("http://127.0.0.1:8080");
    expect(config.storage.tableServiceUri).toBe("http://127.0.0.1:10002/devstoreaccount1");
    expect(
      problemsOf({ GRAPH_BASE_URL: "ftp://graph.example.com", AUDIT_STORAGE: "UseDevelopmentStorage=true" }),
    ).toEqual([expect.stringMatching(/^GRAPH_BASE_URL: must be an https URL/)]);
  });

  it("keeps numbers within their limits and explains the limit", () => {
    const base = { AUDIT_STORAGE: "UseDevelopmentStorage=true" };
    expect(
      loadConfig({ ...base, AUDIT_LOOKBACK_DAYS: "30", LEASE_SECONDS: "300", RETENTION_DAYS: "3650" }),
    ).toMatchObject({ auditLookbackDays: 30, leaseSeconds: 300, retentionDays: 3650 });
    expect(problemsOf({ ...base, AUDIT_LOOKBACK_DAYS: "31" })).toEqual([
      expect.stringMatching(
        /AUDIT_LOOKBACK_DAYS: must be at most 30 \(the directory audit log keeps 30 days at most\)/,
      ),
    ]);
    expect(problemsOf({ ...base, LEASE_SECONDS: "10" })).toEqual([
      expect.stringMatching(/LEASE_SECONDS: must be at least 300/),
    ]);
    expect(problemsOf({ ...base, RETENTION_DAYS: "2.5" })).toEqual([
      expect.stringMatching(/RETENTION_DAYS: must be a whole/),
    ]);
    expect(problemsOf({ ...base, CHECK_MIN_AGE: "400d" })).toEqual([
      expect.stringMatching(/CHECK_MIN_AGE: must be at most 1d/),
    ]);
  });
});

describe("ncrontabProblems", () => {
  it("accepts the timer trigger documentation's examples and names", () => {
    for (const schedule of [
      "0 */5 * * * *",
      "0 0 * * * *",
      "0 0 */2 * * *",
      "0 0 9-17 * * *",
      "0 30 9 * * *",
      "0 30 9 * * 1-5",
      "0 30 9 * Jan Mon",
      "5-7 * * * * *",
      "5,8,10 * * * * *",
      "0 0 8 * * monday",
      "0 0 8 1-31/2 December Sat",
    ]) {
      expect(ncrontabProblems(schedule), schedule).toEqual([]);
    }
  });

  it("refuses what the host cannot read, naming the field", () => {
    const cases: Array<[string, RegExp]> = [
      ["0 0 * * *", /six fields/],
      ["every hour", /six fields/],
      ["60 * * * * *", /second field "60"/],
      ["0 0 24 * * *", /hour field "24"/],
      ["0 0 * 0 * *", /day field "0"/],
      ["0 0 * * 13 *", /month field "13"/],
      ["0 0 * * * 7", /day-of-week field "7"/],
      ["0 0 * * * Funday", /day-of-week field "Funday"/],
      ["0 0 * * Ja *", /month field "Ja"/],
      ["*/0 * * * * *", /interval below 1/],
      ["5-3 * * * * *", /runs backwards/],
      ["0 0 * * * 1,,2", /empty list item/],
      ["01:00:00", /TimeSpan/],
    ];
    for (const [schedule, expected] of cases) {
      expect(ncrontabProblems(schedule).join("; "), schedule).toMatch(expected);
    }
  });
});

describe("connection strings", () => {
  it("accepts Azurite's forms and keyed or SAS accounts", () => {
    expect(storageConnectionStringProblems("UseDevelopmentStorage=true")).toEqual([]);
    expect(
      storageConnectionStringProblems(
        `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${FAKE_KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;`,
      ),
    ).toEqual([]);
    expect(
      storageConnectionStringProblems(
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${FAKE_KEY};EndpointSuffix=core.windows.net`,
      ),
    ).toEqual([]);
    expect(
      storageConnectionStringProblems(
        "TableEndpoint=https://acct.table.core.windows.net;SharedAccessSignature=sv=2024&sig=x",
      ),
    ).toEqual([]);
    expect(acsConnectionStringProblems(`endpoint=https://x.communication.azure.com/;accesskey=${FAKE_KEY}`)).toEqual(
      [],
    );
  });

  it("says what is missing or malformed without quoting the key", () => {
    const storage = storageConnectionStringProblems(
      `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=not base64!`,
    );
    expect(storage.join("; ")).toMatch(/AccountKey that is not base64/);
    expect(storage.join("; ")).toMatch(/DefaultEndpointsProtocol=http without a loopback TableEndpoint/);
    expect(storageConnectionStringProblems("garbage")).toEqual([expect.stringMatching(/Name=value pairs/)]);
    expect(storageConnectionStringProblems(`AccountName=acct`).join("; ")).toMatch(
      /needs AccountKey or SharedAccessSignature/,
    );
    const acs = acsConnectionStringProblems(`endpoint=http://acs.example.com/;accesskey=${FAKE_KEY}`);
    expect(acs).toEqual([expect.stringMatching(/endpoint must use https/)]);
    expect(acsConnectionStringProblems(`accesskey=${FAKE_KEY}`)).toEqual([expect.stringMatching(/needs endpoint/)]);
    for (const p of [...storage, ...acs]) expect(p).not.toContain(FAKE_KEY);
  });
});

describe("ALERT_MIN_SEVERITY_BY_KIND", () => {
  const base = { AUDIT_STORAGE: "UseDevelopmentStorage=true" };

  it("reads kind=severity pairs, case-insensitively; empty means none", () => {
    expect(loadConfig(base).alertMinSeverityByKind).toEqual({});
    expect(
      loadConfig({ ...base, ALERT_MIN_SEVERITY_BY_KIND: " Escalation-App-Owner = MEDIUM ; sspr=critical" })
        .alertMinSeverityByKind,
    ).toEqual({ "escalation-app-owner": "medium", sspr: "critical" });
  });

  it("names an unknown kind, an unknown severity, a malformed pair and a repeated kind", () => {
    const problems = problemsOf({
      ...base,
      ALERT_MIN_SEVERITY_BY_KIND: "reset-paths=high;sspr=urgent;writeback;sspr-admin=low;sspr-admin=info",
    });
    expect(problems).toHaveLength(4);
    for (const p of problems) expect(p).toMatch(/^ALERT_MIN_SEVERITY_BY_KIND: /);
    const all = problems.join("\n");
    expect(all).toMatch(/"reset-paths" is not a finding kind \(reset-path, app-permission/);
    expect(all).toMatch(/"urgent" is not a severity/);
    expect(all).toMatch(/"writeback" is not kind=severity/);
    expect(all).toMatch(/"sspr-admin" is given twice/);
  });
});
