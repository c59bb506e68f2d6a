/** Entry point of a spawned simulator: options as JSON on stdin, one JSON line with baseUrl on stdout. */
import { startGraphSimulator, type GraphSimulatorOptions } from "./index.js";

const chunks: Buffer[] = [];
process.stdin.on("data", (c: Buffer) => chunks.push(c));
process.stdin.on("end", () => {
  void (async () => {
    const options = JSON.parse(Buffer.concat(chunks).toString("utf8")) as GraphSimulatorOptions;
    const sim = await startGraphSimulator(options);
    process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl, pid: process.pid })}\n`);
    const stop = () => void sim.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  })().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
});
