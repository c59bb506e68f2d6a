import { createGraphClient, type GraphClient } from "../../shared/graph/GraphClient.js";

/** A GraphClient pointed at a simulator, with retry sleeps shrunk so throttling tests stay quick. */
export function graphFor(baseUrl: string, maxRetries = 3): GraphClient {
  return createGraphClient({
    graphBaseUrl: baseUrl,
    accessToken: "fake-sim-token",
    maxRetries,
    retryDelayScale: 0.001,
  });
}
