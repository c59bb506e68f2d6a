/** Teams through the Workflows stand-in: the card it accepts, and each fault posting at most once. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamsNotifier } from "../../../shared/notify/channels/teams/teamsNotifier.js";
import { TEAMS_MESSAGE_MAX_BYTES } from "../../../shared/notify/channels/teams/renderTeamsCard.js";
import { DeliveryDeferredError } from "../../../shared/notify/channels/deliverWithRetries.js";
import {
  startTeamsWorkflowSimulator,
  type RunningTeamsWorkflowSimulator,
} from "../../../sim/channels/startTeamsWorkflowSimulator.js";
import { alertContent, itemFor, recordingSleep } from "./fixtures.js";

let sim: RunningTeamsWorkflowSimulator;
/** The stand-in's clock (it throttles above four posts a second): waits advance it, each test starts later. */
let now = 0;
beforeAll(async () => {
  sim = await startTeamsWorkflowSimulator({ now: () => now });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFaults([]);
  now += 60_000;
});

function notifier(attemptTimeoutMs = 2000) {
  const clock = recordingSleep();
  const sleep = async (ms: number) => {
    now += ms;
    await clock.sleep(ms);
  };
  return { clock, teams: createTeamsNotifier({ url: sim.url }, { retry: { sleep, attemptTimeoutMs } }) };
}

async function post(teams: ReturnType<typeof notifier>["teams"], content = alertContent()) {
  const item = itemFor("teams", teams.renderAlert(content));
  return { item, result: await teams.deliver(item, { operationId: item.operationId! }) };
}

describe("Teams Workflows notifier", () => {
  it("posts an Adaptive Card that says what grew, who, reach, what to do, with the report link", async () => {
    const { teams } = notifier();
    const before = sim.cards.length;
    const content = alertContent(2);
    const { result } = await post(teams, content);
    expect(result.status).toBe("sent");
    expect(sim.cards.length).toBe(before + 1);
    const card = sim.cards.at(-1)!.card;
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.2" });
    const json = JSON.stringify(card);
    expect(json).toContain("Password writeback exposure increased");
    for (const fact of ["Who", "How", "Reach", "What to do"]) expect(json).toContain(`"title":"${fact}"`);
    expect(json).toContain("Helpdesk Person 0");
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open the report", url: content.reportUrl }]);
    expect(json).toContain(content.deliveryId);
  });

  it("429 with Retry-After: waits as asked, then posts once", async () => {
    const { teams, clock } = notifier();
    sim.setFaults([{ status: 429, retryAfterSeconds: 7 }]);
    const before = sim.cards.length;
    const { result } = await post(teams);
    expect(result.status).toBe("sent");
    expect(sim.cards.length).toBe(before + 1);
    expect(clock.waits).toEqual([7000]);
  });

  it("500 twice: retried with backoff, posted once", async () => {
    const { teams, clock } = notifier();
    sim.setFaults([{ status: 500, times: 2 }]);
    const before = sim.cards.length;
    expect((await post(teams)).result.status).toBe("sent");
    expect(sim.cards.length).toBe(before + 1);
    expect(clock.waits).toEqual([1000, 2000]);
  });

  it("500 on every try: stays queued (thrown for later), nothing posted", async () => {
    const { teams } = notifier();
    sim.setFaults([{ status: 500, times: 3 }]);
    const before = sim.cards.length;
    await expect(post(teams)).rejects.toBeInstanceOf(DeliveryDeferredError);
    expect(sim.cards.length).toBe(before);
  });

  it("a timeout after the flow took the card is not posted again (Workflows cannot spot a repeat)", async () => {
    const { teams } = notifier(200);
    sim.setFaults([{ stall: "after" }]);
    const before = sim.cards.length;
    const requests = sim.requests.length;
    const { result } = await post(teams);
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/may have arrived, so it is not sent again/);
    expect(sim.cards.length).toBe(before + 1);
    expect(sim.requests.length).toBe(requests + 1);
  });

  it("a refused MessageCard-style body is final: the stand-in enforces Adaptive Cards only", async () => {
    const { teams } = notifier();
    const item = itemFor("teams", {
      subject: "x",
      html: "",
      text: JSON.stringify({ "@type": "MessageCard", text: "hi" }),
    });
    const result = await teams.deliver(item, { operationId: item.operationId! });
    expect(result).toMatchObject({ status: "failed" });
    expect(result.error).toMatch(/400/);
  });

  it("a huge alert still fits the 28 KB limit and is accepted", async () => {
    const { teams } = notifier();
    const content = alertContent(400, (i) => `Person ${i} ${"x".repeat(200)}`);
    const rendered = teams.renderAlert(content);
    expect(Buffer.byteLength(rendered.text)).toBeLessThanOrEqual(TEAMS_MESSAGE_MAX_BYTES);
    expect(rendered.text).toContain("more increases: see the report");
    const item = itemFor("teams", rendered);
    expect((await teams.deliver(item, { operationId: item.operationId! })).status).toBe("sent");
  });

  it("five posts within a second: the fifth is throttled (429) and goes out after the backoff", async () => {
    const { teams, clock } = notifier();
    const before = sim.cards.length;
    for (let i = 0; i < 5; i++) expect((await post(teams)).result.status).toBe("sent");
    expect(sim.cards.length).toBe(before + 5);
    expect(clock.waits).toEqual([1000]);
  });

  it("escapes tenant strings for the card's Markdown", () => {
    const { teams } = notifier();
    const rendered = teams.renderAlert(alertContent(1, () => "[click](https://evil.example) **boss**"));
    expect(rendered.text).not.toContain("[click](https://evil.example)");
    expect(rendered.text).toContain("\\\\[click\\\\]\\\\(https://evil\\\\.example\\\\) \\\\*\\\\*boss\\\\*\\\\*");
  });
});
