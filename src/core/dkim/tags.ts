/**
 * The DKIM tag=value list (RFC 6376 section 3.2), shared by key records and DKIM-Signature fields:
 *   tag-list  = tag-spec *( ";" tag-spec ) [ ";" ]
 *   tag-spec  = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 *   tag-name  = ALPHA *ALNUMPUNC
 *   tag-value = [ tval *( 1*(WSP / FWS) tval ) ]   tval = 1*VALCHAR   VALCHAR = %x21-3A / %x3C-7E
 * Tag names are case-sensitive; a duplicated name makes the whole list invalid.
 */

export interface Tag {
  name: string;
  /** the value with its leading and trailing white space removed (inner folding kept) */
  value: string;
  /** span of the whole tag-spec in the text, end exclusive */
  start: number;
  end: number;
}

export type TagList = { ok: true; tags: Tag[]; byName: Map<string, Tag> } | { ok: false; message: string; start: number; end: number; tags: Tag[] };

/** FWS and WSP (RFC 5322 section 3.2.2, RFC 5234): spaces, tabs and folding line breaks. */
const WS = /^[ \t\r\n]*$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** tag-value: VALCHARs, with runs of white space only between them */
const VALUE = /^(?:[\x21-\x3a\x3c-\x7e]+(?:[ \t\r\n]+[\x21-\x3a\x3c-\x7e]+)*)?$/;

/** Parses a tag-list. Never throws. */
export function parseTagList(text: string): TagList {
  const tags: Tag[] = [];
  const byName = new Map<string, Tag>();
  const source = typeof text === 'string' ? text : '';
  const pieces = source.split(';');
  let offset = 0;
  for (const [index, piece] of pieces.entries()) {
    const start = offset;
    const end = offset + piece.length;
    offset = end + 1;
    if (WS.test(piece)) {
      // only the very end may be empty: the optional trailing ";"
      if (index === pieces.length - 1 && index > 0) continue;
      return { ok: false, message: index === 0 && pieces.length === 1 ? 'the record is empty' : 'an empty tag between two ";" (RFC 6376 section 3.2)', start, end: Math.max(end, start + 1), tags };
    }
    const eq = piece.indexOf('=');
    if (eq === -1) return { ok: false, message: `"${piece.trim()}" has no "=" (RFC 6376 section 3.2)`, start, end, tags };
    const name = piece.slice(0, eq).trim();
    const value = piece.slice(eq + 1).trim();
    if (!NAME.test(name)) return { ok: false, message: `"${name}" is not a tag name (RFC 6376 section 3.2)`, start, end, tags };
    if (!VALUE.test(value)) return { ok: false, message: `the value of "${name}=" holds characters a tag value cannot (RFC 6376 section 3.2)`, start, end, tags };
    if (byName.has(name)) return { ok: false, message: `"${name}=" appears twice, which makes the whole tag list invalid (RFC 6376 section 3.2)`, start, end, tags };
    const tag = { name, value, start: start + (piece.length - piece.trimStart().length), end: end - (piece.length - piece.trimEnd().length) };
    tags.push(tag);
    byName.set(name, tag);
  }
  return { ok: true, tags, byName };
}

/** A colon-separated list of plain-text values (RFC 6376 section 3.6.1, h= s= t=), lower-cased. */
export function colonList(value: string): string[] {
  return value
    .split(':')
    .map((v) => v.replace(/[ \t\r\n]+/g, '').toLowerCase())
    .filter((v) => v !== '');
}
