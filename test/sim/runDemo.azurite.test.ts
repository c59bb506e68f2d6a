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
      expect(baseline!.alerts.sent).toBe(0);
      expect(second!.diff.changes.some((c) => c.direction === "increase" && c.type === "added")).toBe(true);
      expect(second!.alerts.sent).toBe(1);
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
