/** The generated tenants the benchmark audits. */
import type { BenchTenant } from "./types.js";

/** One seed for every tenant: the administrative structure (roles, groups, AUs, apps) stays the same across sizes. */
export const BENCH_SEED = 6;
export const SYNCED_SHARE = 0.3;

const sized = (label: string, users: number): BenchTenant => ({
  label,
  profile: { seed: BENCH_SEED, users, syncedShare: SYNCED_SHARE },
  series: true,
});

const special = (label: string, users: number, raGroupMembers: number, auScopedAdmins: number): BenchTenant => ({
  label,
  profile: { seed: BENCH_SEED, users, syncedShare: SYNCED_SHARE, raGroupMembers, auScopedAdmins },
  series: false,
});

export function benchTenants(quick: boolean): BenchTenant[] {
  if (quick) {
    // CI sizes; the special tenant scaled down by 10 keeps its shape (many protected members, many AU admins).
    return [sized("1k", 1_000), sized("10k", 10_000), special("ra2k+au50", 10_000, 2_000, 50)];
  }
  return [
    sized("1k", 1_000),
    sized("10k", 10_000),
    sized("100k", 100_000),
    sized("1M", 1_000_000),
    // 20,000 role-assignable-group members need a tenant larger than them; 100k users, like the series' middle.
    special("ra20k+au500", 100_000, 20_000, 500),
  ];
}

/** The tenant the throttling run repeats: enough requests for a 10% fault rate to mean something, quickly. */
export function throttlingTenant(tenants: BenchTenant[], quick: boolean): BenchTenant {
  const wanted = quick ? "10k" : "100k";
  const found = tenants.find((t) => t.label === wanted) ?? tenants[tenants.length - 1];
  if (!found) throw new Error("no tenant to repeat under throttling");
  return found;
}
