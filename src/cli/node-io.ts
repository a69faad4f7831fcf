import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { CliIO } from './io';

/** The real outside world of the CLI: files, standard streams. */
export const nodeIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  },
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  isTTY: process.stdout.isTTY === true,
};
