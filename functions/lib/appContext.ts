/**
 * What every function needs, built once per process: the parsed settings and the audit context.
 *
 * Config is parsed once (a bad setting does not fix itself between invocations), so a ConfigError
 * is remembered and every function reports it. Building the context touches storage (it creates the
 * tables), so a failure there is NOT remembered: the next invocation tries again.
 */
import { loadConfig, type Config } from "../../shared/config.js";
import { ConfigError } from "../../shared/errors.js";
import { createAuditContext, type AuditContext, type AuditContextOverrides } from "../../shared/audit/context.js";

type ConfigResult = { ok: true; config: Config } | { ok: false; error: ConfigError };

let configResult: ConfigResult | undefined;
let contextPromise: Promise<AuditContext> | undefined;
let overrides: AuditContextOverrides = {};

export function getConfig(): ConfigResult {
  if (!configResult) {
    try {
      configResult = { ok: true, config: loadConfig(process.env, { requireStorage: true }) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      configResult = { ok: false, error };
    }
  }
  return configResult;
}

/** The process-wide audit context. Throws the remembered ConfigError when settings are invalid. */
export async function getAuditContext(): Promise<AuditContext> {
  const config = getConfig();
  if (!config.ok) throw config.error;
  if (!contextPromise) {
    const building = createAuditContext(config.config, overrides);
    contextPromise = building;
    building.catch(() => {
      if (contextPromise === building) contextPromise = undefined;
    });
  }
  return contextPromise;
}

/**
 * For tests and local demos only: point the next context at simulators (Graph, ACS) or a fake
 * clock, and forget the cached settings and context so the environment is read again.
 */
export function resetAppContext(next: AuditContextOverrides = {}): void {
  configResult = undefined;
  contextPromise = undefined;
  overrides = next;
}

/** The setting names a ConfigError complains about (each problem starts with "NAME: ..."). */
export function settingNames(error: ConfigError): string[] {
  const names = error.problems.map((p) => /^([A-Za-z_][A-Za-z0-9_]*)/.exec(p)?.[1]).filter((n): n is string => !!n);
  return [...new Set(names)];
}
