/**
 * Accepting, listing and revoking findings of the watched tenant: the one code path behind the CLI
 * (`accept`, `acceptances`, `revoke`) and /api/acceptances. A request is checked against the latest
 * stored audit before anything is written, and a write is one transaction (current row + history).
 */
import { annotateExposure } from "../acceptance/annotateExposure.js";
import { planAccept, planRevoke, type AcceptRequest } from "../acceptance/acceptanceRequest.js";
import { loadAcceptances } from "../acceptance/loadAcceptances.js";
import { endOf, matches } from "../acceptance/matchFinding.js";
import type { Acceptance, AcceptanceEvent, AcceptanceSet } from "../acceptance/types.js";
import type { Config } from "../config.js";
import type { Exposure } from "../exposure/types.js";
import { UserError } from "../errors.js";
import type { TableStores } from "../store/createTableStores.js";
import { loadLatest, type LoadContext } from "./loadSnapshot.js";

export interface AcceptancesContext extends LoadContext {
  stores: TableStores;
  config: Pick<Config, "acceptancesFile" | "acceptanceMaxDays" | "managedIdentityClientId">;
  now: () => Date;
}

export interface AcceptanceView extends Acceptance {
  /** In force (covers its findings while they stay within the bounds), or how it ended. */
  state: "in-force" | "expired" | "revoked";
  /** A file entry names the same target: this table acceptance does not apply. */
  overriddenByFile?: boolean;
  /** Findings of the latest audit it matches, and where each stands. */
  findings: { key: string; title: string; status: string }[];
}

export interface AcceptancesListing {
  tenantId: string;
  snapshotId?: string;
  acceptances: AcceptanceView[];
  /** Problems of the acceptances file. */
  problems: string[];
}

/** No audit is stored yet, so there is nothing a request could be checked against. */
export class NoAuditStoredError extends UserError {
  override name = "NoAuditStoredError";
  constructor(readonly tenantId: string) {
    super(`No audit of tenant ${tenantId} is stored yet: run one (POST /api/check) before accepting findings.`);
  }
}

/** The latest audit's exposure, or NoAuditStoredError. */
async function latestExposure(ctx: AcceptancesContext, tenantId: string, abortSignal?: AbortSignal): Promise<Exposure> {
  const latest = await loadLatest(ctx, tenantId, abortSignal);
  if (!latest) throw new NoAuditStoredError(tenantId);
  return latest.exposure;
}

export async function acceptFinding(
  ctx: AcceptancesContext,
  tenantId: string,
  request: AcceptRequest,
  by: string,
  abortSignal?: AbortSignal,
): Promise<AcceptanceEvent> {
  const exposure = await latestExposure(ctx, tenantId, abortSignal);
  const existing = await ctx.stores.acceptances.list(tenantId, { abortSignal });
  const planned = planAccept(request, {
    exposure,
    existing,
    now: ctx.now(),
    maxDays: ctx.config.acceptanceMaxDays,
    by,
  });
  await ctx.stores.acceptances.record(planned.event, tenantId, { etag: planned.etag, abortSignal });
  return planned.event;
}

export async function revokeAcceptance(
  ctx: AcceptancesContext,
  tenantId: string,
  id: string,
  by: string,
  abortSignal?: AbortSignal,
): Promise<AcceptanceEvent> {
  const existing = await ctx.stores.acceptances.list(tenantId, { abortSignal });
  const planned = planRevoke(id, { existing, now: ctx.now(), by });
  await ctx.stores.acceptances.record(planned.event, tenantId, { etag: planned.etag, abortSignal });
  return planned.event;
}

export async function listAcceptances(
  ctx: AcceptancesContext,
  tenantId: string,
  abortSignal?: AbortSignal,
): Promise<AcceptancesListing> {
  const set = await loadAcceptances({ store: ctx.stores.acceptances, tenantId, config: ctx.config, abortSignal });
  const latest = await loadLatest(ctx, tenantId, abortSignal);
  const table = await ctx.stores.acceptances.list(tenantId, { abortSignal });
  const overridden = table.filter((s) => set.overridden.includes(s.acceptance.id)).map((s) => s.acceptance);
  const now = ctx.now();
  const exposure = latest ? annotateExposure(latest.exposure, set, now) : undefined;
  const views = [...set.acceptances, ...overridden].map((a) => view(a, set, exposure, now));
  return {
    tenantId,
    ...(latest ? { snapshotId: latest.summary.snapshotId } : {}),
    acceptances: views.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id.localeCompare(b.id)),
    problems: set.problems,
  };
}

function view(a: Acceptance, set: AcceptanceSet, exposure: Exposure | undefined, now: Date): AcceptanceView {
  const state =
    a.revokedAt && Date.parse(a.revokedAt) <= now.getTime()
      ? "revoked"
      : endOf(a) <= now.getTime()
        ? "expired"
        : "in-force";
  const findings = (exposure?.findings ?? [])
    .filter((f) => matches(a.target, f))
    .map((f) => ({
      key: f.key,
      title: f.title,
      status:
        f.acceptance?.id === a.id
          ? f.acceptance.status
          : set.overridden.includes(a.id)
            ? "overridden"
            : "other-acceptance",
    }));
  return { ...a, state, ...(set.overridden.includes(a.id) ? { overriddenByFile: true } : {}), findings };
}
