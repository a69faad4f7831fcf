import { open } from 'node:fs/promises';
import type { CliIO } from './io';
import { boundedLines } from './lines';

/**
 * Reads at most `maxBytes` of a file: a bounded read from its start, never the whole file (a 1.5 GB sparse
 * file, /dev/zero or a FIFO cost `maxBytes` of memory, no more).
 */
async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const { bytesRead } = await handle.read(buffer, filled, maxBytes - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Reads standard input until its end or `maxBytes`, whichever comes first; then stops reading it. */
async function readStdinBounded(maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  // leaving the loop early destroys the stream: an endless writer (`yes |`) gets EPIPE, memory stays bounded
  for await (const chunk of process.stdin) {
    const bytes = chunk as Uint8Array;
    chunks.push(bytes.subarray(0, maxBytes - total));
    total += Math.min(bytes.length, maxBytes - total);
    if (total >= maxBytes) break;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The real outside world of the CLI: files, standard streams. */
export const nodeIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readFile: readFileBounded,
  readStdin: readStdinBounded,
  stdinLines: (maxLineBytes) => boundedLines(process.stdin as AsyncIterable<Uint8Array>, maxLineBytes),
  isTTY: process.stdout.isTTY === true,
};

/**
 * What happens when the output cannot be written. EPIPE (the reader went away: `| head -1`) is no error of
 * ours: exit 0 quietly. Any other (ENOSPC for `> /dev/full`, EIO...): one line on standard error, exit 1.
 * Without these listeners Node throws the error with a stack trace.
 */
export function guardOutputStreams(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    try {
      process.stderr.write(`bounce-explainer: cannot write the output: ${error.code ?? error.message}${error.code === 'ENOSPC' ? ' (no space left on the device)' : ''}\n`);
    } finally {
      process.exit(1);
    }
  });
  // standard error gone too: nobody is left to tell
  process.stderr.on('error', () => process.exit(1));
}
