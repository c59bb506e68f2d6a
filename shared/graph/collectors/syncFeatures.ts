import type { Section, SyncFeaturesData } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { guarded } from "../sectionFailure.js";

export const SYNC_FEATURES_URL = "/directory/onPremisesSynchronization";

interface OnPremSync {
  features?: Record<string, unknown>;
}

/**
 * The reported on-prem sync feature flags. passwordWritebackEnabled is documented as "not in use":
 * it is kept as reported, and the exposure model treats it as a weak signal only.
 */
export function collectSyncFeatures(
  graph: GraphClient,
  options: Pick<GraphOperationOptions, "abortSignal"> = {},
): Promise<Section<SyncFeaturesData>> {
  return guarded("syncFeatures", async () => {
    const body = await graph.get<{ value?: OnPremSync[] } & OnPremSync>(SYNC_FEATURES_URL, {
      ...options,
      section: "syncFeatures",
    });
    // The collection form wraps the single tenant object in `value`; tolerate the bare object too.
    const item = Array.isArray(body?.value) ? body.value[0] : body;
    const features: Record<string, boolean | null> = {};
    for (const [name, value] of Object.entries(item?.features ?? {})) {
      if (typeof value === "boolean" || value === null) features[name] = value;
    }
    return { features };
  });
}
