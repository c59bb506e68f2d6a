import type { Section, SectionName, UnknownReason } from "../snapshot/types.js";
import { GraphRequestError, scrubSecrets } from "../errors.js";
import { explainForbidden } from "./forbiddenSection.js";
import { isAbortError, RETRIABLE_STATUSES } from "./retryDelay.js";

type Unknown = Extract<Section<never>, { status: "unknown" }>;

/**
 * Marks an error as caused by a request whose permission differs from the section's usual one
 * (e.g. the role holders' lookups of /users/{id} need User.Read.All), so a 403 names the right fix.
 */
export function withPermissionHint<E extends GraphRequestError>(error: E, permission: string): E {
  return Object.assign(error, { permissionHint: permission });
}

/** Graph's ways of saying "the tenant lacks the licence" (P1/P2), in codes or messages. */
const LICENCE_PATTERN = /premium|licen[cs]e|NonPremiumTenant/i;

/**
 * What a failed request means for a section. A 403 is explained from the request's documented
 * permissions and the token's (forbiddenSection.ts); licence errors,
 * exhausted retries and aborts have their own reasons; everything else is an error with Graph's code
 * and message, so an unsupported query shows as a failure rather than as empty data.
 */
export function sectionFailure(section: SectionName, error: unknown): Unknown {
  if (isAbortError(error)) {
    return {
      status: "unknown",
      reason: "timeout",
      detail: `${section}: collection was cut short (aborted or timed out); the next run retries it.`,
    };
  }
  if (!(error instanceof GraphRequestError)) {
    const message = error instanceof Error ? error.message : String(error);
    return unknown("error", `${section}: unexpected failure: ${message}`);
  }
  if (error.code === "Timeout") return unknown("timeout", `${section}: ${error.message} The next run retries it.`);
  if (error.code === "RetryBudgetExhausted") return unknown("throttled", `${section}: ${error.message}`);
  const codeAndMessage = `${error.code ?? ""} ${error.message}`;
  if ((error.status === 403 || error.status === 400 || error.status === 401) && LICENCE_PATTERN.test(codeAndMessage)) {
    return unknown(
      "licence",
      `${section}: the tenant lacks the licence this API needs (Microsoft Entra ID P1/P2). Graph said: ${error.message}`,
    );
  }
  if (error.status === 403) return { status: "unknown", reason: "forbidden", ...explainForbidden(section, error) };
  if (RETRIABLE_STATUSES.has(error.status)) {
    return unknown(
      "throttled",
      `${section}: Graph kept answering ${error.status} after the allowed retries; the next run retries it. ${error.message}`,
    );
  }
  return unknown("error", `${section}: ${error.message}`);
}

/** A section that could not run because a section it reads is unknown. */
export function dependencyFailure(section: SectionName, inputs: SectionName[]): Unknown {
  return unknown(
    "dependency",
    `${section}: not collected because ${inputs.join(" and ")} ${inputs.length > 1 ? "are" : "is"} unknown; fix that first.`,
  );
}

function unknown(reason: UnknownReason, detail: string): Unknown {
  return { status: "unknown", reason, detail: scrubSecrets(detail) };
}

/** Run a collector body and turn any failure into an unknown section. */
export async function guarded<T>(section: SectionName, body: () => Promise<T>): Promise<Section<T>> {
  try {
    return { status: "ok", data: await body() };
  } catch (error) {
    return sectionFailure(section, error);
  }
}
