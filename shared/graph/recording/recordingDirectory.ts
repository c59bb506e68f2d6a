/**
 * A recording on disk: manifest.json and exchanges.jsonl (one exchange per line, in the order the
 * responses arrived). Written once, after the audit, with everything already pseudonymized; the
 * simulator serves such a directory (`npm run sim -- --replay <dir>`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RECORDING_FILES, type ExchangeSink, type RecordedExchange, type RecordingManifest } from "./exchange.js";

export class DirectoryRecording implements ExchangeSink {
  private readonly exchanges: RecordedExchange[] = [];
  /** When the audit started: a replay's "now". */
  private readonly recordedAt: string;

  constructor(
    readonly directory: string,
    private readonly graphOrigin: string,
    now: () => Date = () => new Date(),
  ) {
    this.recordedAt = now().toISOString();
  }

  record(exchange: RecordedExchange): void {
    this.exchanges.push(exchange);
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
