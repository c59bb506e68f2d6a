/**
 * The simulator's documented service limit for identity and access reports (five requests per
 * 10 seconds per app per tenant): the window on a hand-moved clock, and over HTTP, alone and inside
 * `$batch`, with Graph's 429 body and Retry-After, leaving other routes alone.
 */
import { describe, expect, it } from "vitest";
import { mintToken } from "../../sim/graph/index.js";
import { DocumentedThrottle } from "../../sim/graph/throttling.js";
import { graph } from "./http.js";
import { simulatorForSuite } from "./support.js";

const REPORT = "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true";
const AUDITS = "/auditLogs/directoryAudits?$top=5";

describe("DocumentedThrottle", () => {
  it("answers five per 10 s per app, then says when the oldest leaves the window", () => {
    let t = 0;
    const throttle = new DocumentedThrottle("documented", () => t);
    for (let i = 0; i < 5; i++, t += 1_000) {
      expect(throttle.admit("identityAndAccessReports", "app-a").admitted).toBe(true);
    }
    // t = 5 s: the first (at 0) leaves at 10 s.
    expect(throttle.admit("identityAndAccessReports", "app-a")).toMatchObject({
      admitted: false,
      retryAfterSeconds: 5,
    });
    expect(throttle.admit("identityAndAccessReports", "app-b").admitted).toBe(true);
    t = 10_000;
    expect(throttle.admit("identityAndAccessReports", "app-a").admitted).toBe(true);
    expect(throttle.admit("identityAndAccessReports", "app-a").admitted).toBe(false);
    expect(throttle.refused).toBe(2);
    throttle.mode = "off";
    expect(throttle.admit("identityAndAccessReports", "app-a").admitted).toBe(true);
  });
});

describe("identity and access reports over HTTP", () => {
  const sim = simulatorForSuite({ profile: "demo", throttling: "documented" });

  it("refuses the sixth report request with 429 TooManyRequests and Retry-After; other routes go on", async () => {
    const auth = {
      authorization: `Bearer ${mintToken({ roles: ["AuditLog.Read.All", "Directory.Read.All", "User.Read.All"] })}`,
    };
    const statuses: number[] = [];
    for (const path of [REPORT, AUDITS, REPORT, AUDITS, REPORT]) {
      statuses.push((await graph(sim().baseUrl, path, { headers: auth })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await graph(sim().baseUrl, AUDITS, { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("TooManyRequests");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    expect((await graph(sim().baseUrl, "/users?$top=1", { headers: auth })).status).toBe(200);

    // Batch items count one by one, and are refused one by one.
    const batch = await graph(sim().baseUrl, "/$batch", {
      method: "POST",
      headers: auth,
      body: {
        requests: [
          { id: "1", method: "GET", url: REPORT },
          { id: "2", method: "GET", url: "/organization?$select=id" },
        ],
      },
    });
    const byId = Object.fromEntries(
      (batch.json.responses as { id: string; status: number; headers: Record<string, string> }[]).map((r) => [r.id, r]),
    );
    expect(byId["1"]!.status).toBe(429);
    expect(Number(byId["1"]!.headers["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect(byId["2"]!.status).toBe(200);
    expect(sim().stats().documentedThrottled).toBe(2);

    sim().setThrottling("off");
    try {
      expect((await graph(sim().baseUrl, REPORT, { headers: auth })).status).toBe(200);
    } finally {
      sim().setThrottling("documented");
    }
  });
});
