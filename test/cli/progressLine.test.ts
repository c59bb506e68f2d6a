import { describe, expect, it } from "vitest";
import { createProgressLine, describeChain } from "../../shared/cli/progressLine.js";

describe("describeChain", () => {
  it("estimates the pages from @odata.count and the first page's size", () => {
    expect(describeChain({ pages: 34, items: 33_966, firstPageItems: 999, expectedItems: 100_000 })).toBe(
      "34 pages of about 101 (33,966 of 100,000 items)",
    );
    // Never an estimate below what was read (a count that was too low).
    expect(describeChain({ pages: 5, items: 4_995, firstPageItems: 999, expectedItems: 10 })).toBe(
      "5 pages of about 5 (4,995 of 10 items)",
    );
    expect(describeChain({ pages: 12, items: 11_988, firstPageItems: 999 })).toBe("12 pages (11,988 items)");
  });
});

describe("createProgressLine", () => {
  it("shows chains of two pages or more until their section is done, then clears the line once", () => {
    let out = "";
    const line = createProgressLine((t) => (out += t));
    line.update({ kind: "page", section: "syncedUsers", chain: "/users", pages: 1, items: 999, expectedItems: 2500 });
    line.update({ kind: "section", section: "licences", status: "ok" });
    line.update({ kind: "page", section: "syncedUsers", chain: "/users", pages: 2, items: 1998, expectedItems: 2500 });
    line.update({ kind: "section", section: "syncedUsers", status: "unknown" });
    line.done();
    line.done();
    expect(out.split("\r").filter(Boolean)).toEqual([
      "Auditing: 0/13 sections\u001b[K",
      "Auditing: 1/13 sections\u001b[K",
      "Auditing: 1/13 sections · syncedUsers 2 pages of about 3 (1,998 of 2,500 items)\u001b[K",
      "Auditing: 2/13 sections\u001b[K",
      "\u001b[K",
    ]);
  });

  it("writes nothing when nothing was shown", () => {
    let out = "";
    createProgressLine((t) => (out += t)).done();
    expect(out).toBe("");
  });
});
