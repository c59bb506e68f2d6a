/**
 * Partitioned synced-user reads give the same snapshot as one chain, with and without latency, on
 * tenants whose UPNs hold upper case, digits, guests' #EXT#, non-ASCII and characters outside the
 * partition alphabet: against the simulator, with partitions forced small so a few thousand users
 * are read in a dozen chains or more.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchRequest, GraphClient, GraphOperationOptions } from "../../shared/graph/GraphClient.js";
import { collectSnapshot } from "../../shared/graph/collectSnapshot.js";
import { buildTenant, startGraphSimulator, type GraphSimulator } from "../../sim/graph/index.js";
import { makeUser } from "../../sim/graph/profiles/builder.js";
import { graphFor } from "./simulatorClient.js";

const SINCE = new Date(Date.now() - 7 * 86_400_000).toISOString();

/** A generated tenant plus users whose UPNs start with `locals`, synced and not, SSPR for everyone. */
async function tenantWith(locals: string[]): Promise<GraphSimulator> {
  const tenant = buildTenant({ seed: 11, users: 3_000, syncedShare: 0.4 });
  locals.forEach((local, i) => {
    const id = `0000aaaa-0000-4000-8000-${String(i).padStart(12, "0")}`;
    tenant.users.add(
      makeUser({
        id,
        displayName: `Odd ${i}`,
        upnLocal: local,
        domain: "contoso.example",
        synced: i % 2 === 0,
        createdAt: "2024-01-01T00:00:00Z",
      }),
    );
  });
  const sim = await startGraphSimulator({ profile: "demo", tenant });
  sim.mutate.setSsprScope("all");
  return sim;
}

/** A client that records the URL of every request it sends, batched or not. */
function recording(graph: GraphClient, urls: string[]): GraphClient {
  return {
    ...graph,
    get: <T>(path: string, options?: GraphOperationOptions) => (urls.push(path), graph.get<T>(path, options)),
    batch: (requests: readonly BatchRequest[], options?: GraphOperationOptions) => {
      urls.push(...requests.map((r) => r.url));
      return graph.batch(requests, options);
    },
  };
}

async function sectionsOf(sim: GraphSimulator, usersPerPartition: number, urls: string[] = []) {
  const snapshot = await collectSnapshot(recording(graphFor(sim.baseUrl), urls), {
    declaredWriteback: "on",
    auditSince: SINCE,
    usersPerPartition,
    now: () => new Date("2026-06-01T00:00:00Z"),
  });
  return snapshot.sections;
}

const partitioned = (urls: string[], path: string) =>
  urls.filter((u) => u.startsWith(path) && decodeURIComponent(u).includes("startsWith(userPrincipalName,"));

describe.each([
  {
    name: "UPNs inside the documented alphabet (upper case, digits, #EXT#, symbols)",
    locals: [
      "ZOE",
      "Émile".normalize("NFKD").replace(/\p{M}/gu, ""),
      "9lives",
      "o'neil",
      "_svc",
      "~tilde",
      "x_fabrikam.com#EXT#",
    ],
  },
  {
    name: "UPNs outside it (non-ASCII, emoji, '+', '&')",
    locals: ["émile", "Øyvind", "😀smile", "+plus", "&amp", "ZOE"],
  },
])("$name", ({ locals }) => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await tenantWith(locals);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("partitioned reads give the snapshot one chain gives, with and without latency", async () => {
    const oneChain = await sectionsOf(sim, Number.MAX_SAFE_INTEGER);
    const urls: string[] = [];
    const split = await sectionsOf(sim, 100, urls);
    expect(split.syncedUsers.status).toBe("ok");
    expect(split).toEqual(oneChain);
    // Every synced user once: the tenant's synced users plus the odd ones that are synced.
    expect(split.syncedUsers.status === "ok" && split.syncedUsers.data.count).toBe(sim.tenant.users.synced(true).count);
    expect(partitioned(urls, "/users?").length).toBeGreaterThanOrEqual(10);
    // The SSPR report is one chain (it is rate-limited: partitions would only wait on the same window).
    expect(urls.filter((u) => u.includes("/userRegistrationDetails")).length).toBeGreaterThan(0);
    expect(partitioned(urls, "/reports/authenticationMethods/userRegistrationDetails")).toEqual([]);

    sim.setFaults([{ match: {}, effect: { type: "latency", ms: 15 } }]);
    try {
      expect(await sectionsOf(sim, 100)).toEqual(oneChain);
    } finally {
      sim.setFaults([]);
    }
  });
});
