/** snapshotPayload: gzipped snapshot bytes split across binary properties and checked by hash. */
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import {
  decodePayload,
  encodePayload,
  MAX_PROPERTY_BYTES,
  PROPERTIES_PER_ROW,
} from "../../shared/store/snapshotPayload.js";

describe("snapshot payload", () => {
  it("round-trips and refuses bytes that do not match the recorded hash", async () => {
    const value = { blob: randomBytes(300_000).toString("base64") };
    const encoded = await encodePayload(value);
    expect(encoded.rows.length).toBe(Math.ceil(encoded.gzipped.length / (MAX_PROPERTY_BYTES * PROPERTIES_PER_ROW)));
    for (const row of encoded.rows) {
      expect(row.length).toBeLessThanOrEqual(PROPERTIES_PER_ROW);
      for (const part of row) expect(part.length).toBeLessThanOrEqual(MAX_PROPERTY_BYTES);
    }
    const parts = encoded.rows.flat();
    expect(await decodePayload(parts, encoded.sha256)).toEqual(value);
    await expect(decodePayload(parts.slice(0, -1), encoded.sha256)).rejects.toThrow(/SHA-256/);
  });
});
