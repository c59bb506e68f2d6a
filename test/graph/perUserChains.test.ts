/**
 * readPerUserChains on plain data: a small collection continues its first chain, a large one is read
 * in the planned partitions, and a partition filter Graph refuses falls back to the one chain with
 * every item still read.
 */
import { describe, expect, it } from "vitest";
import { GraphRequestError } from "../../shared/errors.js";
import type { GraphClient, GraphPage } from "../../shared/graph/GraphClient.js";
import { followPages } from "../../shared/graph/GraphClient.js";
import { readPerUserChains, type PerUserChainsPlan } from "../../shared/graph/perUserChains.js";
import { userPartitionFilters } from "../../shared/graph/upnPartitions.js";
import { evaluate, parseFilter } from "../../sim/graph/odata/filter.js";

interface Item {
  id: string;
  userPrincipalName: string;
}

const BASE = "https://graph.test";
const PAGE = 3;

/** A collection served in pages of 3; `?f=<filter>` narrows it; `refuse` makes filtered requests 400. */
function fakeGraph(items: Item[], refuse = false) {
  const requested: string[] = [];
  const read = (url: string): unknown => {
    requested.push(url);
    const u = new URL(url, `${BASE}/v1.0/`);
    const filter = u.searchParams.get("f");
    if (filter && refuse) throw new GraphRequestError("Unsupported query.", 400, "Request_UnsupportedQuery", "/c");
    const from = Number(u.searchParams.get("skip") ?? 0);
    const all = filter ? items.filter((i) => evaluate(parseFilter(filter), i)) : items;
    const value = all.slice(from, from + PAGE);
    const next = new URL(u);
    next.searchParams.set("skip", String(from + PAGE));
    return { value, ...(from + PAGE < all.length ? { "@odata.nextLink": next.href } : {}) };
  };
  const graph: GraphClient = {
    graphBaseUrl: BASE,
    get: async <T>(url: string) => read(url) as T,
    async *pages<T>(url: string): AsyncIterableIterator<GraphPage<T>> {
      yield* followPages<T>(`${BASE}/v1.0${url}`, read(url), async (next) => read(next));
    },
    count: async () => 0,
    batch: async () => [],
    stats: () => ({ requests: {}, httpRequests: 0, batches: 0, batchedRequests: 0, retries: 0, bytesReceived: 0 }),
  };
  return { graph, requested };
}

const plan = (size: number): PerUserChainsPlan => ({
  url: "/c",
  partitionUrl: (filter) => `/c?f=${encodeURIComponent(filter)}`,
  size: async () => size,
  partitions: async (groups) => ({ filters: userPartitionFilters(groups) }),
  upnOf: (item) => (item as Item).userPrincipalName,
});

const tenant: Item[] = ["ada", "Bo", "chloé", "émile", "#x", "zed", "9lives", "ünal", "ada2", "bob", "cy", "dee"].map(
  (l, i) => ({ id: `id${i}`, userPrincipalName: `${l}@contoso.com` }),
);

async function readIds(graph: GraphClient, size: number) {
  const ids: string[] = [];
  const result = await readPerUserChains<Item>(graph, plan(size), {}, (page) =>
    ids.push(...page.value.map((i) => i.id)),
  );
  return { ids: [...new Set(ids)].sort(), result };
}

describe("readPerUserChains", () => {
  const everyone = tenant.map((i) => i.id).sort();

  it("continues the first chain of a small collection", async () => {
    const { graph, requested } = fakeGraph(tenant);
    const { ids, result } = await readIds(graph, 100);
    expect(result).toEqual({ chains: 1 });
    expect(ids).toEqual(everyone);
    expect(requested).toHaveLength(Math.ceil(tenant.length / PAGE));
  });

  it("reads a large collection in partitions, every item found", async () => {
    const { graph, requested } = fakeGraph(tenant);
    const { ids, result } = await readIds(graph, 200_000);
    expect(result.chains).toBe(10);
    expect(ids).toEqual(everyone);
    expect(requested.filter((u) => u.includes("f="))).not.toHaveLength(0);
  });

  it("falls back to the one chain when a partition filter is refused", async () => {
    const { graph } = fakeGraph(tenant, true);
    const { ids, result } = await readIds(graph, 200_000);
    expect(result.chains).toBe(1);
    expect(result.fallback).toMatch(/Unsupported query/);
    expect(ids).toEqual(everyone);
  });
});
