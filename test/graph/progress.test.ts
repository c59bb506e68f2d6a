import { describe, expect, it } from "vitest";
import type { GraphClient, GraphPage } from "../../shared/graph/GraphClient.js";
import { sectionTracker, withPageProgress, type CollectionProgress } from "../../shared/graph/progress.js";

function pagedClient(pages: GraphPage<number>[]): GraphClient {
  return {
    graphBaseUrl: "https://graph.example",
    get: async () => ({}) as never,
    async *pages<T>() {
      for (const p of pages) yield p as unknown as GraphPage<T>;
    },
    count: async () => 0,
    batch: async () => [],
    stats: () => ({ requests: {}, batchedRequests: 0, retries: 0, bytesReceived: 0 }) as never,
  };
}

describe("withPageProgress", () => {
  it("reports each page with the running totals and the first page's count, and passes pages through", async () => {
    const events: CollectionProgress[] = [];
    const graph = withPageProgress(pagedClient([{ value: [1, 2], count: 5 }, { value: [3, 4] }, { value: [5] }]), (e) =>
      events.push(e),
    );
    const seen: number[] = [];
    for await (const page of graph.pages<number>("/users?$count=true", { section: "syncedUsers" }))
      seen.push(...page.value);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(events).toEqual(
      [1, 2, 3].map((pages, i) => ({
        kind: "page",
        section: "syncedUsers",
        chain: "/users",
        pages,
        items: [2, 4, 5][i],
        expectedItems: 5,
      })),
    );
  });

  it("a listener that throws does not break the collection", async () => {
    const graph = withPageProgress(pagedClient([{ value: [1] }, { value: [2] }]), () => {
      throw new Error("display broke");
    });
    const seen: number[] = [];
    for await (const page of graph.pages<number>("/x")) seen.push(...page.value);
    expect(seen).toEqual([1, 2]);
    const track = sectionTracker(() => {
      throw new Error("display broke");
    });
    await expect(track("licences", Promise.resolve({ status: "ok" as const }))).resolves.toEqual({ status: "ok" });
  });

  it("without a listener, the client is the same object", () => {
    const graph = pagedClient([]);
    expect(withPageProgress(graph, undefined)).toBe(graph);
  });
});
