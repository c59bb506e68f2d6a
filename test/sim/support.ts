/** Suite plumbing for the simulator tests. */
import { afterAll, beforeAll } from "vitest";
import { startGraphSimulator, type GraphSimulator, type GraphSimulatorOptions } from "../../sim/graph/index.js";

/**
 * Starts one simulator before the enclosing describe block's tests and closes it after them.
 * Returns the accessor the tests call: the simulator exists only once the hook has run.
 */
export function simulatorForSuite(options: GraphSimulatorOptions): () => GraphSimulator {
  let sim: GraphSimulator | undefined;
  beforeAll(async () => {
    sim = await startGraphSimulator(options);
  });
  afterAll(() => sim?.close());
  return () => {
    if (!sim)
      throw new Error("The simulator starts in beforeAll: use it inside a test or hook, not at collection time.");
    return sim;
  };
}
