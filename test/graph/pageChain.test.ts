/** The page budget of a chain, on plain data: from @odata.count when the first page has one, else MAX_PAGES. */
import { describe, expect, it } from "vitest";
import { EMPTY_PAGE_ALLOWANCE, MAX_PAGES, PageChain, PagingError } from "../../shared/graph/pageChain.js";

const link = (n: number) => `https://graph.example/v1.0/users?$skiptoken=${n}`;

function walk(chain: PageChain, pages: Array<{ count?: number }>): number {
  let read = 0;
  for (const [i, extra] of pages.entries()) {
    read++;
    if (!chain.next({ value: [], ...extra }, link(i + 1))) break;
  }
  return read;
}

describe("PageChain", () => {
  it("ends a chain of ever-new links at @odata.count plus the empty-page allowance", () => {
    const chain = new PageChain(link(0));
    const pages = [{ count: 3 }, ...Array.from({ length: 50 }, () => ({}))];
    expect(() => walk(chain, pages)).toThrow(PagingError);
    expect(() => walk(new PageChain(link(0)), pages)).toThrow(/past 13 pages \(more than its @odata.count allows\)/);
    expect(3 + EMPTY_PAGE_ALLOWANCE).toBe(13);
  });

  it("without a count, at MAX_PAGES", () => {
    const chain = new PageChain(link(0));
    let error: unknown;
    let pages = 0;
    try {
      for (; pages < MAX_PAGES + 5; pages++) chain.next({ value: [] }, link(pages + 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PagingError);
    expect(pages + 1).toBe(MAX_PAGES);
  });

  it("sees a link again however it is percent-encoded", () => {
    const chain = new PageChain("https://graph.example/v1.0/reports?$filter=a eq true");
    expect(() => chain.next({ value: [] }, "https://graph.example/v1.0/reports?$filter=a%20eq%20true")).toThrow(
      /already read/,
    );
    expect(new PageChain(link(0)).next({ value: [] }, undefined)).toBeUndefined();
  });
});
