/** keys: table keys built only from validated or encoded values, ordered by time as strings. */
import { describe, expect, it } from "vitest";
import { base64urlKey, invertedTime, safeId, sortableTime, tenantKey } from "../../shared/store/keys.js";
import { UserError } from "../../shared/errors.js";

describe("keys", () => {
  it("accepts GUID tenants and safe ids, rejects what Table keys forbid", () => {
    expect(tenantKey("0B5C1E2A-7F3D-4C1E-9A6B-2D8F4E3C1A90")).toBe("0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a90");
    for (const bad of ["", "x", "0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a9/", "0b5c1e2a-7f3d-4c1e-9a6b-2d8f4e3c1a90\n"]) {
      expect(() => tenantKey(bad)).toThrow(UserError);
    }
    expect(safeId("20300101T000000000Z-ab12cd34", "id")).toBe("20300101T000000000Z-ab12cd34");
    for (const bad of ["a/b", "a\\b", "a#b", "a?b", "a\tb", "a\u007fb", "a\u0085b", "", "-lead", "x".repeat(200)]) {
      expect(() => safeId(bad, "id")).toThrow(UserError);
    }
  });

  it("orders times as strings: sortable ascending, inverted descending", () => {
    const a = new Date("2024-01-01T00:00:00Z");
    const b = new Date("2024-01-01T00:00:00.001Z");
    expect(sortableTime(a) < sortableTime(b)).toBe(true);
    expect(invertedTime(a) > invertedTime(b)).toBe(true);
    expect(() => sortableTime("not a date")).toThrow(UserError);
  });

  it("encodes free-form values (email addresses) reversibly into key-safe text", () => {
    const key = base64urlKey("snap-1:O'Brien/#?@contoso.example", "k");
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(key, "base64url").toString("utf8")).toBe("snap-1:O'Brien/#?@contoso.example");
    expect(() => base64urlKey("x".repeat(1000), "k")).toThrow(UserError);
  });
});
