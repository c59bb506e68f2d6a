/**
 * The Graph simulator as the benchmark drives it: in its own process (its memory and CPU are not
 * the product's), with seeded fault injection for the throttling run.
 */
import { spawnGraphSimulator } from "../sim/graph/index.js";
import type { TenantProfile } from "./types.js";

export interface BenchSimulator {
  /** Graph root to give the product (no version segment). */
  graphBaseUrl: string;
  /** Answer `rate` of requests with 429 and Retry-After `retryAfterSeconds`, chosen by a seeded generator. */
  throttle(rate: number, retryAfterSeconds: number, seed: number): Promise<void>;
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchSimulator(profile: TenantProfile): Promise<BenchSimulator> {
  const sim = await spawnGraphSimulator({ profile: { kind: "generated", ...profile } });
  const faults = async (body: unknown) => {
    const response = await fetch(`${sim.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator refused the fault settings: ${response.status} ${await response.text()}`);
  };
  return {
    graphBaseUrl: sim.url,
    throttle: (rate, retryAfterSeconds, seed) => faults({ seed, rules: [{ rate, status: 429, retryAfter: retryAfterSeconds }] }),
    clearFaults: () => faults({ rules: [] }),
    stop: () => sim.stop(),
  };
}
