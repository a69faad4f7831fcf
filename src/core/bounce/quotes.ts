/**
 * The words each fact was read from, as the user sees them: the reader matches normalised text (normalise.ts),
 * and `originalSpan` maps the line that holds a fact back to the original, with its folds, quote marks, markdown
 * and character references as written. The evidence card quotes these.
 *
 * Where a fact was read is known by its source (BounceFacts.evidence); the line is the one that holds the value
 * in a part of that kind: a header field by its name (RFC 5322 section 2.2, unfolded), a reply by its code, a
 * transcript or log line by its markers. A value found nowhere gets no quote.
 */
import type { Normalised } from './normalise';
import type { BounceFacts, EvidenceField, EvidenceSource } from './types';

/** A text the reader read, normalised, with its original. */
export interface QuoteSource {
  normalised: Normalised;
  original: string;
}

/** The whole of an unnormalised text (a part read as written): its own original. */
export function asWritten(text: string): QuoteSource {
  return { original: text, normalised: { text, originalSpan: (start, end) => ({ start, end }) } };
}

/** A quote is at most this long: the line around the value. */
const MAX_QUOTE = 300;
/** At most this many places of a value are looked at. */
const MAX_PLACES = 50;

// the header field names each source reads (RFC 8601, RFC 7208 section 9.1, RFC 5321 section 4.4, RFC 5965 section 3)
const FIELD_NAMES: Partial<Record<EvidenceSource, RegExp>> = {
  'authentication-results': /^Authentication-Results:/i,
  'received-spf': /^Received-SPF:/i,
  received: /^Received:/i,
  'return-path': /^Return-Path:/i,
  from: /^From:/i,
  'feedback-report': /^(?:Source-IP|Original-Mail-From|Reported-Domain|Authentication-Results):/i,
  dsn: /^(?:Diagnostic-Code|X-Postfix-Sender|Final-Recipient):/i,
};
// a line of a reply, a transcript or a log
const REPLY_LINE = /(?:^|[\s:;'(#<])[45][0-9][0-9](?:[\s:-]|$)|\b[245]\.[0-9]{1,3}\.[0-9]{1,3}\b/;
const TRANSCRIPT_LINE = /^[ \t]*(?:>>>|<<<)|postfix[\w./-]{0,40}\/|Received from an SMTP server|MAIL FROM:|^[ \t]*Sender:/i;

/** [start, end) of the logical line around `at`: a header field with its folded lines, or one line. */
function lineAround(text: string, at: number, field: boolean): { start: number; end: number } {
  let start = text.lastIndexOf('\n', at - 1) + 1;
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  if (field) {
    // RFC 5322 section 2.2.3: a line that starts with white space continues the field above
    // the line above ends at start - 1 and begins after the line end before that (or at 0): start always moves up.
    // lastIndexOf reads a negative position as 0, so a text that opens with a blank line kept it at 1 for ever
    while (start > 0 && (text[start] === ' ' || text[start] === '\t')) start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
    while (end < text.length && (text[end + 1] === ' ' || text[end + 1] === '\t')) {
      const next = text.indexOf('\n', end + 1);
      end = next === -1 ? text.length : next;
    }
  }
  return { start, end };
}

/** Whether a line or field is of the kind `source` names; a reply must carry the refusal's own code and status. */
function fits(source: EvidenceSource, line: string, status: string | null): boolean {
  if (source === 'rejection' || source === 'dsn') {
    if (!REPLY_LINE.test(line) && !(source === 'dsn' && FIELD_NAMES.dsn!.test(line))) return false;
    return status === null || status.split(' ').every((token) => line.indexOf(token) !== -1);
  }
  const field = FIELD_NAMES[source];
  if (field !== undefined && field.test(line)) return true;
  if (source === 'transcript') return TRANSCRIPT_LINE.test(line);
  return source === 'notice';
}

/** Each place `value` stands in `text` as a whole token (not inside a longer name, address or number). */
function places(text: string, value: string): number[] {
  const found: number[] = [];
  const haystack = text.toLowerCase();
  const needle = value.toLowerCase();
  for (let at = haystack.indexOf(needle); at !== -1 && found.length < MAX_PLACES; at = haystack.indexOf(needle, at + 1)) {
    const before = at > 0 ? (haystack[at - 1] as string) : ' ';
    const after = haystack[at + needle.length] ?? ' ';
    // not inside a longer name, address or number: "a@example.com" holds the domain, "mail.example.com" does not
    if (/[a-z0-9_.-]/.test(before) || /[a-z0-9_-]/.test(after) || (after === '.' && /[a-z0-9]/.test(haystack[at + needle.length + 1] ?? ''))) continue;
    found.push(at);
  }
  return found;
}

/** The original words around one place of a normalised text. */
function quoteAt(source: QuoteSource, at: number, length: number, line: { start: number; end: number }): string {
  const whole = source.normalised.originalSpan(line.start, line.end);
  let { start, end } = whole;
  if (end - start > MAX_QUOTE) {
    const value = source.normalised.originalSpan(at, at + length);
    start = Math.max(whole.start, value.start - Math.floor((MAX_QUOTE - (value.end - value.start)) / 2));
    end = Math.min(whole.end, start + MAX_QUOTE);
    // whole words: a cut moves to the next blank inside the window, never past the value
    const text = source.original;
    if (start > whole.start) {
      const blank = text.slice(start, value.start).search(/\s/);
      if (blank !== -1) start += blank + 1;
    }
    if (end < whole.end) {
      const tail = text.slice(value.end, end);
      const blank = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
      if (blank !== -1) end = value.end + blank;
    }
  }
  return source.original.slice(start, end).trim();
}

/** For each fact with evidence, the original words it was read from (null-free: facts not found are left out). */
export function quoteEvidence(facts: BounceFacts, sources: QuoteSource[]): Partial<Record<EvidenceField, string>> {
  const quotes: Partial<Record<EvidenceField, string>> = {};
  for (const field of ['ip', 'domain', 'sender'] as const) {
    const value = facts[field];
    const from = facts.evidence?.[field];
    if (value === null || from === undefined) continue;
    let fallback: string | null = null;
    for (const source of sources) {
      const text = source.normalised.text;
      for (const at of places(text, value)) {
        // header fields and replies continue on lines that start with white space (RFC 5322 section 2.2.3; the
        // indented wrapping of Postfix's and Exim's notices)
        const folded = from !== 'transcript' && from !== 'notice';
        const line = lineAround(text, at, folded);
        const words = text.slice(line.start, line.end);
        if (fits(from, words, from === 'rejection' || from === 'dsn' ? facts.status : null)) {
          quotes[field] = quoteAt(source, at, value.length, line);
          break;
        }
        fallback ??= quoteAt(source, at, value.length, lineAround(text, at, false));
      }
      if (quotes[field] !== undefined) break;
    }
    if (quotes[field] === undefined && fallback !== null) quotes[field] = fallback;
  }
  return quotes;
}
