import { describe, expect, it } from "vitest";
import { blockingFindings } from "../../shared/exposure/blockingFindings.js";
import { SEVERITIES, severityRank, type Finding } from "../../shared/exposure/types.js";
import type { AcceptanceStatus, FindingAcceptance } from "../../shared/acceptance/types.js";

const findings: Finding[] = SEVERITIES.map((severity) => ({
  key: `k-${severity}`,
  kind: "reset-path",
  severity,
  title: severity,
  scope: "/",
  reach: { syncedUsers: 1 },
}));

describe("blockingFindings", () => {
  it("every finding at or above the severity, none below, for each severity", () => {
    for (const floor of SEVERITIES) {
      const blocking = blockingFindings({ findings }, floor);
      expect(blocking.map((f) => f.severity)).toEqual(SEVERITIES.filter((s) => severityRank(s) >= severityRank(floor)));
    }
    expect(blockingFindings({ findings: [] }, "info")).toEqual([]);
  });

  it("an accepted finding does not block; one past its acceptance, expired or revoked does", () => {
    const marked = (status: AcceptanceStatus): Finding => ({
      ...findings[0]!,
      key: status,
      acceptance: acceptance(status),
    });
    const all = [marked("accepted"), marked("exceeded"), marked("expired"), marked("revoked")];
    expect(blockingFindings({ findings: all }, "critical").map((f) => f.key)).toEqual([
      "exceeded",
      "expired",
      "revoked",
    ]);
  });
});

function acceptance(status: AcceptanceStatus): FindingAcceptance {
  return {
    id: `acc-${status}`,
    source: "file",
    status,
    owner: "secops@contoso.example",
    reason: "Break-glass account",
    acceptedBy: "file acceptances.json",
    acceptedAt: "2026-11-01T00:00:00.000Z",
    expiresAt: "2027-01-01T00:00:00.000Z",
    upTo: { severity: "critical", syncedUsers: 1 },
  };
}
