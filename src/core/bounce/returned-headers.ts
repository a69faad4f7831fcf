/**
 * The returned original's header block (RFC 5322 section 2.2), read field by field: what the sending side
 * wrote (`Return-Path`, `From`, `Subject`, `Date`, `DKIM-Signature`) and what each host that handled it
 * added on top (`Received`, `Authentication-Results`, `Received-SPF`). Which of these the refusing receiver
 * wrote is decided in evidence.ts; this file only reads the formats. Linear in the header block.
 */
import type { DkimSignatureFacts } from './types';

export interface HeaderField {
  /** lowercase field name */
  name: string;
  /** the value, unfolded (RFC 5322 section 2.2.3: CRLF before white space removed) */
  value: string;
}

/** At most this many fields are read: a header block has tens; the rest of a long block is not evidence. */
const MAX_FIELDS = 500;
const MAX_BLOCK_CHARS = 200_000;

const FIELD_START = /^([!-9;-~]{1,76})[ \t]*:[ \t]?(.*)$/;
// fields only a message (not a MIME part header or a report's field list) carries
const MESSAGE_FIELD = /^(?:received|from|return-path|subject|date|message-id|dkim-signature|authentication-results|received-spf|to)$/;
const REPORT_FIELD = /^(?:final-recipient|diagnostic-code|reporting-mta|remote-mta|action|status|original-recipient)$/;

/** The fields of one header block, unfolded, in order (topmost first). */
export function headerFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  const text = block.length > MAX_BLOCK_CHARS ? block.slice(0, MAX_BLOCK_CHARS) : block;
  let current: HeaderField | null = null;
  for (const line of text.split('\n')) {
    if (line === '' || line === '\r') break;
    if ((line[0] === ' ' || line[0] === '\t') && current !== null) {
      current.value += ' ' + line.trim();
      continue;
    }
    const match = FIELD_START.exec(line.replace(/\r$/, ''));
    if (match === null) {
      current = null;
      continue;
    }
    if (fields.length >= MAX_FIELDS) break;
    current = { name: (match[1] as string).toLowerCase(), value: (match[2] as string).trim() };
    fields.push(current);
  }
  for (const field of fields) field.value = field.value.replace(/[ \t]{2,}/g, ' ');
  return fields;
}

/**
 * The returned message's own header fields, found in what follows a "copy of the message" marker: the first
 * block (blocks are separated by empty lines) that holds a field only a message carries and no report field.
 * A MIME part's own `Content-Type: message/rfc822` block before it is skipped. At most the first 12 blocks.
 */
export function returnedHeaderFields(returned: string): HeaderField[] {
  if (returned === '') return [];
  let offset = 0;
  for (let block = 0; block < 12 && offset < returned.length; block++) {
    // blank lines between blocks
    while (returned[offset] === '\n') offset++;
    const end = returned.indexOf('\n\n', offset);
    const text = returned.slice(offset, end === -1 ? returned.length : end);
    const firstField = text.search(/^[!-9;-~]{1,76}[ \t]*:/m);
    if (firstField !== -1) {
      const fields = headerFields(text.slice(firstField));
      if (fields.some((field) => MESSAGE_FIELD.test(field.name)) && !fields.some((field) => REPORT_FIELD.test(field.name))) return fields;
    }
    if (end === -1) break;
    offset = end + 2;
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// RFC 2047 encoded words (Subject)

const ENCODED_WORD = /=\?([^?\s]{1,40})\?([BbQq])\?([^?\s]{0,1000})\?=/g;

function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return null;
  try {
    const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** RFC 2047 section 4.2: "_" is a space, "=XX" a byte. */
function decodeQ(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return new Uint8Array(bytes);
}

function decodeWord(charset: string, encoding: string, text: string): string | null {
  // RFC 2231 section 5: "charset*language"
  const label = charset.split('*')[0] as string;
  const bytes = encoding.toUpperCase() === 'B' ? decodeBase64(text) : decodeQ(text);
  if (bytes === null) return null;
  try {
    return new TextDecoder(label, { fatal: false }).decode(bytes);
  } catch {
    // a charset the platform does not know: the word stays as written
    return null;
  }
}

/**
 * A header value with its RFC 2047 encoded words decoded; white space between two adjacent encoded words
 * is dropped (section 6.2). A word that cannot be decoded stays as written.
 */
export function decodeEncodedWords(value: string): string {
  if (value.indexOf('=?') === -1) return value;
  let out = '';
  let last = 0;
  let previousWasWord = false;
  const pattern = new RegExp(ENCODED_WORD.source, ENCODED_WORD.flags);
  for (let match = pattern.exec(value); match !== null; match = pattern.exec(value)) {
    const between = value.slice(last, match.index);
    const decoded = decodeWord(match[1] as string, match[2] as string, match[3] as string);
    if (decoded === null) {
      out += between + match[0];
      previousWasWord = false;
    } else {
      out += previousWasWord && /^[ \t]*$/.test(between) ? '' : between;
      out += decoded;
      previousWasWord = true;
    }
    last = match.index + match[0].length;
  }
  return out + value.slice(last);
}

// ---------------------------------------------------------------------------------------------
// Addresses, comments

const ADDR_SPEC = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z0-9-]{1,63}$/;

/** An addr-spec (RFC 5322 section 3.4.1) as written, or null. */
export function addrSpec(value: string): string | null {
  const address = value.trim().replace(/^<|>$/g, '').replace(/\.$/, '');
  return ADDR_SPEC.test(address) ? address : null;
}

/** The text with every (comment) removed, nesting and quoted pairs honoured (RFC 5322 section 3.2.2). */
export function withoutComments(value: string): { text: string; comments: string[] } {
  let text = '';
  const comments: string[] = [];
  let depth = 0;
  let comment = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && i + 1 < value.length) {
      if (depth > 0) comment += value[i + 1];
      else text += c + value[i + 1];
      i++;
      continue;
    }
    if (depth === 0 && c === '"') quoted = !quoted;
    if (!quoted && c === '(') {
      if (depth > 0) comment += c;
      depth++;
      continue;
    }
    if (!quoted && c === ')' && depth > 0) {
      depth--;
      if (depth === 0) {
        comments.push(comment.trim());
        comment = '';
        text += ' ';
      } else comment += c;
      continue;
    }
    if (depth > 0) comment += c;
    else text += c;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), comments };
}

/** The first mailbox of a `From:` value: `Name <a@example.org>`, `a@example.org (Name)`, `a@example.org`. */
export function mailboxAddress(value: string): string | null {
  const angle = /<([^<>]{1,320})>/.exec(value);
  if (angle !== null) return addrSpec(angle[1] as string);
  const { text } = withoutComments(value);
  const first = text.split(',')[0] ?? '';
  return addrSpec(first);
}

// ---------------------------------------------------------------------------------------------
// DKIM-Signature (RFC 6376 section 3.5)

export type DkimSignature = DkimSignatureFacts;

/** `d=`, `s=` and `a=` of a DKIM-Signature tag-list (section 3.2: tags separated by ";", FWS ignored). */
export function dkimSignature(value: string): DkimSignature | null {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9_]*$/.test(name) || tags.has(name)) continue;
    tags.set(name, part.slice(eq + 1).replace(/\s+/g, ''));
  }
  const domain = tags.get('d') ?? '';
  const selector = tags.get('s') ?? '';
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/.test(domain) || !/^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252})$/.test(selector)) return null;
  const algorithm = tags.get('a') ?? '';
  return { domain, selector, algorithm: /^[a-z0-9]{1,20}-[a-z0-9]{1,20}$/i.test(algorithm) ? algorithm : null };
}

// ---------------------------------------------------------------------------------------------
// Received (RFC 5321 section 4.4)

export interface ReceivedHop {
  /** the host that wrote the field: the name after "by" */
  by: string | null;
  /** the text of the "from" clause: the client as the writer saw it, e.g. `mail.example.org (mail.example.org [192.0.2.1])` */
  from: string | null;
  /** `(envelope-from <...>)` (Exim, Postfix) */
  envelopeFrom: string | null;
}

const BY_HOST = /(?:^|\s|\))by\s+([A-Za-z0-9][A-Za-z0-9.-]{0,252})/i;

export function receivedHop(value: string): ReceivedHop {
  const semi = value.lastIndexOf(';');
  const body = semi === -1 ? value : value.slice(0, semi);
  const by = BY_HOST.exec(body);
  let from: string | null = null;
  const fromAt = /^\s*from\s/i.exec(body);
  if (fromAt !== null) from = body.slice(fromAt[0].length, by === null ? body.length : by.index).trim() || null;
  const envelope = /\(envelope-from\s+<?([^\s<>()]{1,320})>?\)/i.exec(body);
  return {
    by: by === null ? null : (by[1] as string).replace(/\.$/, '').toLowerCase(),
    from,
    envelopeFrom: envelope === null ? null : addrSpec(envelope[1] as string),
  };
}
