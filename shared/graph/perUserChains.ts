/**
 * Reading a per-user collection (users, userRegistrationDetails) as several page chains at once.
 * The unpartitioned first page goes out with the collection's first requests; it tells how large
 * the collection is (or the tenant's user count does) and gives a sample of UPNs to balance the
 * partitions on (shared/graph/upnPartitions.ts). A small collection simply continues that chain. A
 * large one is read in partitions, in parallel; its first page's items are read again there, which
 * changes nothing in the result since the callers fold items by id.
 *
 * When Graph refuses a partition filter (400), the read falls back to the one unpartitioned chain,
 * continuing after its first page.
 */
import { GraphRequestError } from "../errors.js";
import type { GraphClient, GraphOperationOptions, GraphPage } from "./GraphClient.js";
import { partitionCount, planGroups } from "./upnPartitions.js";

export interface PerUserChainsPlan {
  /** The unpartitioned collection's first request. */
  url: string;
  /** The same collection with a partition's filter ANDed to it. */
  partitionUrl(filter: string): string;
  /** About how many items the collection holds, once known (null when unknown): decides the partition count. */
  size(firstPage: GraphPage<unknown>): Promise<number | null>;
  /** The partition filters for these groups ([undefined]: read as one chain). */
  partitions(groups: string[][]): Promise<{ filters: (string | undefined)[] }>;
  /** A UPN from an item, for the sample. */
  upnOf(item: unknown): string | null | undefined;
  /** Default USERS_PER_PARTITION; tests make small tenants partition. */
  usersPerPartition?: number;
}

export interface PerUserChainsResult {
  /** Chains read: 1 when unpartitioned (or after a fallback), else the partitions. */
  chains: number;
  /** Why the read fell back to one chain, when it did. */
  fallback?: string;
}

/** Reads every page of the collection, handing each to `onPage` as it arrives (any order across chains). */
export async function readPerUserChains<T>(
  graph: GraphClient,
  plan: PerUserChainsPlan,
  options: GraphOperationOptions,
  onPage: (page: GraphPage<T>) => void,
): Promise<PerUserChainsResult> {
  // The unpartitioned chain: read its first page, then either follow it or leave it for the partitions.
  const chain = graph.pages<T>(plan.url, options);
  const firstStep = await chain.next();
  if (firstStep.done) return { chains: 1 };
  const first = firstStep.value;
  onPage(first);
  const continueUnpartitioned = async () => {
    for (let step = await chain.next(); !step.done; step = await chain.next()) onPage(step.value);
  };
  const count = partitionCount(await plan.size(first), plan.usersPerPartition);
  const { filters } =
    count > 1 ? await plan.partitions(planGroups(first.value.map(plan.upnOf), count)) : { filters: [undefined] };
  if (filters.length <= 1) {
    await continueUnpartitioned();
    return { chains: 1 };
  }
  let stopped = false;
  try {
    const partitioned = Promise.all(
      filters.map(async (filter) => {
        for await (const page of graph.pages<T>(plan.partitionUrl(filter!), options)) {
          if (stopped) return;
          onPage(page);
        }
      }),
    );
    await partitioned;
    await chain.return?.(undefined);
    return { chains: filters.length };
  } catch (error) {
    stopped = true;
    if (!(error instanceof GraphRequestError) || error.status !== 400) throw error;
    // A partition filter Graph does not take here: the one chain reads everything (items fold by id).
    await continueUnpartitioned();
    return { chains: 1, fallback: error.message };
  }
}
