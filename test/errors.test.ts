/**
 * Redaction by value: a secret the process was given is removed wherever it shows up, in whatever
 * piece an error message cut it into, and a rethrown error carries only the scrubbed text.
 */
import { describe, expect, it } from "vitest";
import { registerSecret, scrubbedError, scrubSecrets } from "../shared/errors.js";

describe("scrubSecrets", () => {
  it("removes a registered value in full, in its pieces around a line break, and URL- or JSON-encoded", () => {
    const token = "fake-token-head\nfake-token-TAIL-after-newline";
    registerSecret(token);
    let headerError = "";
    try {
      new Headers().set("Authorization", `Bearer ${token}`);
    } catch (error) {
      headerError = String(error);
    }
    expect(headerError).toContain("TAIL-after-newline"); // what the platform itself prints
    const texts = [
      headerError,
      `GET /users?token=${encodeURIComponent(token)}`,
      JSON.stringify({ error: `bad token ${token}` }),
    ];
    for (const text of texts) {
      const scrubbed = scrubSecrets(text);
      expect(scrubbed).not.toContain("fake-token-head");
      expect(scrubbed).not.toContain("TAIL-after-newline");
      expect(scrubbed).toContain("[redacted]");
    }
  });

  it("removes a key that no pattern recognises", () => {
    registerSecret("S3cr3tKeyWithoutAName==");
    expect(scrubSecrets("Invalid connection string S3cr3tKeyWithoutAName== garbage")).toBe(
      "Invalid connection string [redacted] garbage",
    );
  });

  it("still removes credential-shaped text it was not told about", () => {
    expect(scrubSecrets("AccountKey=abc123;x")).toBe("AccountKey=[redacted];x");
    expect(scrubSecrets("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
  });
});

describe("scrubbedError", () => {
  it("keeps the name, scrubs message and stack, and drops the cause", () => {
    registerSecret("AnotherFakeKey0123==");
    const original = new TypeError("failed with AnotherFakeKey0123== inside", {
      cause: new Error("AnotherFakeKey0123=="),
    });
    const copy = scrubbedError(original);
    expect(copy.name).toBe("TypeError");
    expect(copy.message).toBe("failed with [redacted] inside");
    expect(copy.stack).not.toContain("AnotherFakeKey0123");
    expect(copy.cause).toBeUndefined();
  });
});
