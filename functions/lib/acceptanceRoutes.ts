/**
 * What the /api/acceptances functions share: who the caller is, as the acceptance history records
 * them, and the answers to a request the caller can fix (400, 404, 409) — everything else goes to
 * handleErrors like any other route.
 *
 * Who is recorded:
 * - signed in (the /sso/ routes): the principal App Service Authentication put in
 *   X-MS-CLIENT-PRINCIPAL (its readable name and object id), see clientPrincipal.ts;
 * - a function key: "function key". The host knows which key it checked, but hands that to
 *   functions only as a ClaimsPrincipal in binding data, which "is also currently only available for
 *   .NET languages"; other languages get the identity from the App Service Authentication headers
 *   alone (learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger,
 *   "Working with client identities"). So a keyed caller must name the owner itself.
 */
import type { HttpResponseInit } from "@azure/functions";
import { AcceptanceNotFoundError, AcceptanceRequestError } from "../../shared/acceptance/acceptanceRequest.js";
import { NoAuditStoredError } from "../../shared/audit/acceptances.js";
import { ConcurrentUpdateError } from "../../shared/store/errors.js";
import { problem } from "./http.js";
import type { Caller } from "./protectedRoute.js";

/** The acceptedBy / revokedBy of a request. */
export function recordedBy(caller: Caller): string {
  if (caller.kind === "function-key") return "function key";
  const { name, objectId } = caller.principal;
  if (name && objectId) return `${name} (${objectId})`;
  return name ?? objectId ?? `signed-in ${caller.principal.authType} principal`;
}

/** The response for an error the caller can act on, or undefined for handleErrors to answer. */
export function acceptanceProblem(error: unknown): HttpResponseInit | undefined {
  if (error instanceof AcceptanceRequestError) {
    return problem(400, "invalid-request", "Invalid acceptance request", error.message, {
      extensions: { problems: error.problems, ...(error.closestKeys.length ? { closestKeys: error.closestKeys } : {}) },
    });
  }
  if (error instanceof AcceptanceNotFoundError) return problem(404, "not-found", "Acceptance not found", error.message);
  if (error instanceof NoAuditStoredError) return problem(409, "no-audit", "Nothing to accept yet", error.message);
  if (error instanceof ConcurrentUpdateError) {
    return problem(
      409,
      "conflict",
      "Changed meanwhile",
      "Someone changed this acceptance at the same moment; nothing was written. Read GET /api/acceptances and try again.",
    );
  }
  return undefined;
}

/** Runs a handler body, answering the errors a caller can fix with acceptanceProblem. */
export async function answeringRequestProblems(body: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  try {
    return await body();
  } catch (error) {
    const answer = acceptanceProblem(error);
    if (answer) return answer;
    throw error;
  }
}
