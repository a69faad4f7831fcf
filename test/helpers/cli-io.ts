import { readFileSync } from 'node:fs';
import type { CliIO } from '../../src/cli/io';

/** A CliIO over real files, with standard input given as text and the output collected. */
export function fakeIO(stdin = ''): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    readFile: async (path: string) => new Uint8Array(readFileSync(path)),
    readStdin: async () => new TextEncoder().encode(stdin),
    stdinLines: async function* () {
      yield* stdin.split('\n');
    },
    isTTY: false,
  };
  return io;
}
