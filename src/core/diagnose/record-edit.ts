/**
 * Edits of SPF record text for proposed fixes. A proposed record keeps every term of the current one
 * (cli-contract.md); terms are compared and moved as written, never re-spelled.
 */
import { isSpfRecord, parseRecord } from '../spf/parse';
import type { MechanismTerm, Term } from '../spf/types';

/**
 * The record's version and terms as the parser reads them (core/spf/parse.ts, RFC 7208 sections 4.5, 4.6.1):
 * terms are separated by one or more spaces; a text without "v=spf1" is read as the terms after one.
 */
function read(record: string): { version: string; terms: Term[] } {
  const text = record.trim();
  const spf = isSpfRecord(text);
  return { version: spf ? text.slice(0, 6) : 'v=spf1', terms: parseRecord(spf ? text : `v=spf1 ${text}`).terms };
}

/** The record written again from its terms, one space between them (RFC 7208 section 4.6.1). */
export function tidyRecord(record: string): string {
  const { version, terms } = read(record);
  return [version, ...terms.map((t) => t.text)].join(' ');
}

/**
 * Adds `additions` to a record: before its `all`, or before its first modifier when it has no `all`
 * (mechanisms are evaluated left to right and before `redirect`, RFC 7208 sections 4.6.2 and 6.1).
 * Terms already present (case-insensitively) are not added twice.
 */
export function addTerms(record: string, additions: string[]): string {
  const { version, terms } = read(record);
  const present = new Set(terms.map((t) => t.text.toLowerCase()));
  const fresh = additions.filter((a) => !present.has(a.toLowerCase()));
  let at = terms.findIndex((t) => t.kind === 'mechanism' && t.name === 'all');
  if (at === -1) at = terms.findIndex((t) => t.kind === 'modifier');
  if (at === -1) at = terms.length;
  const texts = terms.map((t) => t.text);
  texts.splice(at, 0, ...fresh);
  return [version, ...texts].join(' ');
}

/** Replaces terms (compared case-insensitively) by others in place; unknown terms are left alone. */
export function replaceTerms(record: string, replacements: Map<string, string[]>): string {
  const lower = new Map([...replacements].map(([k, v]) => [k.toLowerCase(), v]));
  const { version, terms } = read(record);
  return [version, ...terms.flatMap((t) => lower.get(t.text.toLowerCase()) ?? [t.text])].join(' ');
}

const STRICTNESS = { '-': 3, '~': 2, '?': 1, '+': 0 } as const;

/**
 * Merges several records of one name into one (RFC 7208 section 3.2 allows only one). Every mechanism of
 * every record is kept once, in order; the stricter `all` ends the record. A `redirect=X` of one record
 * becomes `include:X` so that its policy still applies beside the other records' mechanisms (a redirect
 * would be ignored next to `all`, RFC 7208 section 6.1); one `exp=` is kept.
 */
export function mergeRecords(records: string[]): string {
  const mechanisms: string[] = [];
  const seen = new Set<string>();
  let strictest: MechanismTerm | null = null;
  let exp: string | null = null;
  const others: string[] = [];
  const push = (term: string): void => {
    if (!seen.has(term.toLowerCase())) {
      seen.add(term.toLowerCase());
      mechanisms.push(term);
    }
  };
  for (const record of records) {
    for (const term of read(record).terms) {
      if (term.kind === 'mechanism' && term.name === 'all') {
        if (STRICTNESS[term.qualifier] > (strictest === null ? -1 : STRICTNESS[strictest.qualifier])) strictest = term;
      } else if (term.kind === 'modifier') {
        if (term.name === 'redirect') push(`include:${term.value}`);
        else if (term.name === 'exp') exp ??= term.text;
        else if (!others.some((o) => o.toLowerCase() === term.text.toLowerCase())) others.push(term.text);
      } else push(term.text);
    }
  }
  return ['v=spf1', ...mechanisms, ...(strictest === null ? [] : [strictest.text]), ...(exp === null ? [] : [exp]), ...others].join(' ');
}

/**
 * Splits a record into character-strings of at most 255 octets (RFC 7208 section 3.3: a TXT string holds
 * at most 255 characters; the strings of one record are joined without separator). Cuts fall at spaces
 * when possible, keeping the space at the start of the next string, so every piece reads as terms.
 */
export function toCharacterStrings(record: string, max = 255): string[] {
  const strings: string[] = [];
  let rest = record;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut <= 0) cut = max;
    strings.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  strings.push(rest);
  return strings;
}

/** The record as a zone file or DNS panel takes it: each character-string quoted. */
export function quoteForZone(record: string): string {
  return toCharacterStrings(record)
    .map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`)
    .join(' ');
}
