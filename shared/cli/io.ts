/** What a CLI command may touch of its process: output streams, terminal facts and the environment. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colour by default). */
  isTty: boolean;
  /** Whether stderr is a terminal (the progress line of a long audit). Default false. */
  stderrIsTty?: boolean;
  /** stderr's width in columns, when it is a terminal. */
  stderrColumns?: number;
  /** For callers embedding the CLI against a Graph stand-in: see GraphClientOptions.rateLimits. Default "documented". */
  graphRateLimits?: "documented" | "none";
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
};
