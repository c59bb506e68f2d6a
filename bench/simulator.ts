/**
 * The Graph simulator as the benchmark drives it: in its own process (its memory and CPU are not
 * the product's), with seeded fault injection for the throttling run.
 */
import { generatedExpectations, spawnGraphSimulator } from "../sim/graph/index.js";
import type { PerUserSection, TenantProfile } from "./types.js";

export interface BenchSimulator {
  /** Graph root to give the product (no version segment). */
  graphBaseUrl: string;
  /** Answer `rate` of requests (batch items one by one) with 429 and Retry-After, chosen by a seeded generator. */
  throttle(rate: number, retryAfterSeconds: number, seed: number): Promise<void>;
  /** Delay every round trip (a `$batch` once, by its slowest item) by `ms`. */
  delay(ms: number): Promise<void>;
  /** Graph's documented service limits (sim/graph/throttling.ts): on for the latency run only. */
  setThrottling(mode: "documented" | "off"): Promise<void>;
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

/** `now`: the instant the tenant's audit events and schedules are relative to (the bench's clock). */
export async function startBenchSimulator(profile: TenantProfile, now: number): Promise<BenchSimulator> {
  const sim = await spawnGraphSimulator({ profile: { ...profile, now }, throttling: "off" });
  return {
    graphBaseUrl: sim.baseUrl,
    throttle: (rate, retryAfterSeconds, seed) =>
      sim.setFaults([
        { match: {}, effect: { type: "status", status: 429, retryAfterSeconds }, when: { probability: rate, seed } },
      ]),
    delay: (ms) => sim.setFaults([{ match: {}, effect: { type: "latency", ms } }]),
    setThrottling: (mode) => sim.setThrottling(mode),
    clearFaults: () => sim.setFaults([]),
    stop: () => sim.close(),
  };
}

/**
 * Items each per-user section must read, as the simulator's generator defines the tenant:
 * synced users for `GET /users?$filter=onPremisesSyncEnabled eq true`, and every SSPR-enabled user
 * for `userRegistrationDetails?$filter=isSsprEnabled eq true` (the filter cannot narrow to synced).
 */
export function perUserItems(profile: TenantProfile): Record<PerUserSection, number> {
  const expected = generatedExpectations(profile);
  return { syncedUsers: expected.syncedUsers, ssprRegistration: expected.ssprEnabledUsers };
}
