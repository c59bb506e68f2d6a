import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GuidSet } from "../../shared/graph/GuidSet.js";

describe("GuidSet", () => {
  it("agrees with a Set<string> over many random GUIDs, through several growths", () => {
    const ids = Array.from({ length: 50_000 }, () => randomUUID());
    const set = new GuidSet(16);
    const inSet = ids.filter((_, i) => i % 3 !== 0);
    for (const id of inSet) set.add(id);
    for (const id of inSet) set.add(id); // duplicates are not counted twice
    expect(set.size).toBe(inSet.length);
    for (const [i, id] of ids.entries()) expect(set.has(id), id).toBe(i % 3 !== 0);
  });

  it("treats GUIDs case-insensitively, and keeps anything else exactly", () => {
    const set = new GuidSet();
    set.add("AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE").add("not-a-guid").add("00000000-0000-0000-0000-000000000000");
    expect(set.has("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")).toBe(true);
    expect(set.has("not-a-guid")).toBe(true);
    expect(set.has("NOT-A-GUID")).toBe(false);
    expect(set.has("00000000-0000-0000-0000-000000000000")).toBe(true);
    expect(set.has("00000000-0000-0000-0000-000000000001")).toBe(false);
    expect(set.size).toBe(3);
  });
});
