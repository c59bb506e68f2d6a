import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Suites start real servers (simulator, Azurite, ACS endpoint); give them room on a 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The suite audits the same simulated tenants many times a minute: its simulators do not enforce
    // Graph's five-report-requests-per-10-s limit, nor do the clients made for them keep it
    // (sim/graph/throttling.ts). The tests about that limit turn it on themselves.
    env: { GRAPH_SIM_THROTTLING: "off" },
    // The JSON file lets CI print one plain "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "out/vitest-results.json" },
  },
});
