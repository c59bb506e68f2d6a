/**
 * Reading the Graph simulator's own counters (GET /_sim/stats). They measure the simulator, not the
 * product: its serving time is subtracted from the audit's wall time to show the product's overhead.
 */
import type { SimulatorFigures } from "./types.js";

export type SimulatorStats = Record<string, unknown>;

export async function readSimulatorStats(graphBaseUrl: string): Promise<SimulatorStats | null> {
  try {
    const response = await fetch(`${graphBaseUrl}/_sim/stats`);
    if (!response.ok) return null;
    return (await response.json()) as SimulatorStats;
  } catch {
    return null;
  }
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** The simulator's counters between two reads. */
export function simulatorDelta(before: SimulatorStats, after: SimulatorStats): SimulatorFigures {
  return {
    requests: num(after.requests) - num(before.requests),
    servingMs: num(after.servingMs) - num(before.servingMs),
    throttled: num(after.throttled) - num(before.throttled),
    raw: { before, after },
  };
}
