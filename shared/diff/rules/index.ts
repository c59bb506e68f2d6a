/**
 * The diff rules and causes, in the order they run. A new rule is one file in this folder (a
 * DiffRule) and one line here; a new cause, one file in ../causes and one line here.
 * Earlier rules may claim findings so later ones leave them alone (eligible → active before added).
 */
import type { CauseRule, DiffRule } from "./rule.js";
import { writebackState } from "./writebackState.js";
import { ssprUsers } from "./ssprUsers.js";
import { ssprAdmin } from "./ssprAdmin.js";
import { eligibleActivated } from "./eligibleActivated.js";
import { findingAdded } from "./findingAdded.js";
import { findingRemoved } from "./findingRemoved.js";
import { findingChanged } from "./findingChanged.js";
import { writebackSwitched } from "../causes/writebackSwitched.js";
import { groupRole } from "../causes/groupRole.js";
import { principalRole } from "../causes/principalRole.js";

export const RULES: readonly DiffRule[] = [
  writebackState,
  ssprUsers,
  ssprAdmin,
  eligibleActivated,
  findingAdded,
  findingRemoved,
  findingChanged,
];

export const CAUSES: readonly CauseRule[] = [writebackSwitched, groupRole, principalRole];
