/**
 * TXT `data` as the DNS JSON APIs write it. Cloudflare quotes every character-string (`"a" "b"`, at times
 * `"a""b"`); Google has written both that and the strings already joined without quotes. Inside either,
 * `\"`, `\\` and `\DDD` escapes occur (RFC 1035 section 5.1). Escapes give bytes; the bytes of each
 * character-string are decoded as UTF-8.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

interface Scan {
  bytes: number[];
  next: number;
}

/** Reads from `start` until `stop` (a closing quote) or the end; escapes resolved. */
function scanCharacters(data: string, start: number, stopAtQuote: boolean): Scan & { closed: boolean } {
  const bytes: number[] = [];
  let i = start;
  while (i < data.length) {
    const ch = data[i] as string;
    if (stopAtQuote && ch === '"') return { bytes, next: i + 1, closed: true };
    if (ch === '\\' && i + 1 < data.length) {
      const digits = data.slice(i + 1, i + 4);
      // RFC 1035 section 5.1: \DDD is the octet whose decimal value is DDD
      if (/^\d{3}$/.test(digits) && Number(digits) <= 255) {
        bytes.push(Number(digits));
        i += 4;
        continue;
      }
      // RFC 1035 section 5.1: \X is X itself (quotes and backslashes above all)
      const codePoint = data.codePointAt(i + 1) ?? 0;
      const escaped = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(escaped));
      i += 1 + escaped.length;
      continue;
    }
    const codePoint = data.codePointAt(i) ?? 0;
    const literal = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(literal));
    i += literal.length;
  }
  return { bytes, next: i, closed: false };
}

/** The quoted shape, or undefined when `data` is not entirely a sequence of quoted strings. */
function parseQuoted(data: string): string[] | undefined {
  const strings: string[] = [];
  let i = 0;
  for (;;) {
    while (i < data.length && /\s/.test(data[i] as string)) i++;
    if (i >= data.length) return strings.length ? strings : undefined;
    if (data[i] !== '"') return undefined;
    const scan = scanCharacters(data, i + 1, true);
    if (!scan.closed) return undefined;
    strings.push(utf8.decode(new Uint8Array(scan.bytes)));
    i = scan.next;
  }
}

/** The character-strings of one TXT/SPF record's `data`. Never throws. */
export function parseTxtData(data: string): string[] {
  const quoted = parseQuoted(data);
  if (quoted) return quoted;
  // joined, unquoted: the whole text is one string, spaces included
  return [utf8.decode(new Uint8Array(scanCharacters(data, 0, false).bytes))];
}

/** RFC 7208 section 3.3: the strings of one record are concatenated without adding spaces. */
export function joinTxt(strings: string[]): string {
  return strings.join('');
}
