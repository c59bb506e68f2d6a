/**
 * `writeback-watch accept`, `acceptances` and `revoke` against a real Azurite holding stored audits:
 * an acceptance recorded with who, until and why, listed with the findings it covers, revoked with a
 * history line; bad input exits 2 with one message (the closest keys for an unknown one) and writes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { createTableStores, type TableStores } from "../../shared/store/createTableStores.js";
import type { AcceptanceEvent } from "../../shared/acceptance/types.js";
import type { AcceptancesListing } from "../../shared/audit/acceptances.js";
import { HELPDESK_TEMPLATE, SEED_TENANT, seedResetPathKeys, storeHourlySnapshots } from "../functions/seed.js";
import { runMain } from "./run.js";

let azurite: RunningAzurite;
let stores: TableStores;
const env = () => ({ AUDIT_STORAGE: azurite.connectionString, USER: "dana" });
const run = (args: string[]) => runMain(args, env());
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const keys = () => seedResetPathKeys(3);

beforeAll(async () => {
  azurite = await startAzurite();
  stores = await createTableStores({ connectionString: azurite.connectionString });
});

afterAll(async () => {
  await azurite?.stop();
});

describe("writeback-watch accept / acceptances / revoke", () => {
  it("before any audit: nothing to accept, exit 1", async () => {
    const r = await run(["acceptances"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no audit is stored yet/);
  });

  it("accepts a finding key, lists it as accepted, revokes it; the history keeps all three", async () => {
    await storeHourlySnapshots(stores, [3], "acc");
    const [key] = keys();

    const accepted = await run([
      "accept",
      key!,
      "--until",
      inDays(30),
      "--reason",
      "Vendor helpdesk, reviewed",
      "--json",
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const event = JSON.parse(accepted.stdout) as AcceptanceEvent;
    expect(event).toMatchObject({ action: "accept", by: expect.stringMatching(/^cli dana@/) });
    expect(event.acceptance).toMatchObject({ target: { key }, reason: "Vendor helpdesk, reviewed", owner: event.by });
    expect(event.acceptance.expiresAt).toBe(`${inDays(30)}T00:00:00.000Z`);

    const listing = JSON.parse((await run(["acceptances", "--json"])).stdout) as AcceptancesListing;
    expect(listing.acceptances.map((a) => [a.id, a.state])).toEqual([[event.acceptanceId, "in-force"]]);
    expect(listing.acceptances[0]!.findings).toEqual([expect.objectContaining({ key, status: "accepted" })]);

    const text = await run(["acceptances"]);
    expect(text.stdout).toContain(`${event.acceptanceId}  in-force  until ${event.acceptance.expiresAt}`);
    expect(text.stdout).toContain(`accepted  ${key}`);

    // Accepting the same target again renews it: same id, a new owner, a second history line.
    const renewed = await run([
      "accept",
      key!,
      "--until",
      inDays(60),
      "--reason",
      "Renewed",
      "--owner",
      "secops@contoso.example",
    ]);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toMatch(new RegExp(`^Renewed ${event.acceptanceId}: `));
    expect(renewed.stdout).toContain("owner secops@contoso.example");

    const revoked = await run(["revoke", event.acceptanceId]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked ${event.acceptanceId}: .* \\(by cli dana@`));
    const history = await stores.acceptances.history(SEED_TENANT, event.acceptanceId);
    expect(history.map((h) => h.action)).toEqual(["accept", "renew", "revoke"]);

    const again = await run(["revoke", event.acceptanceId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already revoked/);
  });

  it("accepts the principal + role pattern: every scope of that role", async () => {
    const principal = "00000000-0000-4000-8000-000000000002";
    const r = await run([
      "accept",
      `principal:${principal}:role:${HELPDESK_TEMPLATE}`,
      "--until",
      inDays(10),
      "--reason",
      "Break-glass",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const event = JSON.parse(r.stdout) as AcceptanceEvent;
    expect(event.acceptance.target).toEqual({ principalId: principal, roleTemplateId: HELPDESK_TEMPLATE });
    const listing = JSON.parse((await run(["acceptances", "--json"])).stdout) as AcceptancesListing;
    const mine = listing.acceptances.find((a) => a.id === event.acceptanceId)!;
    expect(mine.findings.map((f) => f.key)).toEqual(keys().filter((k) => k.includes(principal)));
  });

  it("bad input exits 2 with every problem named, and writes nothing", async () => {
    const [key] = keys();
    const before = await stores.acceptances.history(SEED_TENANT);
    const typo = key!.replace(/.$/, "x");
    const unknown = await run(["accept", typo, "--until", inDays(5), "--reason", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No finding of the latest audit .* matches/);
    expect(unknown.stderr).toContain(`Closest finding keys: ${key}`);

    const past = await run(["accept", key!, "--until", "2020-01-01", "--reason", "x"]);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/is in the past/);

    const far = await run(["accept", key!, "--until", inDays(400)]);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/A reason is required/);
    expect(far.stderr).toMatch(/more than 180 days away \(ACCEPTANCE_MAX_DAYS\)/);

    for (const args of [["accept"], ["revoke"], ["accept", key!, "--fail-on", "high"], ["acceptances", "extra"]]) {
      expect((await run(args)).code, args.join(" ")).toBe(2);
    }
    const missing = await run(["revoke", "acc-0000000000"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No acceptance has id "acc-0000000000"/);
    expect(await stores.acceptances.history(SEED_TENANT)).toEqual(before);
  });
});
