/**
 * Starts Azurite's table service in memory on 127.0.0.1 and a free port, for the demo, tests and
 * benchmark. Production code never imports this.
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

/** Azurite's documented development account; not a secret. */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

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

function azuriteTableBin(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("azurite/package.json");
  return path.join(path.dirname(pkg), "dist", "src", "table", "main.js");
}

export async function startAzurite(): Promise<RunningAzurite> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      azuriteTableBin(),
      "--tableHost",
      "127.0.0.1",
      "--tablePort",
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
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30_000);
    const poll = setInterval(async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/${DEV_ACCOUNT}/Tables`, { method: "GET" });
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
  const tableEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return {
    port,
    tableEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=${tableEndpoint};`,
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
