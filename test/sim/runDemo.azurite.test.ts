/** `npm start`: the demo walks baseline → mutation → diff → alert email, and can run twice in a row. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../demo/runDemo.js";
import { DEMO } from "../../sim/graph/index.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("the demo", () => {
  it("audits twice, prints the diff and writes the alert email; a second run starts clean", async () => {
    const mailDir = await mkdtemp(path.join(tmpdir(), "wbw-demo-"));
    dirs.push(mailDir);
    for (let round = 0; round < 2; round++) {
      let out = "";
      const result = await runDemo({ out: (t) => (out += t), mailDir });
      expect(result.exposures.map((e) => e.tenantId)).toEqual([DEMO.tenantId, DEMO.tenantId]);
      const [baseline, second] = result.runs;
      expect(baseline!.diff.baseline).toBe(true);
      // A baseline alerts no one; its findings still go to Log Analytics.
      expect(baseline!.alerts.byChannel).toEqual({ logs: { sent: 1, failed: 0, pending: 0 } });
      expect(second!.diff.changes.some((c) => c.direction === "increase" && c.type === "added")).toBe(true);
      // One email, one Teams card, one webhook event; the findings and the changes to Log Analytics.
      expect(second!.alerts.byChannel).toEqual({
        email: { sent: 1, failed: 0, pending: 0 },
        teams: { sent: 1, failed: 0, pending: 0 },
        webhook: { sent: 1, failed: 0, pending: 0 },
        logs: { sent: 2, failed: 0, pending: 0 },
      });
      expect(out).toMatch(/Teams card posted to the Workflows stand-in/);
      expect(out).toMatch(/Signed webhook delivered \(webhook-id [0-9a-f-]{36}, signature verified/);
      const card = JSON.parse(
        await readFile(
          result.channelFiles.find((f) => f.endsWith("teams-card.json"))!,
          "utf8",
        ),
      );
      expect(card.attachments[0].content.type).toBe("AdaptiveCard");
      const payload = JSON.parse(
        await readFile(
          result.channelFiles.find((f) => f.endsWith("webhook-payload.json"))!,
          "utf8",
        ),
      );
      expect(payload.type).toBe("writeback-watch.exposure.increased");
      expect(second!.exposure.headline.resetPaths!).toBeGreaterThan(baseline!.exposure.headline.resetPaths!);
      expect(out).toMatch(/^Reset-to-on-prem paths: \d+$/m);
      expect(out).toContain("a baseline, so no alert is sent");
      // Exactly this run's email is on disk (the earlier round's files were cleared).
      expect(result.emailFiles).toHaveLength(2);
      const html = await readFile(
        result.emailFiles.find((f) => f.endsWith(".html"))!,
        "utf8",
      );
      expect(html).toContain("Helpdesk Administrator");
      expect(html).not.toMatch(/<script>alert/i);
      const text = await readFile(
        result.emailFiles.find((f) => f.endsWith(".txt"))!,
        "utf8",
      );
      expect(text).toMatch(/new reset path/i);
    }
  });
});
