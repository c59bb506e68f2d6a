/**
 * A recording on disk: manifest.json and exchanges.jsonl (one exchange per line, in the order the
 * responses arrived). Each exchange is pseudonymized the moment it arrives, so only pseudonyms are
 * kept in memory and written, once, after the audit; the simulator serves such a directory
 * (`npm run sim -- --replay <dir>`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RECORDING_FILES, type ExchangeSink, type RecordedExchange, type RecordingManifest } from "./exchange.js";
import { createPseudonymizer, type Pseudonymizer } from "./pseudonymize.js";

export class DirectoryRecording implements ExchangeSink {
  private readonly exchanges: RecordedExchange[] = [];
  /** When the audit started: a replay's "now". */
  private readonly recordedAt: string;

  constructor(
    readonly directory: string,
    private readonly graphOrigin: string,
    now: () => Date = () => new Date(),
    readonly pseudonyms: Pseudonymizer = createPseudonymizer(),
  ) {
    this.recordedAt = now().toISOString();
  }

  record(exchange: RecordedExchange): void {
    const { requestBody, responseBody, ...rest } = exchange;
    this.exchanges.push({
      ...rest,
      ...(requestBody !== undefined ? { requestBody: this.pseudonyms.json(requestBody) } : {}),
      ...(responseBody !== undefined ? { responseBody: this.pseudonyms.json(responseBody) } : {}),
    });
  }

  get size(): number {
    return this.exchanges.length;
  }

  /** Writes the files (creating the directory); returns the manifest. */
  save(): RecordingManifest {
    mkdirSync(this.directory, { recursive: true });
    const manifest: RecordingManifest = {
      format: "writeback-watch-graph-recording",
      version: 1,
      recordedAt: this.recordedAt,
      graphOrigin: this.graphOrigin,
      exchanges: this.exchanges.length,
    };
    writeFileSync(path.join(this.directory, RECORDING_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(
      path.join(this.directory, RECORDING_FILES.exchanges),
      this.exchanges.map((e) => JSON.stringify(e)).join("\n") + "\n",
    );
    return manifest;
  }
}
