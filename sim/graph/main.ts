/**
 * `npm run sim -- --profile demo|generated [--users N] [--seed S] [--synced-share X] [--port P]`:
 * starts the simulator alone, prints its base URL and serves until Ctrl-C.
 * `npm run sim -- --replay DIR [--port P]` serves a recording (`writeback-watch audit --record DIR`) instead.
 */
import { parseArgs } from "node:util";
import { startGraphSimulator, DEMO } from "./index.js";
import { startReplayServer } from "./replay/replayServer.js";

function fail(message: string): never {
  process.stderr.write(
    `${message}\nUsage: npm run sim -- --profile demo|generated [--users N] [--seed S] [--synced-share 0.3] [--port P]\n` +
      `       npm run sim -- --replay DIR [--port P]\n`,
  );
  process.exit(2);
}

function serveUntilStopped(close: () => Promise<void>): void {
  const stop = () => void close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        profile: { type: "string", default: "demo" },
        users: { type: "string" },
        seed: { type: "string", default: "1" },
        "synced-share": { type: "string" },
        port: { type: "string" },
        replay: { type: "string" },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer 0-65535 (got ${values.port}).`);
  if (values.replay !== undefined) {
    const replay = await startReplayServer({
      directory: values.replay,
      port,
      onMiss: (request) => process.stderr.write(`not in the recording (answered 404): ${request}\n`),
    });
    process.stdout.write(
      `Microsoft Graph replay of ${values.replay} listening.\n` +
        `  base URL:  ${replay.baseUrl}   (Graph root: ${replay.baseUrl}/v1.0)\n` +
        `  recorded:  ${replay.recordedAt}\n` +
        `Audit it: writeback-watch audit --graph-url ${replay.baseUrl} (GRAPH_ACCESS_TOKEN=any). Ctrl-C to stop.\n`,
    );
    serveUntilStopped(replay.close);
    return;
  }
  let profile: "demo" | { seed: string; users: number; syncedShare?: number };
  if (values.profile === "demo") profile = "demo";
  else if (values.profile === "generated") {
    const users = Number(values.users ?? "1000");
    if (!Number.isInteger(users) || users < 1) fail(`--users must be a positive integer (got ${values.users}).`);
    const share = values["synced-share"] === undefined ? undefined : Number(values["synced-share"]);
    if (share !== undefined && !(share >= 0 && share <= 1))
      fail(`--synced-share must be between 0 and 1 (got ${values["synced-share"]}).`);
    profile = { seed: values.seed ?? "1", users, ...(share !== undefined ? { syncedShare: share } : {}) };
  } else fail(`--profile must be demo or generated (got ${values.profile}).`);

  const sim = await startGraphSimulator({ profile, port });
  process.stdout.write(
    `Microsoft Graph simulator (${values.profile}) listening.\n` +
      `  base URL:  ${sim.baseUrl}   (Graph root: ${sim.baseUrl}/v1.0)\n` +
      `  tenant id: ${profile === "demo" ? DEMO.tenantId : sim.tenant.tenantId}\n` +
      `  users:     ${sim.tenant.users.count}\n` +
      `Any "Authorization: Bearer <x>" is accepted. Ctrl-C to stop.\n`,
  );
  serveUntilStopped(sim.close);
}

void main().catch((err: unknown) => fail((err as Error).message));
