/**
 * The progress line of a long audit: on a terminal's stderr, sections done and the pages of each long
 * chain with the estimate from @odata.count; nothing on stderr when it is not a terminal or the output
 * is JSON or CSV. A generated tenant with 2,000 synced users gives the synced-user chain three pages.
 */
import { describe, expect, it } from "vitest";
import { simulatorForSuite } from "../sim/support.js";
import { runMain } from "./run.js";

const sim = simulatorForSuite({ profile: { seed: "progress", users: 4000, syncedShare: 0.5 }, timeFactor: 0 });
const TOKEN = { GRAPH_ACCESS_TOKEN: "fake" };
const audit = (io: Parameters<typeof runMain>[2], ...args: string[]) =>
  runMain(["audit", "--graph-url", sim().baseUrl, ...args], TOKEN, io);

describe("progress on a terminal", () => {
  it("rewrites one stderr line: sections done, pages of the synced-user chain of about 3, then clears it", async () => {
    const r = await audit({ stderrIsTty: true, stderrColumns: 400 });
    expect(r.code, r.stderr).toBe(0);
    const frames = r.stderr.split("\r").filter(Boolean);
    // Every frame rewrites the line and clears what a longer one left; the last one clears it all.
    expect(frames.at(-1)).toBe("\u001b[K");
    for (const f of frames.slice(0, -1)) {
      expect(f).toMatch(/^Auditing: \d+\/13 sections/);
      expect(f.endsWith("\u001b[K")).toBe(true);
    }
    expect(frames).toContain("Auditing: 13/13 sections\u001b[K");
    const counts = frames.slice(0, -1).map((f) => Number(/^Auditing: (\d+)/.exec(f)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // 2,000 synced users at 999 a page: the second page says where it stands against $count.
    expect(r.stderr).toContain("syncedUsers 2 pages of about 3 (1,998 of 2,000 items)");
    // The report itself is untouched on stdout.
    expect(r.stdout).toMatch(/^writeback-watch exposure report/);
    expect(r.stdout).not.toContain("Auditing:");
  });

  it("keeps within the terminal's width", async () => {
    const r = await audit({ stderrIsTty: true, stderrColumns: 40 });
    for (const f of r.stderr.split("\r").filter(Boolean)) expect(f.replace("\u001b[K", "").length).toBeLessThan(40);
  });

  it("prints nothing extra when stderr is not a terminal, or with --json or --format csv", async () => {
    expect((await audit({ stderrIsTty: false })).stderr).toBe("");
    expect((await audit({ stderrIsTty: true }, "--json")).stderr).toBe("");
    expect((await audit({ stderrIsTty: true }, "--format", "csv")).stderr).toBe("");
  });
});
