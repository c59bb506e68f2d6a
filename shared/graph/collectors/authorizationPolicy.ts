import type { AuthorizationPolicyData, Section } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { guarded } from "../sectionFailure.js";

/** authorizationpolicy-get documents no query parameters: the whole (small) policy is read. */
export const AUTHORIZATION_POLICY_URL = "/policies/authorizationPolicy";

interface GraphAuthorizationPolicy {
  allowedToUseSSPR?: boolean | null;
}

/** allowedToUseSSPR is the ADMINISTRATORS' SSPR switch, not the users' SSPR scope. */
export function collectAuthorizationPolicy(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<Section<AuthorizationPolicyData>> {
  return guarded("authorizationPolicy", async () => {
    const body = await graph.get<GraphAuthorizationPolicy & { value?: GraphAuthorizationPolicy[] }>(
      AUTHORIZATION_POLICY_URL,
      {
        ...options,
        section: "authorizationPolicy",
      },
    );
    // v1.0 returns the singleton; some beta versions wrap it in `value`.
    const policy = Array.isArray(body?.value) ? body.value[0] : body;
    return { allowedToUseSSPR: policy?.allowedToUseSSPR ?? null };
  });
}
