/**
 * Graph-shaped errors. Handlers throw SimGraphError; the server turns it into the error body
 * Microsoft Graph sends: { error: { code, message, innerError: { date, request-id, client-request-id } } }.
 */
import { randomUUID } from "node:crypto";

export class SimGraphError extends Error {
  override name = "SimGraphError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = "Request_BadRequest") => new SimGraphError(400, code, message);
export const unsupportedQuery = (message = "Unsupported Query.") =>
  new SimGraphError(400, "Request_UnsupportedQuery", message);
export const notFound = (message: string) => new SimGraphError(404, "Request_ResourceNotFound", message);
/** The OData library's answer for a system query option a route does not allow, e.g. "$top" → 'Top'. */
export const queryOptionNotAllowed = (option: string) => {
  const name = option.replace(/^\$/, "");
  return badRequest(
    `The query specified in the URI is not valid. Query option '${name.charAt(0).toUpperCase()}${name.slice(1)}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`,
    "BadRequest",
  );
};
export const forbidden = () =>
  new SimGraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

export function errorBody(code: string, message: string, clientRequestId?: string): GraphErrorBody {
  const requestId = randomUUID();
  return {
    error: {
      code,
      message,
      innerError: {
        // Graph sends the date without fractional seconds or zone designator.
        date: new Date().toISOString().slice(0, 19),
        "request-id": requestId,
        "client-request-id": clientRequestId ?? requestId,
      },
    },
  };
}
