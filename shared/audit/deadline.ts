/**
 * One deadline per audit, below both limits a run lives under: host.json's functionTimeout (the
 * host ends a longer execution wherever it is) and the audit lease (once it expires, another run
 * may start). Collection stops at the deadline: sections still being read become unknown
 * ("timeout") and the snapshot of everything already read is stored and published in the time
 * left before the hard stop, which is itself a minute inside both limits.
 */
import { setMaxListeners } from "node:events";

export const FUNCTION_TIMEOUT_SECONDS = 1800;

/** Kept between the hard stop and the nearer limit: releasing the lease and logging the run. */
const STOP_MARGIN_MS = 60_000;
/** Of the time up to the hard stop, the share kept for storing the snapshot and sending alerts. */
const PUBLISH_SHARE = 0.2;

export interface AuditTimeLimits {
  /** Milliseconds from the start of the run after which collection stops. */
  collectMs: number;
  /** Milliseconds from the start of the run after which everything stops (storing, publishing, sending). */
  stopMs: number;
}

/** The limits for a lease of `leaseSeconds` under the function timeout. */
export function auditTimeLimits(leaseSeconds: number): AuditTimeLimits {
  const stopMs = Math.min(FUNCTION_TIMEOUT_SECONDS, leaseSeconds) * 1000 - STOP_MARGIN_MS;
  return { stopMs, collectMs: Math.floor(stopMs * (1 - PUBLISH_SHARE)) };
}

/** A run's signals, started now: `deadline` ends collection, `abortSignal` everything. */
export function auditSignals(limits: AuditTimeLimits): { deadline: AbortSignal; abortSignal: AbortSignal } {
  return { deadline: timeoutSignal(limits.collectMs), abortSignal: timeoutSignal(limits.stopMs) };
}

/**
 * AbortSignal.timeout for a whole audit. Every request and retry wait of the run listens to it at
 * once (dozens in flight), which is expected here, so Node's warning at 11 listeners is raised.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const signal = AbortSignal.timeout(ms);
  setMaxListeners(1_000, signal);
  return signal;
}

/** Aborts when any of the given signals does. */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
