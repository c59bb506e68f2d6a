/**
 * Loads the built app the way the Functions host's Node.js worker does and prints, as JSON, every
 * function it registers. The @azure/functions library registers through a module the worker
 * provides, "@azure/functions-core" (without it the library switches to test mode and skips
 * registration); the worker supplies it by intercepting require, and so does this script, recording
 * each registerFunction call instead of starting an RPC channel. Then it imports every file the
 * package.json "main" glob names, as the host does for the v4 programming model
 * (https://learn.microsoft.com/azure/azure-functions/functions-reference-node#registering-a-function).
 *
 * Usage: node test/functions/listRegistrations.mjs <app root>
 */
import Module from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(process.argv[2] ?? ".");
const registrations = [];
const coreApi = {
  setProgrammingModel() {},
  registerFunction(metadata) {
    registrations.push(metadata);
    return { dispose() {} };
  },
  registerHook() {
    return { dispose() {} };
  },
  log() {},
};

const originalRequire = Module.prototype.require;
Module.prototype.require = function require(id, ...rest) {
  return id === "@azure/functions-core" ? coreApi : originalRequire.call(this, id, ...rest);
};

/** Supports the one glob shape the host documents for "main" with several entry files: `dir/*.js`. */
function entryFiles(main) {
  const match = /^(?:\.\/)?(.*?)\/?\*(\.[cm]?js)$/.exec(main);
  if (!match) return [path.join(root, main)];
  const dir = path.join(root, match[1]);
  return readdirSync(dir)
    .filter((name) => name.endsWith(match[2]))
    .sort()
    .map((name) => path.join(dir, name));
}

const { main } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const files = entryFiles(main);
if (files.length === 0) throw new Error(`"main" (${main}) matches no file under ${root}: run npm run build first.`);
for (const file of files) await import(pathToFileURL(file).href);
process.stdout.write(JSON.stringify({ files: files.map((f) => path.relative(root, f)), registrations }));
