/**
 * POST /api/acceptances — accept a finding of the latest audit (or renew the acceptance of the same
 * target). Body, JSON: { "target": "<finding key> | principal:<id>:role:<templateId>",
 * "until": "2027-03-01", "reason": "…", "owner": "…" }. 201 with the history event recorded (200
 * for a renewal); 400 naming every problem (an unknown key with the closest keys, an expiry in the
 * past or beyond ACCEPTANCE_MAX_DAYS, no reason), and then nothing is written.
 */
import { type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { AcceptanceRequestError } from "../shared/acceptance/acceptanceRequest.js";
import { acceptFinding } from "../shared/audit/acceptances.js";
import { resolveTenantId } from "../shared/audit/readers.js";
import { getAuditContext } from "./lib/appContext.js";
import { answeringRequestProblems, recordedBy } from "./lib/acceptanceRoutes.js";
import { handleErrors, json, problem } from "./lib/http.js";
import { APP_ROLES } from "./lib/appRoles.js";
import { protectedRoute, type Caller } from "./lib/protectedRoute.js";

/** Far above a target, a date and a 1000-character reason; a larger body is refused unread. */
const MAX_BODY_CHARS = 16_384;

const bodySchema = z.strictObject({
  target: z.string({ error: "target is required: a finding key, or principal:<principalId>:role:<roleTemplateId>" }),
  until: z.string().optional(),
  reason: z.string().optional(),
  owner: z.string().optional(),
});

/** The body as a request, or an AcceptanceRequestError naming what is wrong with it. */
async function readBody(request: HttpRequest): Promise<z.infer<typeof bodySchema>> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) {
    throw new AcceptanceRequestError([`The body is ${text.length} characters; at most ${MAX_BODY_CHARS}.`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AcceptanceRequestError([
      'The body is not JSON: send { "target": "<finding key>", "until": "2027-03-01", "reason": "…", "owner": "…" }.',
    ]);
  }
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success) {
    throw new AcceptanceRequestError(
      parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}.`),
    );
  }
  return parsed.data;
}

export async function postAcceptance(
  request: HttpRequest,
  context: InvocationContext,
  caller: Caller,
): Promise<HttpResponseInit> {
  return handleErrors(context, () =>
    answeringRequestProblems(async () => {
      const body = await readBody(request);
      const ctx = await getAuditContext();
      const tenantId = await resolveTenantId(ctx);
      if (!tenantId) {
        return problem(
          409,
          "no-audit",
          "Nothing to accept yet",
          "No audit has completed yet: run one with POST /api/check.",
        );
      }
      const event = await acceptFinding(
        ctx,
        tenantId,
        {
          target: body.target,
          until: body.until,
          reason: body.reason,
          ...(body.owner !== undefined ? { owner: body.owner } : {}),
          // A function key names nobody, so the caller says who answers for the risk.
          ...(caller.kind === "function-key" ? { ownerRequired: true } : {}),
        },
        recordedBy(caller),
      );
      context.log(
        JSON.stringify({ event: `acceptance.${event.action}`, acceptanceId: event.acceptanceId, caller: caller.kind }),
      );
      return json(event.action === "renew" ? 200 : 201, event);
    }),
  );
}

protectedRoute({
  name: "accept",
  methods: ["POST"],
  route: "acceptances",
  role: APP_ROLES.acceptancesWrite,
  handler: postAcceptance,
});
