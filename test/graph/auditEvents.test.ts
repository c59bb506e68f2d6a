import { describe, expect, it } from "vitest";
import { bySyncService, collectAuditEvents } from "../../shared/graph/collectors/auditEvents.js";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { syncedUserLookupFromSet } from "../../shared/graph/syncedUserLookup.js";
import { sendJson, startLocalServer } from "./localServer.js";

const event = (id: string, activity: string, at: string, result: string, targetId?: string) => ({
  id,
  activityDisplayName: activity,
  activityDateTime: at,
  result,
  initiatedBy: { user: { id: "actor", displayName: "Actor", userPrincipalName: "actor@x.example" }, app: null },
  targetResources: targetId ? [{ id: targetId, type: "User", userPrincipalName: `${targetId}@x.example` }] : [],
});

describe("auditEvents evidence", () => {
  it("counts only successful toggles and resets as evidence, and quotes its filter literals", async () => {
    const server = await startLocalServer((_req, res) =>
      sendJson(res, 200, {
        value: [
          event("e3", "Enable password writeback for directory", "2026-03-03T00:00:00Z", "failure"),
          event("e2", "Reset password (by admin)", "2026-03-02T00:00:00Z", "failure", "synced-1"),
          event("e1", "Reset password (by admin)", "2026-03-01T12:00:00Z", "success", "synced-1"),
          event("e0", "Disable password writeback for directory", "2026-03-01T00:00:00Z", "success"),
        ],
      }),
    );
    try {
      const graph = createGraphClient({ graphBaseUrl: server.baseUrl, accessToken: "fake" });
      const section = await collectAuditEvents(graph, {
        since: "2026-03-01T00:00:00Z",
        syncedUsers: syncedUserLookupFromSet(new Set(["synced-1"])),
        now: () => new Date("2026-03-04T00:00:00Z"),
      });
      expect(section.status).toBe("ok");
      if (section.status !== "ok") return;
      expect(section.data.toggles.map((t) => t.id)).toEqual(["e0", "e3"]);
      expect(section.data.lastToggle?.id).toBe("e0");
      expect(section.data.syncedUserResets.map((r) => r.id)).toEqual(["e1", "e2"]);
      expect(section.data.lastSyncedUserReset?.id).toBe("e1");
      expect(section.data).toMatchObject({ since: "2026-03-01T00:00:00.000Z", until: "2026-03-04T00:00:00.000Z" });
      const filter = new URL(server.seen[0]!.url, "http://x").searchParams.get("$filter")!;
      expect(filter).toContain("activityDateTime ge 2026-03-01T00:00:00.000Z and (");
      expect(filter).toContain("activityDisplayName eq 'Reset password (by admin)'");
      // Microsoft's list (reference-audit-activities.md): Core Directory logs "Reset password" and
      // "Change user password"; "Reset user password" is not a Microsoft activity name.
      expect(filter).toContain("activityDisplayName eq 'Reset password'");
      expect(filter).toContain("activityDisplayName eq 'Unlock user account (self-service)'");
      expect(filter).not.toContain("Reset user password");
    } finally {
      await server.close();
    }
  });
});

describe("bySyncService", () => {
  it("recognises the sync accounts, whose password writes flow from AD to the cloud", () => {
    expect(bySyncService({ userPrincipalName: "Sync_CONNECT01_4f1b2c3d4e5f@contoso.onmicrosoft.com" })).toBe(true);
    expect(bySyncService({ userPrincipalName: "ADToAADSyncServiceAccount@contoso.onmicrosoft.com" })).toBe(true);
    expect(bySyncService({ displayName: "Microsoft Azure AD Connect Sync" })).toBe(true);
    expect(bySyncService({ userPrincipalName: "helpdesk.sync_team@contoso.com", displayName: "Sync team lead" })).toBe(
      false,
    );
    expect(bySyncService({ userPrincipalName: "alice@contoso.com" })).toBe(false);
  });

  it("recognises the sync engine's application identities (initiatedBy.app)", () => {
    // The Microsoft Entra AD Synchronization Service (authenticate-application-id.md).
    expect(bySyncService({ appId: "6BF85CFA-AC8A-4BE5-B5DE-425A0D0DC016" })).toBe(true);
    // Entra Connect's own app: a service principal holding an app role of that service.
    const connect = "0f0e0d0c-0000-4000-8000-000000000001";
    expect(bySyncService({ appId: "some-app", servicePrincipalId: connect }, new Set([connect]))).toBe(true);
    expect(bySyncService({ appId: "some-app", servicePrincipalId: connect })).toBe(false);
  });
});
