/** Channel settings: each channel off unless configured, and one error naming every problem. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../shared/config.js";
import { ConfigError, scrubSecrets } from "../../../shared/errors.js";

const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const TEAMS =
  "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=NotARealSignature123";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("channel settings", () => {
  it("every channel is off when nothing is set", () => {
    expect(loadConfig({}).channels).toEqual({});
  });

  it("reads each configured channel", () => {
    const config = loadConfig({
      TEAMS_WORKFLOW_URL: TEAMS,
      WEBHOOK_URL: "https://soar.example.com/hooks/wbw",
      WEBHOOK_SECRET: SECRET,
      LOGS_INGESTION_ENDPOINT: "https://wbw-dce.westeurope-1.ingest.monitor.azure.com/",
      LOGS_INGESTION_RULE_ID: "dcr-0123456789ABCDEF0123456789abcdef",
    });
    expect(config.channels).toEqual({
      teams: { url: TEAMS },
      webhook: { url: "https://soar.example.com/hooks/wbw", secret: SECRET },
      logs: {
        endpoint: "https://wbw-dce.westeurope-1.ingest.monitor.azure.com",
        ruleId: "dcr-0123456789abcdef0123456789abcdef",
        findingsStream: "Custom-WritebackWatchFindings",
        changesStream: "Custom-WritebackWatchChanges",
        audience: "https://monitor.azure.com",
      },
    });
  });

  it("names every problem at once, each with the setting that fixes it", () => {
    const problems = problemsOf({
      TEAMS_WORKFLOW_URL: "http://prod-01.logic.azure.com/workflows/x",
      WEBHOOK_URL: "https://soar.example.com/hooks/wbw",
      WEBHOOK_SECRET: "whsec_c2hvcnQ=",
      LOGS_INGESTION_ENDPOINT: "https://dce.example.ingest.monitor.azure.com",
      LOGS_INGESTION_RULE_ID: "my-rule",
      LOGS_INGESTION_FINDINGS_STREAM: "WritebackWatchFindings_CL",
      LOGS_INGESTION_AUDIENCE: "https://monitor.example.com",
    });
    const names = problems.map((p) => p.split(":")[0]);
    expect(names.sort()).toEqual(
      [
        "LOGS_INGESTION_AUDIENCE",
        "LOGS_INGESTION_FINDINGS_STREAM",
        "LOGS_INGESTION_RULE_ID",
        "TEAMS_WORKFLOW_URL",
        "WEBHOOK_SECRET",
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith("TEAMS_WORKFLOW_URL"))).toMatch(/must use https/);
    expect(problems.find((p) => p.startsWith("WEBHOOK_SECRET"))).toMatch(/24 to 64 bytes/);
    // The secret values are never repeated in the message.
    expect(problems.join("\n")).not.toContain("c2hvcnQ=");
    expect(problems.join("\n")).not.toContain("prod-01.logic.azure.com/workflows/x");
  });

  it("half a channel is a problem naming the missing setting", () => {
    expect(problemsOf({ WEBHOOK_URL: "https://soar.example.com/h" })).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET: required when WEBHOOK_URL is set/),
    ]);
    expect(problemsOf({ WEBHOOK_SECRET: SECRET })).toEqual([expect.stringMatching(/^WEBHOOK_URL: required/)]);
    expect(problemsOf({ LOGS_INGESTION_ENDPOINT: "https://dce.example.com" })).toEqual([
      expect.stringMatching(/^LOGS_INGESTION_RULE_ID: required/),
    ]);
    expect(problemsOf({ LOGS_INGESTION_RULE_ID: "dcr-0123456789abcdef0123456789abcdef" })).toEqual([
      expect.stringMatching(/^LOGS_INGESTION_ENDPOINT: required/),
    ]);
  });

  it("an unresolved Key Vault reference says so instead of 'not a URL'", () => {
    const ref = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/teams-url/)";
    const problems = problemsOf({ TEAMS_WORKFLOW_URL: ref, WEBHOOK_URL: "https://h.example.com", WEBHOOK_SECRET: ref });
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p).toMatch(/unresolved Key Vault reference/);
  });

  it("registers the Workflows URL and the webhook secret as secrets", () => {
    loadConfig({ TEAMS_WORKFLOW_URL: TEAMS, WEBHOOK_URL: "https://h.example.com/x", WEBHOOK_SECRET: SECRET });
    expect(scrubSecrets(`posting to ${TEAMS} with ${SECRET}`)).toBe("posting to [redacted] with [redacted]");
  });
});
