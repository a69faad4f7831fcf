import type { LineTooLong } from './io';

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines (LF, or CRLF: the CR is dropped) as the chunks arrive, holding at most
 * `maxLineBytes` of one line: a longer line is skipped to its end and given as `{ tooLong: true }`, so an
 * endless line costs no memory. UTF-8 is decoded per line (a newline byte never occurs inside a character).
 */
export async function* boundedLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<string | LineTooLong> {
  const decoder = new TextDecoder('utf-8');
  let parts: Uint8Array[] = [];
  let held = 0;
  let skipping = false;
  const finish = (): string | LineTooLong => {
    const line = skipping ? ({ tooLong: true } as const) : decoder.decode(concat(parts, held)).replace(/\r$/, '');
    parts = [];
    held = 0;
    skipping = false;
    return line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      if (!skipping) {
        if (held + piece.length > maxLineBytes) {
          skipping = true;
          parts = [];
          held = 0;
        } else if (piece.length > 0) {
          parts.push(piece);
          held += piece.length;
        }
      }
      if (end === -1) break;
      yield finish();
      start = end + 1;
    }
  }
  if (skipping || held > 0) yield finish();
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
