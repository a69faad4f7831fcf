import { escapeControls } from './safe-text';

/**
 * How much of one input the CLI reads: a file or standard input for `parse` and `explain`. A bounce's
 * report and the receiver's reply come first; what lies beyond the first MiB is the returned message.
 * More is not read (never buffered), and the command says so on standard error and exits 1.
 */
export const INPUT_LIMIT_BYTES = 1024 * 1024;

/** The longest `check --jsonl` line read; a longer one is refused with an error line and the rest go on. */
export const JSONL_LINE_LIMIT_BYTES = 64 * 1024;

/** A `check --jsonl` line longer than the limit: its bytes were skipped, not kept. */
export interface LineTooLong {
  tooLong: true;
}

/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /**
   * reads a file's first `maxBytes` bytes (fewer when it is shorter; never more, whatever its size);
   * rejects when it cannot be read
   */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /** reads standard input's first `maxBytes` bytes (until its end when that comes first) */
  readStdin(maxBytes: number): Promise<Uint8Array>;
  /**
   * reads standard input line by line as it arrives (for `check --jsonl`); a line longer than `maxLineBytes`
   * is skipped to its end and given as LineTooLong
   */
  stdinLines(maxLineBytes: number): AsyncIterable<string | LineTooLong>;
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

/**
 * Reads one input (a path, or "-" for standard input) up to INPUT_LIMIT_BYTES. `cut` is true when the
 * input holds more: one byte past the limit is asked for to know it, and dropped.
 */
export async function readInput(file: string, io: CliIO): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const bytes = file === '-' ? await io.readStdin(INPUT_LIMIT_BYTES + 1) : await io.readFile(file, INPUT_LIMIT_BYTES + 1);
  return bytes.length > INPUT_LIMIT_BYTES ? { bytes: bytes.subarray(0, INPUT_LIMIT_BYTES), cut: true } : { bytes, cut: false };
}

/** The one line on standard error for an input cut at the limit. */
export function cutMessage(command: string, file: string): string {
  return `bounce-explainer ${command}: ${inputName(file)} is longer than 1 MiB: only its first ${INPUT_LIMIT_BYTES} bytes were read (exit status 1)\n`;
}

/** How a message names an input: "standard input", or the path with its control characters escaped. */
export function inputName(file: string): string {
  return file === '-' ? 'standard input' : escapeControls(file);
}
