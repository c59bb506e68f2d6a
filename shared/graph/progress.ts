/**
 * Progress of one collection, for a caller that wants to show it (the CLI on a terminal): a page event
 * for each page of each nextLink chain the collectors follow, and a section event when a section is
 * finished. Reported from the client the collectors read through, so it needs nothing from them and
 * survives any change in how collection is ordered. A listener that throws is ignored: showing progress
 * must never fail an audit.
 */
import type { SectionName } from "../snapshot/types.js";
import type { BatchRequest, BatchResponse, GraphClient, GraphOperationOptions, GraphPage } from "./GraphClient.js";
import { requestPathOf } from "./graphErrors.js";

export type CollectionProgress =
  | {
      kind: "page";
      /** The accounting tag the collector gave (its section name). */
      section: string;
      /** The chain's first request path (no host, no query). */
      chain: string;
      pages: number;
      items: number;
      /** The first page's `@odata.count`, when the collector asked for one: how many items the chain will hold. */
      expectedItems?: number;
    }
  | { kind: "section"; section: SectionName; status: "ok" | "unknown" };

export type OnProgress = (event: CollectionProgress) => void;

/** Calls `onProgress` without letting it break the caller. */
export function notify(onProgress: OnProgress | undefined, event: CollectionProgress): void {
  try {
    onProgress?.(event);
  } catch {
    // A progress display is best effort.
  }
}

/** A client that reports every page of every chain read through `pages()`. */
export function withPageProgress(graph: GraphClient, onProgress: OnProgress | undefined): GraphClient {
  if (!onProgress) return graph;
  return {
    graphBaseUrl: graph.graphBaseUrl,
    get: <T>(path: string, options?: GraphOperationOptions) => graph.get<T>(path, options),
    async *pages<T>(path: string, options: GraphOperationOptions = {}): AsyncIterableIterator<GraphPage<T>> {
      const chain = requestPathOf(path).split("?")[0]!;
      let pages = 0;
      let items = 0;
      let expectedItems: number | undefined;
      for await (const page of graph.pages<T>(path, options)) {
        pages++;
        items += page.value.length;
        if (pages === 1) expectedItems = page.count;
        notify(onProgress, {
          kind: "page",
          section: options.section ?? "untagged",
          chain,
          pages,
          items,
          ...(expectedItems !== undefined ? { expectedItems } : {}),
        });
        yield page;
      }
    },
    count: (path: string, options?: GraphOperationOptions) => graph.count(path, options),
    batch: <T>(requests: readonly BatchRequest[], options?: GraphOperationOptions): Promise<BatchResponse<T>[]> =>
      graph.batch<T>(requests, options),
    stats: () => graph.stats(),
    ...(graph.tokenTenantId ? { tokenTenantId: graph.tokenTenantId.bind(graph) } : {}),
  };
}

/** Reports a section as done when its collector settles; returns the same promise. */
export function sectionTracker(onProgress: OnProgress | undefined) {
  return <S extends { status: "ok" | "unknown" }>(section: SectionName, collected: Promise<S>): Promise<S> =>
    onProgress
      ? collected.then((s) => (notify(onProgress, { kind: "section", section, status: s.status }), s))
      : collected;
}
