/** Starting one audit worker in a fresh Node process and waiting for its figures. */
import { fork } from "node:child_process";
import type { WorkerRequest, WorkerResult } from "./types.js";

type WorkerMessage = { ok: true; result: WorkerResult } | { ok: false; error: string };

export interface RunWorkerOptions {
  /** The compiled worker (see compileWorker). */
  workerPath: string;
  /** Kill the worker after this long; a stuck audit must not hang the benchmark. */
  timeoutMs: number;
}

export function runWorker(request: WorkerRequest, options: RunWorkerOptions): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    // A fresh plain Node process: no loader and no flags inherited from the parent.
    const child = fork(options.workerPath, [JSON.stringify(request)], {
      execArgv: [],
      // The product's console output goes to our stderr, keeping stdout for the report.
      stdio: ["ignore", 2, 2, "ipc"],
    });
    let message: WorkerMessage | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`audit worker did not finish in ${Math.round(options.timeoutMs / 1000)} s; killed it`));
    }, options.timeoutMs);
    child.on("message", (m) => (message = m as WorkerMessage));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (message?.ok) resolve(message.result);
      else if (message) reject(new Error(`audit worker failed:\n${message.error}`));
      else reject(new Error(`audit worker exited with ${code ?? signal} and no result`));
    });
  });
}
