import { describe, expect, it } from "vitest";
import { UserError } from "../../shared/errors.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { createGraphCredential, StaticTokenCredential } from "../../shared/graph/credential.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { SECTION_NAMES } from "../../shared/snapshot/types.js";
import { graphError, sendJson, startLocalServer } from "./localServer.js";

describe("abort", () => {
  it("ends a Retry-After wait when the signal aborts", async () => {
    const controller = new AbortController();
    const server = await startLocalServer((_req, res) => {
      sendJson(res, 429, graphError("TooManyRequests", "wait"), { "Retry-After": "600" });
      controller.abort();
    });
    try {
      const graph = createGraphClient({ graphBaseUrl: server.baseUrl, accessToken: "fake", maxRetries: 3 });
      await expect(graph.get("/organization", { abortSignal: controller.signal })).rejects.toMatchObject({
        name: "AbortError",
      });
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("collectSnapshot marks every section timeout instead of throwing when aborted", async () => {
    const server = await startLocalServer((_req, res) =>
      sendJson(res, 500, graphError("Unexpected", "should not be called")),
    );
    try {
      const graph = createGraphClient({ graphBaseUrl: server.baseUrl, accessToken: "fake" });
      const snapshot = await collectSnapshot(graph, {
        tenantId: "00000000-0000-0000-0000-000000000001",
        declaredWriteback: "unset",
        auditSince: "2026-01-01T00:00:00Z",
        abortSignal: AbortSignal.abort(),
      });
      for (const name of SECTION_NAMES) {
        const section = snapshot.sections[name];
        expect(section.status, name).toBe("unknown");
        if (section.status === "unknown") expect(["timeout", "dependency"], name).toContain(section.reason);
      }
      expect(snapshot.tenantId).toBe("00000000-0000-0000-0000-000000000001");
      expect(server.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it("rejects an auditSince that is not an instant with a UserError", async () => {
    const graph = createGraphClient({ graphBaseUrl: "http://127.0.0.1:9", accessToken: "fake" });
    await expect(
      collectSnapshot(graph, { declaredWriteback: "unset", auditSince: "yesterday' or 1 eq 1" }),
    ).rejects.toBeInstanceOf(UserError);
  });
});

describe("createGraphCredential", () => {
  it("uses GRAPH_ACCESS_TOKEN as is and never serialises it", async () => {
    const credential = createGraphCredential({ accessToken: "fake-token-value" });
    expect(credential).toBeInstanceOf(StaticTokenCredential);
    expect((await credential.getToken("https://graph.microsoft.com/.default"))?.token).toBe("fake-token-value");
    expect(JSON.stringify({ credential })).not.toContain("fake-token-value");
  });

  it("otherwise builds a DefaultAzureCredential for the configured cloud", () => {
    const credential = createGraphCredential({
      authorityHost: "https://login.microsoftonline.us",
      managedIdentityClientId: "11111111-1111-1111-1111-111111111111",
    });
    expect(credential.constructor.name).toBe("DefaultAzureCredential");
  });
});
