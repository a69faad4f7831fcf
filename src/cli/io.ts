/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** reads a file as bytes; rejects when it cannot be read */
  readFile(path: string): Promise<Uint8Array>;
  /** reads all of standard input */
  readStdin(): Promise<Uint8Array>;
  /** reads standard input line by line as it arrives (for `check --jsonl`) */
  stdinLines(): AsyncIterable<string>;
  /** standard output is a terminal: human output may use colour */
  isTTY: boolean;
}

/** A command's exit status (cli-contract.md): 0 ran, 1 an input could not be read, 2 usage error. */
export type ExitCode = 0 | 1 | 2;

/** Thrown for a usage error; main prints its message as one line on standard error and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Command = (argv: string[], io: CliIO) => Promise<ExitCode>;
