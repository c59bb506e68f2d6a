/**
 * The contract of one diff rule. The rules see two exposures computed under common coverage
 * (commonCoverage.ts), so they compare what is there without asking which sections were read.
 */
import type { Exposure } from "../../exposure/types.js";
import type { Change } from "../types.js";

export interface RuleInput {
  previous: Exposure;
  current: Exposure;
  /** Finding keys an earlier rule already accounted for: later rules leave them alone. */
  claimed: Set<string>;
}

export interface DiffRule {
  /** Stored on each change it makes (Change.rule). */
  name: string;
  changes(input: RuleInput): Change[];
}

/**
 * A cause folds the changes it explains into one change that lists them (Change.items): one line
 * per cause, not one per finding it moved.
 */
export interface CauseRule {
  name: string;
  fold(changes: Change[], input: Omit<RuleInput, "claimed">): Change[];
}
