/**
 * Edits of SPF record text for proposed fixes. A proposed record keeps every term of the current one
 * (cli-contract.md); terms are compared and moved as written, never re-spelled.
 */

/** RFC 7208 section 4.6.1: terms are separated by one or more spaces. */
export function splitTerms(record: string): string[] {
  return record.trim().split(/ +/).filter((t) => t.length > 0);
}

function isVersion(term: string): boolean {
  return term.toLowerCase() === 'v=spf1';
}

/** RFC 7208 section 4.6.2: `all` with an optional qualifier. */
export function allQualifier(term: string): '+' | '-' | '~' | '?' | null {
  const m = /^([+\-~?]?)all$/i.exec(term);
  if (m === null) return null;
  return ((m[1] ?? '') || '+') as '+' | '-' | '~' | '?';
}

/** RFC 7208 section 4.6.1: a modifier is `name=value`; a mechanism never contains `=` before a `:` or `/`. */
export function isModifier(term: string): boolean {
  return /^[a-z][a-z0-9_.-]*=/i.test(term);
}

function modifierName(term: string): string {
  return term.slice(0, term.indexOf('=')).toLowerCase();
}

/**
 * Adds `additions` to a record: before its `all`, or before its first modifier when it has no `all`
 * (mechanisms are evaluated left to right and before `redirect`, RFC 7208 sections 4.6.2 and 6.1).
 * Terms already present (case-insensitively) are not added twice.
 */
export function addTerms(record: string, additions: string[]): string {
  const terms = splitTerms(record);
  const present = new Set(terms.map((t) => t.toLowerCase()));
  const fresh = additions.filter((a) => !present.has(a.toLowerCase()));
  let at = terms.findIndex((t) => allQualifier(t) !== null);
  if (at === -1) at = terms.findIndex((t) => isModifier(t) && !isVersion(t));
  if (at === -1) at = terms.length;
  terms.splice(at, 0, ...fresh);
  if (terms.length === 0 || !isVersion(terms[0] as string)) terms.unshift('v=spf1');
  return terms.join(' ');
}

/** Replaces terms (compared case-insensitively) by others in place; unknown terms are left alone. */
export function replaceTerms(record: string, replacements: Map<string, string[]>): string {
  const lower = new Map([...replacements].map(([k, v]) => [k.toLowerCase(), v]));
  return splitTerms(record)
    .flatMap((t) => lower.get(t.toLowerCase()) ?? [t])
    .join(' ');
}

/** Removes the given terms (compared case-insensitively). */
export function removeTerms(record: string, drop: string[]): string {
  const gone = new Set(drop.map((d) => d.toLowerCase()));
  return splitTerms(record)
    .filter((t) => !gone.has(t.toLowerCase()))
    .join(' ');
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
  let strictest: string | null = null;
  let exp: string | null = null;
  const others: string[] = [];
  const push = (term: string): void => {
    if (!seen.has(term.toLowerCase())) {
      seen.add(term.toLowerCase());
      mechanisms.push(term);
    }
  };
  for (const record of records) {
    for (const term of splitTerms(record)) {
      if (isVersion(term)) continue;
      const q = allQualifier(term);
      if (q !== null) {
        const current = strictest === null ? -1 : STRICTNESS[allQualifier(strictest) ?? '+'];
        if (STRICTNESS[q] > current) strictest = term;
      } else if (isModifier(term)) {
        const name = modifierName(term);
        if (name === 'redirect') push(`include:${term.slice(term.indexOf('=') + 1)}`);
        else if (name === 'exp') exp ??= term;
        else if (!others.some((o) => o.toLowerCase() === term.toLowerCase())) others.push(term);
      } else push(term);
    }
  }
  return ['v=spf1', ...mechanisms, ...(strictest === null ? [] : [strictest]), ...(exp === null ? [] : [exp]), ...others].join(' ');
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
