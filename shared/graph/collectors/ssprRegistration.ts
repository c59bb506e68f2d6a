import type { Section, SsprRegistrationData } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { GuidSet, type ReadonlyIdSet } from "../GuidSet.js";
import { dependencyFailure, guarded } from "../sectionFailure.js";

/** Only $filter/$orderby are documented for this report: no $select, no $top. */
export const SSPR_ENABLED_URL = "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true";

interface GraphRegistration {
  id?: string;
  isSsprEnabled?: boolean;
  isSsprRegistered?: boolean;
}

export interface SsprRegistrationOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** From the syncedUsers collector; null when that section failed. */
  syncedIds: ReadonlyIdSet | null;
}

/**
 * The users' SSPR scope is not in Graph; it is inferred from how many synced users are
 * SSPR-enabled. Pages are folded into counts as they stream (the other per-user section), each
 * user once however many pages repeat it.
 */
export async function collectSsprRegistration(
  graph: GraphClient,
  options: SsprRegistrationOptions,
): Promise<Section<SsprRegistrationData>> {
  const synced = options.syncedIds;
  if (!synced) return dependencyFailure("ssprRegistration", ["syncedUsers"]);
  return guarded("ssprRegistration", async () => {
    const counts: SsprRegistrationData = { syncedSsprEnabled: 0, syncedSsprRegistered: 0, totalSsprEnabled: 0 };
    // A row seen on two pages (overlapping pages) counts once.
    const counted = new GuidSet();
    for await (const page of graph.pages<GraphRegistration>(SSPR_ENABLED_URL, {
      abortSignal: options.abortSignal,
      section: "ssprRegistration",
    })) {
      for (const r of page.value) {
        // Count what the row says, not what the filter promised.
        if (r.isSsprEnabled !== true) continue;
        if (r.id) {
          if (counted.has(r.id)) continue;
          counted.add(r.id);
        }
        counts.totalSsprEnabled++;
        if (r.id && synced.has(r.id)) {
          counts.syncedSsprEnabled++;
          if (r.isSsprRegistered === true) counts.syncedSsprRegistered++;
        }
      }
    }
    return counts;
  });
}
