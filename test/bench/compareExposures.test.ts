import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprint, firstDifference } from "../../bench/compareExposures.js";

describe("canonicalJson / fingerprint", () => {
  it("ignores key order but not values or array order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(fingerprint({ b: 1, a: 2 })).toBe(fingerprint({ a: 2, b: 1 }));
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});

describe("firstDifference", () => {
  it("returns undefined for equal values", () => {
    expect(firstDifference({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBeUndefined();
  });

  it("names the path of the first difference", () => {
    expect(
      firstDifference({ findings: [{ key: "x" }, { key: "y" }] }, { findings: [{ key: "x" }, { key: "z" }] }),
    ).toBe('$.findings[1].key: "y" vs "z"');
    expect(firstDifference({ a: [1] }, { a: [1, 2] })).toBe("$.a.length: 1 vs 2");
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toBe("$.b: undefined vs 2");
    expect(firstDifference({ a: null }, { a: {} })).toBe("$.a: null vs {}");
  });
});
