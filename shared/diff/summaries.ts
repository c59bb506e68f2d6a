/** One-line summaries of a finding that appeared, went away or is listed in a baseline. Plain text, tenant strings raw. */
import type { Finding } from "../exposure/types.js";
import { describeHow, describeReach, describeWho } from "./describeFinding.js";

export function findingSentence(f: Finding): string {
  switch (f.kind) {
    case "reset-path":
    case "app-permission":
      return `${describeWho(f)} can reset the passwords of ${describeReach(f)} (${describeHow(f)}).`;
    case "synced-privileged":
      return `Synced account ${describeWho(f)} holds a privileged role (${describeHow(f)}).`;
    default:
      return f.title;
  }
}

export function addedSummary(f: Finding): string {
  switch (f.kind) {
    case "reset-path":
      return `New reset path: ${findingSentence(f)}`;
    case "app-permission":
      return `New app permission path: ${findingSentence(f)}`;
    case "synced-privileged":
      return `Synced account gained a privileged role: ${describeWho(f)} (${describeHow(f)}).`;
    case "synced-reset":
      return `Password resets of synced users seen in the audit log: ${f.title}`;
    case "declaration-contradicted":
      return `Declared writeback contradicted by evidence: ${f.title}`;
    default:
      return `New finding: ${f.title}`;
  }
}

export function removedSummary(f: Finding): string {
  switch (f.kind) {
    case "reset-path":
    case "app-permission":
      return `Reset path removed: ${describeWho(f)} (${describeHow(f)}) no longer reaches synced users.`;
    case "synced-privileged":
      return `Synced account no longer holds the privileged role: ${describeWho(f)} (${describeHow(f)}).`;
    case "synced-reset":
      return `No new password resets of synced users in this audit window (previously: ${f.title}).`;
    case "declaration-contradicted":
      return "Declared writeback state now agrees with the evidence.";
    default:
      return `Finding resolved: ${f.title}`;
  }
}
