/** Running the CLI in tests: as a user would (a child process on the TypeScript source), or main() in-process. */
import { defaultThrottlingMode } from "../../sim/graph/index.js";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main, type CliIo } from "../../shared/cli/main.js";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Waits for a child process to end, with everything it wrote. */
export function runOf(child: ChildProcessWithoutNullStreams): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Spawns the CLI as a user would (tsx on the TypeScript source), with a clean environment. */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = root): Promise<Run> {
  return runOf(
    spawn(tsx, [path.join(root, "shared/cli/main.ts"), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    }),
  );
}

/** Runs main() in-process with captured output (cheap: no process start); `io` sets terminal facts. */
export async function runMain(
  args: string[],
  env: Record<string, string> = {},
  io: Partial<Pick<CliIo, "isTty" | "stderrIsTty" | "stderrColumns">> = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    isTty: false,
    // Like the suite's other clients: the limit is kept only where the simulators enforce it.
    graphRateLimits: defaultThrottlingMode() === "off" ? "none" : "documented",
    ...io,
  });
  return { code, stdout, stderr };
}
