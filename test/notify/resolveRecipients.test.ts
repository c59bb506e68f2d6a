import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGraphClient } from "../../shared/graph/GraphClient.js";
import { isEmailAddress, resolveRecipients, resolveRecipientsReport } from "../../shared/notify/resolveRecipients.js";

const GROUP = "0b6f3d4e-1c2a-4e5f-9a8b-7c6d5e4f3a2b";
let server: Server;
let base = "";
const seen: string[] = [];

beforeAll(async () => {
  // A tiny fake Graph: the one route resolveRecipients calls, in two pages.
  server = createServer((req, res) => {
    seen.push(req.url ?? "");
    const url = new URL(req.url ?? "/", base);
    res.setHeader("content-type", "application/json");
    if (url.pathname !== `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user`) {
      res.writeHead(404).end(JSON.stringify({ error: { code: "Request_ResourceNotFound", message: "no such group" } }));
      return;
    }
    if (url.searchParams.get("$skiptoken") === "p2") {
      res.end(
        JSON.stringify({
          value: [
            { id: "3", mail: "Carol@Contoso.com", userPrincipalName: "carol@contoso.com" },
            { id: "4", mail: "bad<addr>@x", userPrincipalName: "d@contoso.com" },
          ],
        }),
      );
      return;
    }
    res.end(
      JSON.stringify({
        value: [
          { id: "1", mail: "alice@contoso.com", userPrincipalName: "alice@contoso.com" },
          { id: "2", mail: null, userPrincipalName: "bob@contoso.onmicrosoft.com" },
        ],
        "@odata.nextLink": `${base}/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id,mail,userPrincipalName&$top=999&$skiptoken=p2`,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("resolveRecipients", () => {
  it("merges configured addresses with the group's members' mail, paged, deduplicated case-insensitively", async () => {
    const graph = createGraphClient({ graphBaseUrl: base, accessToken: "fake-token-for-tests" });
    const report = await resolveRecipientsReport(
      { recipients: ["ALICE@contoso.com", "sec@contoso.com"], recipientsGroupId: GROUP },
      graph,
    );
    expect(report.recipients).toEqual(["ALICE@contoso.com", "sec@contoso.com", "Carol@Contoso.com"]);
    expect(report.withoutMail).toBe(1);
    expect(report.invalid).toBe(1);
    expect(seen[0]).toBe(
      `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id,mail,userPrincipalName&$top=999&$count=true`,
    );
    expect(seen).toHaveLength(2);
  });

  it("rejects a group id that is not a GUID before any request", async () => {
    const before = seen.length;
    const graph = createGraphClient({ graphBaseUrl: base, accessToken: "fake-token-for-tests" });
    await expect(resolveRecipients({ recipients: [], recipientsGroupId: "x/../../users" }, graph)).rejects.toThrow(
      /GUID/,
    );
    expect(seen.length).toBe(before);
  });

  it("without a group needs no Graph client", async () => {
    expect(await resolveRecipients({ recipients: ["a@contoso.com", "A@CONTOSO.COM"] }, undefined)).toEqual([
      "a@contoso.com",
    ]);
  });

  it("validates addresses", () => {
    expect(isEmailAddress("owner@contoso.com")).toBe(true);
    expect(isEmailAddress("o.wner+x@sub.contoso.co.uk")).toBe(true);
    for (const bad of [
      "no-at",
      "a@b",
      "a b@contoso.com",
      "a@contoso.com\r\nBcc: x@y.z",
      "<a@contoso.com>",
      "a@-x.com",
    ]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
  });
});
