import type { Section, SsprRegistrationData } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { GuidSet, type ReadonlyIdSet } from "../GuidSet.js";
import { dependencyFailure, guarded } from "../sectionFailure.js";

/** Only $filter/$orderby are documented for this report: no $select, no $top. */
export const SSPR_ENABLED_URL = "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true";

interface GraphRegistration {
  id?: string;
  userPrincipalName?: string | null;
  isSsprEnabled?: boolean;
  isSsprRegistered?: boolean;
}

export interface SsprRegistrationOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** From the syncedUsers collector (null when that section failed); awaited only to fold the counts. */
  syncedIds: ReadonlyIdSet | null | Promise<ReadonlyIdSet | null>;
}

/**
 * The users' SSPR scope is not in Graph; it is inferred from how many synced users are
 * SSPR-enabled. The report is read while the synced users are (it needs nothing from them to be
 * requested), as one page chain: it is an identity and access report, limited to five requests per
 * 10 seconds (shared/graph/schedule/rateLimits.ts), so parallel partitions would only wait on the
 * same window and cost their first pages. Enabled rows are kept as id sets, each user once however
 * many pages repeat it, and folded over the synced set when it is there.
 */
export async function collectSsprRegistration(
  graph: GraphClient,
  options: SsprRegistrationOptions,
): Promise<Section<SsprRegistrationData>> {
  const opts = { abortSignal: options.abortSignal, section: "ssprRegistration" };
  const reading = guarded("ssprRegistration", async () => {
    const enabled = new GuidSet();
    const registered = new GuidSet();
    let withoutId = 0;
    for await (const page of graph.pages<GraphRegistration>(SSPR_ENABLED_URL, opts)) {
      for (const r of page.value) {
        // Count what the row says, not what the filter promised.
        if (r.isSsprEnabled !== true) continue;
        if (!r.id) {
          withoutId++;
          continue;
        }
        enabled.add(r.id);
        if (r.isSsprRegistered === true) registered.add(r.id);
      }
    }
    return { enabled, registered, withoutId };
  });
  const synced = await options.syncedIds;
  if (!synced) {
    void reading.catch(() => undefined);
    return dependencyFailure("ssprRegistration", ["syncedUsers"]);
  }
  const read = await reading;
  if (read.status !== "ok") return read;
  const { enabled, registered, withoutId } = read.data;
  const counts: SsprRegistrationData = {
    syncedSsprEnabled: 0,
    syncedSsprRegistered: 0,
    totalSsprEnabled: enabled.size + withoutId,
  };
  enabled.forEach((id) => {
    if (!synced.has(id)) return;
    counts.syncedSsprEnabled++;
    if (registered.has(id)) counts.syncedSsprRegistered++;
  });
  return { status: "ok", data: counts };
}
