import { describe, expect, it } from "vitest";
import { blockingFindings } from "../../shared/exposure/blockingFindings.js";
import { SEVERITIES, severityRank, type Finding } from "../../shared/exposure/types.js";

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
});
