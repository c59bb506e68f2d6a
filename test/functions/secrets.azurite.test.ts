/**
 * What the Functions host logs of a failed timer run carries no secret: the timers rethrow a
 * scrubbed copy of the error (the host prints its message and stack), and a malformed
 * ACS_CONNECTION_STRING is refused at start without its key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../sim/azurite.js";
import { auditTimer } from "../../functions/auditTimer.js";
import { digestTimer } from "../../functions/digestTimer.js";
import { callTimer, withAppSettings } from "./harness.js";

const KEY = "QUNTLUtFWS1USEFULU1VTVC1ORVZFUi1CRS1MT0dHRUQ=";

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

describe("timer failures as the host sees them", () => {
  it("a malformed ACS_CONNECTION_STRING fails both timers without its key in the log or the rethrown error", async () => {
    await withAppSettings(
      {
        AUDIT_STORAGE: azurite.connectionString,
        ALERT_RECIPIENTS: "secops@contoso.example",
        MAIL_FROM: "DoNotReply@contoso.example",
        ACS_ENDPOINT: undefined,
        // No endpoint: the SDK's own parser would echo the whole string, key included.
        ACS_CONNECTION_STRING: `accesskey=${KEY}`,
      },
      async () => {
        for (const [handler, name] of [
          [auditTimer, "auditTimer"],
          [digestTimer, "digestTimer"],
        ] as const) {
          const { logs, error } = await callTimer(handler, name);
          expect(error, name).toBeInstanceOf(Error);
          const thrown = error as Error;
          expect(`${thrown.message}\n${thrown.stack}`).toMatch(/ACS_CONNECTION_STRING/);
          for (const text of [thrown.message, thrown.stack ?? "", String(thrown.cause ?? ""), ...logs]) {
            expect(text, name).not.toContain(KEY);
          }
        }
      },
    );
  });
});
