import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Suites start real servers (simulator, Azurite, ACS endpoint); give them room on a 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON file lets CI print one plain "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "out/vitest-results.json" },
  },
});
