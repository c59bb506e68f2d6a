import type { OrganizationData, Section } from "../../snapshot/types.js";
import { GraphRequestError } from "../../errors.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { guarded } from "../sectionFailure.js";

export const ORGANIZATION_URL = "/organization?$select=id,displayName,onPremisesSyncEnabled,onPremisesLastSyncDateTime";
/** beta only (UNCERTAIN on v1.0): the PHS heartbeat. Optional: its failure never fails the section. */
export const ORGANIZATION_BETA_URL = "/organization?$select=id,onPremisesLastPasswordSyncDateTime";

interface GraphOrganization {
  id?: string;
  displayName?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  onPremisesLastSyncDateTime?: string | null;
  onPremisesLastPasswordSyncDateTime?: string | null;
}

export function collectOrganization(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<Section<OrganizationData>> {
  return guarded("organization", async () => {
    const opts = { ...options, section: "organization" };
    const [body, beta] = await Promise.all([
      graph.get<{ value?: GraphOrganization[] }>(ORGANIZATION_URL, opts),
      graph
        .get<{ value?: GraphOrganization[] }>(ORGANIZATION_BETA_URL, { ...opts, apiVersion: "beta" })
        .catch(() => undefined),
    ]);
    const org = body?.value?.[0];
    if (!org?.id) {
      throw new GraphRequestError("Graph returned no organization object.", 200, "MalformedResponse", "/organization");
    }
    const heartbeat = beta?.value?.find((o) => o.id === org.id)?.onPremisesLastPasswordSyncDateTime;
    return {
      id: org.id,
      displayName: org.displayName ?? null,
      onPremisesSyncEnabled: org.onPremisesSyncEnabled ?? null,
      onPremisesLastSyncDateTime: org.onPremisesLastSyncDateTime ?? null,
      onPremisesLastPasswordSyncDateTime: heartbeat ?? null,
    };
  });
}
