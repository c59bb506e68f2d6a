/**
 * Plain http is for this machine only (Azurite, the local simulators): anywhere else a bearer token,
 * a signed request or an email would cross the network in clear text. One rule for every endpoint.
 */

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function isLoopbackUrl(url: string | URL): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Why `url` may not be used for a service endpoint, or undefined when it may. */
export function endpointUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:") {
    return isLoopbackUrl(parsed)
      ? undefined
      : "must use https (plain http is allowed only for 127.0.0.1, localhost or [::1])";
  }
  return `must be an https URL (got ${parsed.protocol.replace(/:$/, "")})`;
}
