import { describe, expect, it } from "vitest";
import { formatTable, formatTargets } from "../../bench/formatReport.js";

describe("formatTable", () => {
  it("pads every column to its widest cell, first column left, others right", () => {
    const text = formatTable(
      ["tenant", "requests"],
      [
        ["1k", "34"],
        ["ra20k+au500", "6,512"],
      ],
    );
    expect(text.split("\n")).toEqual([
      "tenant       requests",
      "-----------  --------",
      "1k                 34",
      "ra20k+au500     6,512",
    ]);
  });
});

describe("formatTargets", () => {
  it("prints one line per target with its status first, marking the ones not enforced", () => {
    const text = formatTargets([
      { name: "a", status: "PASS", detail: "x", enforced: true },
      { name: "b", status: "FAIL", detail: "y", enforced: true },
      { name: "rss", status: "FAIL", detail: "z", enforced: false },
    ]);
    expect(text).toBe("PASS  a: x\nFAIL  b: y\nFAIL  rss [measured, not enforced]: z");
  });
});
