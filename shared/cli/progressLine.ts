/**
 * The one line `writeback-watch audit` keeps rewriting on a terminal's stderr while it collects:
 * sections done, and for each chain still being paged, the pages read with an estimate from the
 * first page's `@odata.count` when the collector asked for one. A 100,000-user tenant reads for
 * seconds and a million-user one for over a minute; without this line the command looks hung.
 * Only used when stderr is a terminal: a pipeline's log gets nothing extra.
 */
import type { CollectionProgress } from "../graph/progress.js";
import { SECTION_NAMES } from "../snapshot/types.js";

interface Chain {
  pages: number;
  items: number;
  firstPageItems: number;
  expectedItems?: number;
}

export interface ProgressLine {
  update(event: CollectionProgress): void;
  /** Clears the line (call once, before the report is printed). */
  done(): void;
}

/** `write` receives raw terminal text; `columns` is the terminal width, when known. */
export function createProgressLine(write: (text: string) => void, columns?: number): ProgressLine {
  const finished = new Set<string>();
  const chains = new Map<string, Chain>();
  let shown = false;

  const render = () => {
    const parts = [`Auditing: ${finished.size}/${SECTION_NAMES.length} sections`];
    for (const [section, chain] of chains) {
      // A chain of one page is not a long chain: say nothing about it.
      if (finished.has(section) || chain.pages < 2) continue;
      parts.push(`${section} ${describeChain(chain)}`);
    }
    let line = parts.join(" · ");
    if (columns && line.length >= columns) line = `${line.slice(0, Math.max(0, columns - 2))}…`;
    write(`\r${line}\u001b[K`);
    shown = true;
  };

  return {
    update(event) {
      if (event.kind === "section") finished.add(event.section);
      else {
        const known = chains.get(event.section);
        chains.set(event.section, {
          pages: event.pages,
          items: event.items,
          firstPageItems: event.pages === 1 ? event.items : (known?.firstPageItems ?? event.items),
          ...(event.expectedItems !== undefined ? { expectedItems: event.expectedItems } : {}),
        });
      }
      render();
    },
    done() {
      if (shown) write("\r\u001b[K");
      shown = false;
    },
  };
}

/** "34 pages (33,966 of 100,000 items, about 101 pages)" or, without a count, "12 pages (11,988 items)". */
export function describeChain(chain: Chain): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const pages = `${n(chain.pages)} page${chain.pages === 1 ? "" : "s"}`;
  if (chain.expectedItems === undefined || chain.firstPageItems === 0) return `${pages} (${n(chain.items)} items)`;
  const estimate = Math.max(chain.pages, Math.ceil(chain.expectedItems / chain.firstPageItems));
  return `${pages} of about ${n(estimate)} (${n(chain.items)} of ${n(chain.expectedItems)} items)`;
}
