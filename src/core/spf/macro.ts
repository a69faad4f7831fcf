import type ipaddr from 'ipaddr.js';
import { evaluatedIp } from '../dns/address';

/** One piece of a macro-string (RFC 7208 section 7.1). */
export type MacroToken =
  | { kind: 'literal'; text: string; offset: number }
  | {
      kind: 'macro';
      /** lower case letter */
      letter: MacroLetter;
      /** written in upper case: URL-escape the expansion (RFC 7208 section 7.3) */
      escape: boolean;
      /** keep this many right-hand parts (null = all) */
      digits: number | null;
      reverse: boolean;
      /** split characters, default "." */
      delimiters: string;
      offset: number;
      length: number;
    };

export type MacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'c' | 'r' | 't' | 'v';

/** RFC 7208 section 7.2: c, r and t are allowed only in explanation text. */
const DOMAIN_LETTERS = 'slodipvh';
const EXP_LETTERS = 'slodipvhcrt';
/** RFC 7208 section 7.1: delimiter = "." / "-" / "+" / "," / "/" / "_" / "=" */
const DELIMITERS = '.-+,/_=';

export interface MacroSyntaxError {
  /** offset inside the macro-string */
  offset: number;
  length: number;
  message: string;
}

export type MacroParse = { ok: true; tokens: MacroToken[] } | { ok: false; error: MacroSyntaxError };

/**
 * Splits a macro-string into literals and macro-expands. `explanation` allows c, r, t and any text
 * (explain-string, RFC 7208 section 6.2); otherwise literals are visible ASCII except "%" (section 7.1).
 */
export function parseMacroString(text: string, opts: { explanation?: boolean } = {}): MacroParse {
  const letters = opts.explanation ? EXP_LETTERS : DOMAIN_LETTERS;
  const tokens: MacroToken[] = [];
  let literal = '';
  let literalStart = 0;
  const flush = (): void => {
    if (literal) tokens.push({ kind: 'literal', text: literal, offset: literalStart });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== '%') {
      const code = ch.charCodeAt(0);
      // RFC 7208 section 7.1: macro-literal = %x21-24 / %x26-7E; explanation text also allows SP (section 6.2)
      const allowed = (code >= 0x21 && code <= 0x7e) || (opts.explanation === true && code === 0x20);
      if (!allowed) {
        const shown = code < 0x20 || code > 0x7e ? `\\x${code.toString(16).padStart(2, '0')}` : `"${ch}"`;
        return { ok: false, error: { offset: i, length: 1, message: `character ${shown} is not allowed here (RFC 7208 section 7.1: visible ASCII only)` } };
      }
      if (!literal) literalStart = i;
      literal += ch;
      continue;
    }
    const next = text[i + 1];
    // RFC 7208 section 7.1: "%%" is "%", "%_" a space, "%-" the URL-encoded space "%20"
    if (next === '%' || next === '_' || next === '-') {
      if (!literal) literalStart = i;
      literal += next === '%' ? '%' : next === '_' ? ' ' : '%20';
      i++;
      continue;
    }
    if (next !== '{') {
      return { ok: false, error: { offset: i, length: next === undefined ? 1 : 2, message: `"%" must be followed by "{", "%", "_" or "-" (RFC 7208 section 7.1)` } };
    }
    const close = text.indexOf('}', i + 2);
    if (close === -1) return { ok: false, error: { offset: i, length: text.length - i, message: 'macro "%{" is not closed by "}" (RFC 7208 section 7.1)' } };
    const body = text.slice(i + 2, close);
    const match = /^([a-zA-Z])(\d*)(r?)([.\-+,/_=]*)$/i.exec(body);
    const letter = match?.[1]?.toLowerCase();
    if (!match || !letter || !letters.includes(letter)) {
      const why = letter && EXP_LETTERS.includes(letter)
        ? `macro letter "${letter}" is allowed only in explanation text (RFC 7208 section 7.2)`
        : `"%{${body}}" is not a valid macro (RFC 7208 section 7.1: %{letter digits r delimiters})`;
      return { ok: false, error: { offset: i, length: close - i + 1, message: why } };
    }
    const digitsText = match[2] ?? '';
    const digits = digitsText === '' ? null : Number(digitsText);
    // RFC 7208 section 7.3: "If a DIGIT is specified, the value MUST be nonzero"
    if (digits === 0) return { ok: false, error: { offset: i, length: close - i + 1, message: 'a macro digit transformer must be nonzero (RFC 7208 section 7.3)' } };
    for (const d of match[4] ?? '') if (!DELIMITERS.includes(d)) return { ok: false, error: { offset: i, length: close - i + 1, message: `bad delimiter "${d}"` } };
    flush();
    tokens.push({
      kind: 'macro',
      letter: letter as MacroLetter,
      escape: match[1] !== letter,
      digits,
      reverse: (match[3] ?? '') !== '',
      delimiters: match[4] || '.',
      offset: i,
      length: close - i + 1,
    });
    i = close;
  }
  flush();
  return { ok: true, tokens };
}

/** The values the macro letters stand for (RFC 7208 section 7.3). */
export interface MacroContext {
  /** <sender>: "local@domain" (postmaster@helo for the null sender) */
  sender: string;
  /** <domain>: the domain whose record is being evaluated now */
  domain: string;
  /** <ip> as given */
  ip: string;
  helo: string;
  /** %{p}: the validated domain name; undefined when not yet known */
  validatedName?: string;
  receiver?: string;
  /** %{t} in seconds */
  timestamp?: number;
}

/** The client address as the macros and mechanisms see it: IPv4-mapped IPv6 is IPv4 (RFC 7208 section 5). */
export function clientAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  // RFC 7208 section 5: an IPv4-mapped IPv6 address is evaluated as IPv4 (core/dns/address.ts)
  return evaluatedIp(ip);
}

/**
 * %{i}: dotted quad, or 32 dot-separated nibbles (RFC 7208 section 7.3). The nibbles keep the case the
 * address was written in: lower case as in the RFC's section 7.4 example, upper case for an address given
 * in upper case (as the OpenSPF suite expects); DNS does not care either way.
 */
function dottedIp(addr: ipaddr.IPv4 | ipaddr.IPv6, written: string): string {
  if (addr.kind() === 'ipv4') return addr.toString();
  const upper = /[A-F]/.test(written) && !/[a-f]/.test(written);
  return addr
    .toByteArray()
    .flatMap((byte) => [byte >> 4, byte & 15])
    .map((nibble) => (upper ? nibble.toString(16).toUpperCase() : nibble.toString(16)))
    .join('.');
}

function localPart(sender: string): string {
  const at = sender.lastIndexOf('@');
  const local = at === -1 ? '' : sender.slice(0, at);
  // RFC 7208 section 4.3: no local-part means "postmaster"
  return local === '' ? 'postmaster' : local;
}

function senderDomain(sender: string): string {
  const at = sender.lastIndexOf('@');
  return at === -1 ? sender : sender.slice(at + 1);
}

/** The raw value of a macro letter, or undefined for %{p} that is not known yet. */
export function macroValue(letter: MacroLetter, ctx: MacroContext): string | undefined {
  const addr = clientAddress(ctx.ip);
  switch (letter) {
    case 's':
      return ctx.sender;
    case 'l':
      return localPart(ctx.sender);
    case 'o':
      return senderDomain(ctx.sender);
    case 'd':
      return ctx.domain;
    case 'i':
      return addr ? dottedIp(addr, ctx.ip) : ctx.ip;
    case 'p':
      return ctx.validatedName;
    case 'v':
      return addr?.kind() === 'ipv6' ? 'ip6' : 'in-addr';
    case 'h':
      return ctx.helo;
    case 'c':
      // RFC 7208 section 7.3: c is the readable form; for IPv6 the RFC 5952 text
      return addr ? (addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString()) : ctx.ip;
    case 'r':
      return ctx.receiver ?? 'unknown';
    case 't':
      return String(Math.floor(ctx.timestamp ?? Date.now() / 1000));
  }
}

/** RFC 7208 section 7.3: URL escaping of everything outside the unreserved set (RFC 3986). */
function urlEscape(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** RFC 7208 section 7.3: split on delimiters, reverse, keep the right-hand parts, join with ".". */
function transform(value: string, token: Extract<MacroToken, { kind: 'macro' }>): string {
  let parts = value.split(new RegExp(`[${token.delimiters.replace(/[-\\\]^]/g, '\\$&')}]`));
  if (token.reverse) parts = parts.reverse();
  if (token.digits !== null && token.digits < parts.length) parts = parts.slice(parts.length - token.digits);
  return parts.join('.');
}

/** Expanded text can only grow so much; past this the expansion is cut (a hostile macro cannot blow up memory). */
export const MAX_EXPANSION = 8192;

/**
 * Expands a parsed macro-string. Returns undefined when it needs %{p} and that is not known yet
 * (the caller resolves the validated name first).
 */
export function expandTokens(tokens: MacroToken[], ctx: MacroContext): string | undefined {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
    } else {
      const raw = macroValue(token.letter, ctx);
      if (raw === undefined) return undefined;
      const value = transform(raw, token);
      out += token.escape ? urlEscape(value) : value;
    }
    if (out.length > MAX_EXPANSION) return out.slice(0, MAX_EXPANSION);
  }
  return out;
}

/**
 * Expands a macro-string (RFC 7208 section 7). `explanation: true` for exp= TXT text (allows c, r, t).
 * Never throws: a syntax error comes back as `{ ok: false }`.
 */
export function expandMacro(
  text: string,
  ctx: MacroContext,
  opts: { explanation?: boolean } = {},
): { ok: true; value: string } | { ok: false; error: string } {
  const parsed = parseMacroString(text, opts);
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  const value = expandTokens(parsed.tokens, ctx);
  if (value === undefined) return { ok: false, error: '%{p} needs the validated domain name of the client IP, which is not known' };
  return { ok: true, value };
}

export function usesValidatedName(tokens: MacroToken[]): boolean {
  return tokens.some((token) => token.kind === 'macro' && token.letter === 'p');
}

/**
 * RFC 7208 section 7.1: domain-end = ( "." toplabel [ "." ] ) / macro-expand, where
 * toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ).
 */
export function checkDomainEnd(text: string, tokens: MacroToken[]): string | null {
  const last = tokens[tokens.length - 1];
  if (!last) return 'the domain is empty';
  // "%%", "%_", "%-" are macro-expands too, but they are folded into literals by the parser
  if (last.kind === 'macro') return null;
  if (/%[%_-]$/.test(text)) return null;
  const literal = last.text;
  const stripped = literal.endsWith('.') ? literal.slice(0, -1) : literal;
  const dot = stripped.lastIndexOf('.');
  if (dot === -1) return `"${text}" does not end in a dot and a top-level label (RFC 7208 section 7.1)`;
  const top = stripped.slice(dot + 1);
  if (/^[a-z0-9]*[a-z][a-z0-9]*$/i.test(top) || /^[a-z0-9]+-[a-z0-9-]*[a-z0-9]$/i.test(top)) return null;
  if (/^\d+$/.test(top)) return `the top-level label "${top}" is all numeric (RFC 7208 section 7.1)`;
  return `"${top}" is not a valid top-level label (RFC 7208 section 7.1)`;
}

/**
 * A name ready for a DNS query: without the trailing dot, truncated from the left to 253 characters
 * (RFC 7208 section 7.3), or null when it cannot be a DNS name (empty or over-long labels, RFC 1035 section 2.3.4).
 */
export function queryName(expanded: string): string | null {
  let name = expanded.endsWith('.') ? expanded.slice(0, -1) : expanded;
  // RFC 7208 section 7.3: remove whole labels from the left until the name fits in 253 characters
  while (name.length > 253) {
    const dot = name.indexOf('.');
    if (dot === -1) return null;
    name = name.slice(dot + 1);
  }
  if (name === '') return null;
  const labels = name.split('.');
  if (labels.some((label) => label.length === 0 || label.length > 63)) return null;
  return name.toLowerCase();
}
