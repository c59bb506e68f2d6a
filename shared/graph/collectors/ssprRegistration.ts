import type { Section, SsprRegistrationData } from "../../snapshot/types.js";
import type { GraphClient, GraphOperationOptions } from "../GraphClient.js";
import { GuidSet, type ReadonlyIdSet } from "../GuidSet.js";
import { EVENTUAL } from "../odata.js";
import { readPerUserChains } from "../perUserChains.js";
import { dependencyFailure, guarded } from "../sectionFailure.js";
import { complementFilter, encodeFilter, registrationPartitionFilters } from "../upnPartitions.js";

/** Only $filter/$orderby are documented for this report: no $select, no $top. */
export const SSPR_ENABLED_URL = "/reports/authenticationMethods/userRegistrationDetails?$filter=isSsprEnabled eq true";
/**
 * The users no partition group holds, as an advanced query whose @odata.count is the answer: 0 lets
 * the report be read in partitions (see upnPartitions.ts).
 */
export const usersOutsideUrl = (groups: readonly (readonly string[])[]): string =>
  `/users?$filter=${encodeFilter(complementFilter(groups))}&$select=id&$top=1&$count=true`;

interface GraphRegistration {
  id?: string;
  userPrincipalName?: string | null;
  isSsprEnabled?: boolean;
  isSsprRegistered?: boolean;
}

export interface SsprRegistrationOptions extends Pick<GraphOperationOptions, "abortSignal"> {
  /** From the syncedUsers collector (null when that section failed); awaited only to fold the counts. */
  syncedIds: ReadonlyIdSet | null | Promise<ReadonlyIdSet | null>;
  /** The tenant's user count (`/users/$count`): how many chains the report is read in. Default: one. */
  totalUsers?: Promise<number | null>;
  /** See upnPartitions.ts; tests make small tenants partition. */
  usersPerPartition?: number;
}

/**
 * The users' SSPR scope is not in Graph; it is inferred from how many synced users are
 * SSPR-enabled. The report is read while the synced users are (it needs nothing from them to be
 * requested), in UPN partitions on a large tenant; enabled rows are kept as id sets, each user once
 * however many pages or partitions repeat it, and folded over the synced set when it is there.
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
    await readPerUserChains<GraphRegistration>(
      graph,
      {
        url: SSPR_ENABLED_URL,
        partitionUrl: (filter) => `${SSPR_ENABLED_URL} and ${encodeFilter(filter)}`,
        size: async () => (options.totalUsers ? await options.totalUsers : null),
        partitions: async (groups) => {
          const filters = registrationPartitionFilters(groups, 0);
          const confirmed = graph
            .get<{ "@odata.count"?: unknown }>(usersOutsideUrl(groups), { ...opts, headers: { ...EVENTUAL } })
            .then((page) => {
              const outside = typeof page["@odata.count"] === "number" ? page["@odata.count"] : null;
              return registrationPartitionFilters(groups, outside).length === filters.length;
            })
            .catch(() => false);
          return { filters, confirmed };
        },
        upnOf: (r) => (r as GraphRegistration).userPrincipalName,
        ...(options.usersPerPartition !== undefined ? { usersPerPartition: options.usersPerPartition } : {}),
      },
      opts,
      (page) => {
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
      },
    );
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
