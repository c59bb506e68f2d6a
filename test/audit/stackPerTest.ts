/**
 * Suite plumbing for the end-to-end audit tests: one Azurite per suite file, and a fresh local stack
 * (Graph simulator, ACS stand-in, own table prefix) per test, closed after it.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { TableClient } from "@azure/data-tables";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../demo/localStack.js";

export interface StacksPerTest {
  /** A stack for the running test, with its own tables. */
  newStack(options?: LocalStackOptions): Promise<LocalStack>;
  /** A raw client for one of the current stack's tables (`name` without the prefix). */
  rawTable(name: string): TableClient;
}

export function stackPerTest(prefix: string): StacksPerTest {
  let azurite: RunningAzurite | undefined;
  let stack: LocalStack | undefined;
  let tablePrefix = "";
  let n = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });
  return {
    async newStack(options = {}) {
      if (!azurite) throw new Error("Azurite starts in beforeAll: call newStack inside a test.");
      n += 1;
      tablePrefix = `${prefix}${n}`;
      stack = await startLocalStack({ azurite, tablePrefix, ...options });
      return stack;
    },
    rawTable(name) {
      if (!azurite) throw new Error("Azurite starts in beforeAll: call rawTable inside a test.");
      return TableClient.fromConnectionString(azurite.connectionString, `${tablePrefix}${name}`, {
        allowInsecureConnection: true,
      });
    },
  };
}
