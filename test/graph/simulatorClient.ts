import { createGraphClient, type GraphClient } from "../../shared/graph/GraphClient.js";
import { defaultThrottlingMode } from "../../sim/graph/index.js";

/**
 * A GraphClient pointed at a simulator, with retry sleeps shrunk so throttling tests stay quick.
 * The default token carries no claims (the simulator's own grant applies); pass a minted one
 * (mintToken) to send application permissions in its `roles` claim. It keeps Graph's reports limit
 * only when the simulators of this run enforce it (see defaultThrottlingMode).
 */
export function graphFor(baseUrl: string, maxRetries = 3, accessToken = "fake-sim-token"): GraphClient {
  return createGraphClient({
    graphBaseUrl: baseUrl,
    accessToken,
    maxRetries,
    retryDelayScale: 0.001,
    rateLimits: defaultThrottlingMode() === "off" ? "none" : "documented",
  });
}
