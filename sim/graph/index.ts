/**
 * The Microsoft Graph tenant simulator: a real HTTP server on 127.0.0.1 answering the requests of
 * shared/graph/REQUESTS.md for a demo or generated tenant, with fault injection and stats.
 * Used by the demo, the tests and the benchmark; never by production code.
 */
import { FaultInjector, type FaultRule } from "./faults.js";
import { INFRA_WRITE_PERMISSIONS } from "./graphAppRoles.js";
import type { TenantModel } from "./model.js";
import { applyMutation, createMutations, type Mutations } from "./mutations.js";
import { demoTenant } from "./profiles/demo.js";
import { generatedTenant, type GeneratedTenantOptions } from "./profiles/generated.js";
import { allDocumentedReadPermissions } from "./routes/documented.js";
import { GraphSimServer, type SimStats } from "./server.js";
import { DocumentedThrottle, defaultThrottlingMode, type ThrottlingMode } from "./throttling.js";

export type { FaultRule, FaultEffect, FaultSchedule } from "./faults.js";
export type { GeneratedTenantOptions } from "./profiles/generated.js";
export type { Mutations } from "./mutations.js";
export type { SimStats } from "./server.js";
export { defaultThrottlingMode, type ThrottlingMode } from "./throttling.js";
export type { TenantModel } from "./model.js";
export { DEMO } from "./profiles/demo.js";
export { generatedExpectations, generatedLayout } from "./profiles/generated.js";
export { ROLE, PASSWORD_UPDATE_ACTION } from "./builtInRoles.js";
export { GRAPH_APP_ROLE_IDS } from "./graphAppRoles.js";
export { mintToken } from "./accessToken.js";
export { DOCUMENTED, type DocumentedRoute } from "./routes/documented.js";
export { ROUTES } from "./routes/index.js";
export { spawnGraphSimulator, type SpawnedGraphSimulator } from "./spawn.js";
export { startReplayServer, type ReplayServer, type ReplayOptions } from "./replay/replayServer.js";

export interface GraphSimulatorOptions {
  profile: "demo" | GeneratedTenantOptions;
  /** A tenant the caller built (e.g. with profiles/builder.ts); wins over `profile`. */
  tenant?: TenantModel;
  /** Default: a free port. */
  port?: number;
  faults?: FaultRule[];
  /**
   * For tokens without claims: the permissions the caller holds. Default: every read permission the
   * documented routes name, plus AppRoleAssignment.ReadWrite.All. JWT-shaped tokens bring their own.
   */
  grantedPermissions?: string[];
  /** Scales injected latency (0 = none). Default 1. */
  timeFactor?: number;
  /** Graph's documented service limits (throttling.ts). Default: defaultThrottlingMode(). */
  throttling?: ThrottlingMode;
}

export interface GraphSimulator {
  /** http://127.0.0.1:PORT — the product appends /v1.0. */
  baseUrl: string;
  tenant: TenantModel;
  mutate: Mutations;
  setFaults(rules: FaultRule[]): void;
  setGrantedPermissions(permissions: string[]): void;
  setThrottling(mode: ThrottlingMode): void;
  stats(): SimStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEFAULT_GRANTED_PERMISSIONS: readonly string[] = [
  ...allDocumentedReadPermissions(),
  ...INFRA_WRITE_PERMISSIONS,
];

/** `now` places the tenant's relative dates (audit events, sign-ins); default: the current time. */
export function buildTenant(profile: GraphSimulatorOptions["profile"], now = Date.now()): TenantModel {
  return profile === "demo" ? demoTenant(now) : generatedTenant(profile, profile.now ?? now);
}

export async function startGraphSimulator(options: GraphSimulatorOptions): Promise<GraphSimulator> {
  const tenant = options.tenant ?? buildTenant(options.profile);
  const mutate = createMutations(tenant);
  const server = new GraphSimServer({
    tenant,
    faults: new FaultInjector(options.faults ?? []),
    granted: new Set(options.grantedPermissions ?? DEFAULT_GRANTED_PERMISSIONS),
    timeFactor: options.timeFactor ?? 1,
    throttle: new DocumentedThrottle(options.throttling ?? defaultThrottlingMode()),
    control: { mutate: (name, args) => applyMutation(mutate, name, args) },
  });
  const baseUrl = await server.listen(options.port ?? 0);
  return {
    baseUrl,
    tenant,
    mutate,
    setFaults: (rules) => server.state.faults.set(rules),
    setGrantedPermissions: (p) => {
      server.state.granted = new Set(p);
    },
    setThrottling: (mode) => {
      server.state.throttle.mode = mode;
    },
    stats: () => server.stats(),
    resetStats: () => server.resetStats(),
    close: () => server.close(),
  };
}
