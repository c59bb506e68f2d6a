/**
 * Reading the Graph simulator's own counters (GET /_sim/stats). They measure the simulator, not the
 * product: its serving time is subtracted from the audit's wall time to show the product's overhead.
 */
import type { SimStats } from "../sim/graph/index.js";
import type { SimulatorFigures } from "./types.js";

export async function readSimulatorStats(graphBaseUrl: string): Promise<SimStats | null> {
  try {
    const response = await fetch(`${graphBaseUrl}/_sim/stats`);
    if (!response.ok) return null;
    return (await response.json()) as SimStats;
  } catch {
    return null;
  }
}

/** The simulator's counters between two reads. */
export function simulatorDelta(before: SimStats, after: SimStats): SimulatorFigures {
  const perSection: Record<string, number> = {};
  for (const [section, n] of Object.entries(after.perSection)) {
    const d = n - (before.perSection[section] ?? 0);
    if (d !== 0) perSection[section] = d;
  }
  return {
    requests: after.totalRequests - before.totalRequests,
    servingMs: after.servingMs - before.servingMs,
    throttled: (after.faultsByType.status429 ?? 0) - (before.faultsByType.status429 ?? 0),
    batchedItems: after.batchedItems - before.batchedItems,
    bytesSent: after.bytesSent - before.bytesSent,
    perSection,
  };
}
