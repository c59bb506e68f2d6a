/**
 * Starts Azurite in memory on 127.0.0.1 and a free port, for the demo, tests and benchmark: its table
 * service (the audit's tables), or its blob service (an acceptances file published as a blob).
 * Production code never imports this.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";

export interface RunningAzurite {
  /** A connection string for @azure/data-tables (the well-known, public Azurite development key). */
  connectionString: string;
  tableEndpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface RunningAzuriteBlob {
  /** http://127.0.0.1:<port>/devstoreaccount1: the account's blob endpoint. */
  blobEndpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Azurite's documented development account; not a secret. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

type Service = "table" | "blob";

function azuriteBin(service: Service): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("azurite/package.json");
  return path.join(path.dirname(pkg), "dist", "src", service, "main.js");
}

/** Starts one Azurite service and waits until it answers; returns its port and how to stop it. */
async function startService(service: Service): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      azuriteBin(service),
      `--${service}Host`,
      "127.0.0.1",
      `--${service}Port`,
      String(port),
      "--inMemoryPersistence",
      "--skipApiVersionCheck",
      "--disableTelemetry",
      "--silent",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  // Any HTTP answer (an error status included) says the service listens.
  const probe = service === "table" ? `${AZURITE_ACCOUNT}/Tables` : `${AZURITE_ACCOUNT}?comp=list`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30_000);
    const poll = setInterval(async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/${probe}`, { method: "GET" });
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      } catch {
        if (child.exitCode !== null) {
          clearInterval(poll);
          clearTimeout(timer);
          reject(new Error(`Azurite exited with ${child.exitCode}:\n${output}`));
        }
      }
    }, 100);
  });
  return {
    port,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      });
    },
  };
}

export async function startAzurite(): Promise<RunningAzurite> {
  const { port, stop } = await startService("table");
  const tableEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    port,
    tableEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${tableEndpoint};`,
    stop,
  };
}

export async function startAzuriteBlob(): Promise<RunningAzuriteBlob> {
  const { port, stop } = await startService("blob");
  return { port, blobEndpoint: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`, stop };
}
