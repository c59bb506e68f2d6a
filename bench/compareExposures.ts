/**
 * Comparing two exposures for "the same result": what a run found, without what differs by
 * construction between two runs (snapshot id, time taken). Pure.
 */
import { createHash } from "node:crypto";
import type { Exposure } from "../shared/exposure/types.js";

/** The parts of an exposure that must not change when only the transport misbehaved. */
export interface ComparableExposure {
  tenantId: string;
  writeback: Exposure["writeback"];
  sspr: Exposure["sspr"];
  headline: Exposure["headline"];
  findings: Exposure["findings"];
  /** Section status only: a section lost to throttling is a different result even if nothing else moved. */
  coverage: { section: string; status: string; reason?: string }[];
}

export function comparableExposure(exposure: Exposure): ComparableExposure {
  return {
    tenantId: exposure.tenantId,
    writeback: exposure.writeback,
    sspr: exposure.sspr,
    headline: exposure.headline,
    findings: exposure.findings,
    coverage: exposure.coverage.map((c) =>
      c.reason ? { section: c.section, status: c.status, reason: c.reason } : { section: c.section, status: c.status },
    ),
  };
}

/** JSON with object keys sorted, so two equal values always print the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

export function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

/** Path and both values of the first difference between two JSON values, or undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (Object.is(a, b)) return undefined;
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (kind(a) !== kind(b) || typeof a !== "object" || a === null) {
    return `${path}: ${short(a)} vs ${short(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? undefined : `${path}.length: ${a.length} vs ${b.length}`;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
    const d = firstDifference(ra[key], rb[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}

function short(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
