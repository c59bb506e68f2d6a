/**
 * `npx tsx scripts/record-demo.ts [DIR]`: records the demo tenant the way a user records theirs —
 * `writeback-watch audit --record DIR` against the Graph simulator, with an app-only token holding
 * exactly the permissions the product grants — so the shipped recording (default
 * test/recordings/demo) is made by the same code path as a contributed one. Rerun it when the demo
 * tenant changes.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../shared/cli/main.js";
import { REQUIRED_GRAPH_PERMISSIONS } from "../shared/graph/permissions.js";
import { mintToken, startGraphSimulator } from "../sim/graph/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const directory = path.resolve(process.argv[2] ?? path.join(root, "test/recordings/demo"));

const sim = await startGraphSimulator({ profile: "demo" });
try {
  rmSync(directory, { recursive: true, force: true });
  const token = mintToken({ roles: REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission), idtyp: "app" });
  const code = await main(["audit", "--json", "--graph-url", sim.baseUrl, "--record", directory], {
    stdout: () => undefined,
    stderr: (t) => process.stderr.write(t),
    env: { GRAPH_ACCESS_TOKEN: token },
    isTty: false,
  });
  if (code !== 0) throw new Error(`the audit exited with ${code}`);
  process.stdout.write(`Recorded the demo tenant in ${path.relative(root, directory) || directory}\n`);
} finally {
  await sim.close();
}
