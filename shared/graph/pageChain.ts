/**
 * Following `@odata.nextLink` so that a broken chain ends instead of looping or counting twice.
 * Graph's paging guidance ("Paging Microsoft Graph data in your app", concepts/paging.md) says to
 * follow the link until there is none; it promises nothing about a link that comes back, so:
 *
 * - a link already read in this chain is a loop: the chain stops with a PagingError;
 * - a chain has a page budget. When the first page carries `@odata.count`, a well-behaved chain has
 *   at most one page per object plus a few empty ones, so the budget is that count plus
 *   EMPTY_PAGE_ALLOWANCE; without a count it is MAX_PAGES (5,000 pages, five million objects at
 *   the 999-a-page maximum, far beyond any collection the collectors read).
 *
 * A PagingError is a GraphRequestError, so the section it happens in becomes unknown with its
 * message, never a partial count presented as complete.
 */
import { GraphRequestError } from "../errors.js";
import type { GraphPage } from "./GraphClient.js";
import { requestPathOf } from "./graphErrors.js";

export const MAX_PAGES = 5_000;
/** Pages with no items that a well-behaved chain may still return (Graph does send empty pages with a link). */
export const EMPTY_PAGE_ALLOWANCE = 10;

export class PagingError extends GraphRequestError {
  override name = "PagingError";
}

/** One chain of pages: checks each nextLink before it is followed. */
export class PageChain {
  private readonly seen = new Set<string>();
  private pages = 0;
  private budget: number;
  private budgetFromCount = false;

  /** `firstUrl` absolute, as sent. */
  constructor(
    private readonly firstUrl: string,
    maxPages: number = MAX_PAGES,
  ) {
    this.seen.add(canonical(firstUrl));
    this.budget = maxPages;
  }

  /** Records a page just read and returns the URL to read next, or undefined when the chain is complete. */
  next(page: GraphPage<unknown>, nextLink: string | undefined): string | undefined {
    this.pages++;
    if (this.pages === 1 && page.count !== undefined && page.count + EMPTY_PAGE_ALLOWANCE < this.budget) {
      this.budget = page.count + EMPTY_PAGE_ALLOWANCE;
      this.budgetFromCount = true;
    }
    if (!nextLink) return undefined;
    const path = requestPathOf(this.firstUrl);
    const key = canonical(nextLink);
    if (this.seen.has(key)) {
      throw new PagingError(
        `Graph's paging of ${path} returned an @odata.nextLink already read (after ${this.pages} page${this.pages === 1 ? "" : "s"}); the section is left unknown rather than counted twice, and the next run reads it again.`,
        0,
        "PagingLoop",
        path,
      );
    }
    if (this.pages >= this.budget) {
      throw new PagingError(
        `Graph's paging of ${path} went on past ${this.budget} pages${this.budgetFromCount ? " (more than its @odata.count allows)" : ""}; the section is left unknown, and the next run reads it again.`,
        0,
        "PagingLimit",
        path,
      );
    }
    this.seen.add(key);
    return nextLink;
  }
}

/** The same link however it is percent-encoded (a space as is or as %20). */
function canonical(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
