/**
 * The normalisation stages that read SMTP replies (normalise.ts runs them last): a multiline reply (RFC 5321
 * section 4.2.1) that a paste, a log or a notice broke into lines is put back on one line, so the wordings
 * tables match its sentences whole. Each stage is one left-to-right pass, linear in its input.
 */

import { Edits } from './edits';
import { lineEnd } from './line';
import type { Stage } from './edits';

/**
 * What joins the two sides of a cut fold: nothing where they were one word before it ("[" + address, address + "]",
 * the end of the text), else one space.
 */
function joinWith(prev: string | undefined, next: string | undefined): string {
  return prev === '[' || prev === '(' || prev === '<' || next === ']' || next === ')' || next === '>' || next === undefined ? '' : ' ';
}

// ---------------------------------------------------------------------------------------------
// 12. Reply continuations (RFC 5321 section 4.2.1): a multiline reply repeats its code on every line, "550-" on
//    all but the last, "550 " on the last, and the enhanced status code (RFC 3463, RFC 2034 section 4) after
//    it on each. Mail systems that quote the reply join the lines where they please: at line starts
//    (Exim, Gmail's own notice), run together with spaces (Postfix logs, Exchange), rewrapped at another width
//    so that a marker lands mid-sentence, between "ip:" and "[", between "[" and an address, or with its code
//    and enhanced status on two lines. Each repeated marker is cut with the white space around it and the
//    lines it joined become one; the first marker of the reply stays, as the reply's code.

/** A reply code where a reply line may begin: not inside a number, word or dotted status. */
// the digit first and the character before it looked back for: a pattern that opens with a lookbehind runs it at
// every position of the text
const REPLY_CODE_AT = /[45](?<=(?:^|[^0-9A-Za-z_.\-/=#])[45])[0-9][0-9](?=[- \t\n])/g;
/** After the code: "-" or white space (one line end at most), then the enhanced status code. */
const ENHANCED_AFTER = /^(?:-|[ \t]{1,4}|[ \t]{0,4}\n[ \t]{0,40})([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9])/;
/** After a code without enhanced status: "-" before text (a continued line) or " " before text (the last line). */
const PLAIN_AFTER = /^(?:(-)|( ))(?=\S)/;
/** A code alone at the end of its line, its text on the next (only as the last marker of an open reply). */
const WRAPPED_LAST_MARKER = /^[ \t]{0,8}\n[ \t]{0,40}\S/;
/** The most that ENHANCED_AFTER reads: the matches are made on a window this long after the code. */
const AFTER_WINDOW = 64;
/** What introduces a new reply rather than continuing one (the markers text.ts reads replies after). */
const NEW_REPLY_BEFORE = /(?:said:|reason:|returned '|smtp;|data:|was:|\]:|>:|<<<|response=|error=|\()$/i;
/**
 * What ends a label rather than introducing a reply ("after RCPT TO:<a@example.org>:", "host mx[192.0.2.1]:"): it
 * opens a reply, but inside a reply whose last line ended in "-" it is the reply's own text (Postfix writes
 * "550 5.7.23 <a@example.org>: Recipient address rejected"), and RFC 5321 section 4.2.1 says the reply goes on.
 */
const LABEL_END = /(?:\]:|>:)$/;
/**
 * A quote right before the code opens a quoted reply ('550 5.7.1 ...'); a quote that ends the line before, with
 * white space between, closes a word of the reply ("of `example.cz'" then "550 5.7.1 domain ...").
 */
const opensQuotedReply = (text: string, at: number): boolean => text[at - 1] === "'";
/** The most a rewrapping client leaves alone on a line between two reply lines: the end of a line over its width. */
const MAX_OVERFLOW = 40;
/** RFC 5321 section 4.5.3.1.5: a reply line is at most 512 octets; markers further apart are not one reply. */
const MAX_LINE_GAP = 1024;

interface OpenReply {
  code: string;
  enhanced: string | null;
  /** where the last marker of the reply ended */
  end: number;
  /** the reply is quoted in an SMTP transcript ("<<< 550-..."): only "<<<" lines continue it */
  transcript: boolean;
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n';
}

/**
 * A mail client that quoted the notice rewrapped a reply line at its own width (RFC 3676 section 4.2, lines broken at
 * a space): the words that overflowed stand alone on the next line, without a marker ("... domain has\none or\n
 * 421-4.7.0 more suspicious entries"). Between the last marker (`from`) and the next (`to`): where that line end is,
 * or -1. An indented line is a fold the notice's writer made (RFC 5322 section 2.2.3), which the reply reader joins.
 */
function overflowBreak(text: string, from: number, to: number): number {
  const gap = text.slice(from, to);
  const lineEndAt = gap.indexOf('\n');
  if (lineEndAt === -1 || gap.indexOf('\n', lineEndAt + 1) !== -1 || gap.length - lineEndAt - 1 > MAX_OVERFLOW) return -1;
  return /^\S/.test(gap.slice(lineEndAt + 1)) ? from + lineEndAt : -1;
}

/** A reply marker read at a reply code: "550-", "550 ", "550-5.7.1 " (the enhanced part as written, a line break in it or not). */
interface Marker {
  dash: boolean;
  markerEnd: number;
  status: string | null;
  /** the text from after the code to the end of the enhanced status, when there is one */
  enhancedText: string | null;
}

/**
 * The marker at the reply code `code` at `at`, given the reply open before it: 'not-a-marker' where nothing after the
 * code makes it one, 'not-a-reply' where a code alone cannot continue, end or open a reply there (the open one ends).
 */
function markerAt(text: string, at: number, code: string, open: OpenReply | null): Marker | 'not-a-marker' | 'not-a-reply' {
  const after = text.slice(at + 3, at + 3 + AFTER_WINDOW);
  const enhanced = ENHANCED_AFTER.exec(after);
  if (enhanced !== null) return { dash: text[at + 3] === '-', markerEnd: at + 3 + enhanced[0].length, status: enhanced[1] as string, enhancedText: enhanced[0] };
  if (open !== null && open.code === code && open.enhanced === null && WRAPPED_LAST_MARKER.test(after)) {
    // the last line's marker, which a rewrap at the sender's width left alone at the end of a line with the text it
    // opens on the line under it ("... Please see\n    451\n    http://..."): it ends the open reply of its code
    return { dash: false, markerEnd: at + 3, status: null, enhancedText: null };
  }
  const plain = PLAIN_AFTER.exec(after);
  if (plain === null) return 'not-a-marker';
  const dash = plain[1] !== undefined;
  // a code alone continues or ends a reply, or opens one where a reply begins (line start or after "said:")
  if (open === null || open.code !== code || open.enhanced !== null) {
    let k = at;
    while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
    const lineStart = k === 0 || text[k - 1] === '\n';
    if (!dash || !(lineStart || opensQuotedReply(text, at) || NEW_REPLY_BEFORE.test(text.slice(Math.max(0, k - 10), k)))) return 'not-a-reply';
  }
  return { dash, markerEnd: at + 4, status: null, enhancedText: null };
}

export const UNFOLD: Stage = (text) => {
  const edits = new Edits();
  const codes = new RegExp(REPLY_CODE_AT.source, REPLY_CODE_AT.flags);
  let open: OpenReply | null = null;
  // where the last edit ended: a cut never reaches back past it
  let floor = 0;
  for (let match = codes.exec(text); match !== null; match = codes.exec(text)) {
    const at = match.index;
    const code = match[0];
    const marker = markerAt(text, at, code, open);
    if (marker === 'not-a-marker') continue;
    if (marker === 'not-a-reply') {
      open = null;
      continue;
    }
    const { dash, markerEnd, status, enhancedText } = marker;
    // the white space (and a transcript's "<<<") before the marker, back to the last cut
    let cutStart = at;
    while (cutStart > floor && (text[cutStart - 1] === ' ' || text[cutStart - 1] === '\t')) cutStart--;
    const transcript = cutStart - 3 >= floor && text.startsWith('<<<', cutStart - 3) && (cutStart - 3 === 0 || text[cutStart - 4] === '\n');
    if (transcript) cutStart -= 3;
    while (cutStart > floor && isSpace(text[cutStart - 1])) cutStart--;
    const before = text.slice(Math.max(floor, cutStart - 10), cutStart);
    const continues =
      open !== null &&
      open.code === code &&
      open.enhanced === status &&
      open.transcript === transcript &&
      at - open.end <= MAX_LINE_GAP &&
      (!NEW_REPLY_BEFORE.test(before) || LABEL_END.test(before)) &&
      !opensQuotedReply(text, at) &&
      cutStart > 0;
    if (!continues || open === null) {
      // a new reply; its code and enhanced status split over two lines are put back on one
      if (status !== null && !dash && enhancedText !== null && enhancedText.indexOf('\n') !== -1) {
        const statusAt = markerEnd - status.length;
        edits.add(at + 3, statusAt, ' ');
        floor = statusAt;
      }
      open = dash ? { code, enhanced: status, end: markerEnd, transcript } : null;
      continue;
    }
    const breakAt = overflowBreak(text, Math.max(floor, open.end), cutStart);
    if (breakAt !== -1) edits.add(breakAt, breakAt + 1, ' ');
    // the white space after the marker, one line end at most
    let cutEnd = markerEnd;
    while (cutEnd < text.length && (text[cutEnd] === ' ' || text[cutEnd] === '\t')) cutEnd++;
    if (text[cutEnd] === '\n' && cutEnd + 1 < text.length && text[cutEnd + 1] !== '\n') {
      cutEnd++;
      while (cutEnd < text.length && (text[cutEnd] === ' ' || text[cutEnd] === '\t')) cutEnd++;
    }
    edits.add(cutStart, cutEnd, joinWith(text[cutStart - 1], text[cutEnd]));
    floor = cutEnd;
    open = dash ? { code, enhanced: status, end: markerEnd, transcript } : null;
  }
  return edits;
};

// ---------------------------------------------------------------------------------------------
// 13. A logger's prefix on every line of a multiline reply, as SMTP client libraries log what they receive
//    ("recv gmail.com>550-5.7.1 ...", "S: 550-5.7.1 ...", "<- 550-...", "[time] SERVER -> 550-...", "smtp: << 550-...").
//    RFC 5321 section 4.2.1: a reply's lines carry the same code, "550-" on all but the last, "550 " on the last.
//    When consecutive lines carry the same prefix right before such markers, the prefix is the logger's, not the
//    reply's: it is cut from each of those lines and the reply unfolds as written without it (UNFOLD). "The same"
//    lets a digit stand for a digit, as a logger's clock and counters tick from line to line. Only prefixes the
//    other stages do not read already: not blanks alone (a fold's indentation), not a transcript's "<<<".

/** A logger's prefix is at most this long. */
const MAX_LOG_PREFIX = 80;
/** The first marker of a reply on a line: a code, not inside a number, word or dotted status, and "-". */
const FIRST_CONTINUED = /(?:^|[^0-9A-Za-z_.\-/=#])([45][0-9][0-9])-/;
/** After a marker: the enhanced status code, or text that is not a number ("455-1234" is a phone number). */
const REPLY_TEXT_AFTER = /^(?:[245]\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9.])|[^0-9\s])/;
const NOT_A_LOG_PREFIX = /^[ \t]*(?:<<<[ \t]?)?$/;

interface PrefixedReply {
  prefix: string;
  code: string;
  /** where each line of the reply starts */
  lineStarts: number[];
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** `line` starts with a prefix like `prefix` (digits for digits) and then `code` with the marker `marker`. */
function markerAfterPrefix(line: string, prefix: string, code: string): string | null {
  if (line.length < prefix.length + 4) return null;
  for (let k = 0; k < prefix.length; k++) {
    const a = line[k] as string;
    const b = prefix[k] as string;
    if (a !== b && !(isDigit(a) && isDigit(b))) return null;
  }
  const marker = line[prefix.length + 3] as string;
  if (!line.startsWith(code, prefix.length) || (marker !== '-' && marker !== ' ')) return null;
  return REPLY_TEXT_AFTER.test(line.slice(prefix.length + 4)) ? marker : null;
}

/** A reply that opens on `line` after a prefix (its first marker "NNN-"), or null. */
function opensPrefixedReply(line: string, lineStart: number): PrefixedReply | null {
  const first = FIRST_CONTINUED.exec(line);
  if (first === null) return null;
  const code = first[1] as string;
  const prefix = line.slice(0, first.index + first[0].length - 4);
  if (prefix.length > MAX_LOG_PREFIX || NOT_A_LOG_PREFIX.test(prefix) || markerAfterPrefix(line, prefix, code) !== '-') return null;
  return { prefix, code, lineStarts: [lineStart] };
}

export const LOG_PREFIX: Stage = (text) => {
  const edits = new Edits();
  let open: PrefixedReply | null = null;
  for (let lineStart = 0; lineStart < text.length; ) {
    const end = lineEnd(text, lineStart);
    const line = text.slice(lineStart, Math.min(end, lineStart + MAX_LOG_PREFIX + 16));
    const marker = open === null ? null : markerAfterPrefix(line, open.prefix, open.code);
    if (open !== null && marker !== null) {
      open.lineStarts.push(lineStart);
      if (marker === ' ') {
        for (const start of open.lineStarts) edits.add(start, start + open.prefix.length, '');
        open = null;
      }
    } else {
      open = opensPrefixedReply(line, lineStart);
    }
    lineStart = end + 1;
  }
  return edits;
};

// ---------------------------------------------------------------------------------------------
// 14. Lines of a multiline reply whose basic code was dropped and whose enhanced status code (RFC 3463, written
//    on each line by RFC 2034 section 4) was kept at each line start, as CRM and ESP dashboards show Gmail's
//    reply ("description:5.7.26 Unauthenticated email ... due to domain's" then "5.7.26 DMARC policy. ..."). A
//    line that starts with the enhanced status code that the line before it holds is a continuation of that
//    reply: it is unfolded as a "550-5.7.26 " marker is, code and white space cut, the two lines one. Not after a
//    line that ends in a reply code ("said: 550" over "    5.7.1 ..."): that code and this status are one marker.
//    A paste that ran those lines together keeps the markers inside one line ("5.7.26 Unauthenticated email from
//    example.com is not accepted due to 5.7.26 domain's DMARC policy"): after the reply's first status, the same status
//    between blanks is cut the same way, unless a reply code stands right before it ("550 5.7.26": a marker with its
//    code, unfolded by stage 12). So it is where the reply's first line kept its code and the others only the status
//    ("451- 4.7.26 Unauthenticated email from example.com is not accepted due 4.7.26 to domain's DMARC policy", a log
//    that kept the reply as one quoted string).

/** An enhanced status code at a line start (after a fold's indentation), with the text after it. */
const ENHANCED_LINE_START = /^[ \t]{0,8}([245]\.[0-9]{1,3}\.[0-9]{1,3})[ \t]{1,8}(?=\S)/;
/** The same, or after the reply code that opens the line ("451- 4.7.26 ", "550 5.7.26 "; a log may quote the reply). */
const REPLY_STATUS_LINE_START = /^[ \t"']{0,8}(?:[45][0-9][0-9](?:-?[ \t]{1,2}|-))?([245]\.[0-9]{1,3}\.[0-9]{1,3})[ \t]{1,8}(?=\S)/;
/** A line that ends in a reply code, with or without its "-", and at most a few blanks after it. */
const ENDS_IN_CODE = /(?:^|[^0-9A-Za-z_.\-/=#])[45][0-9][0-9]-?[ \t]{0,8}$/;
/** The most ENDS_IN_CODE can take, with the character before the code: a reply code, "-" and 8 blanks, plus one. */
const ENDS_IN_CODE_CHARS = 13;

/** `line` holds `status` as a whole status code (not inside a number, a version or another status). */
export function holdsStatus(line: string, status: string): boolean {
  for (let at = line.indexOf(status); at !== -1; at = line.indexOf(status, at + 1)) {
    const before = at === 0 ? ' ' : (line[at - 1] as string);
    const after = line[at + status.length] ?? ' ';
    if (!/[0-9A-Za-z.]/.test(before) && !/[0-9.]/.test(after)) return true;
  }
  return false;
}

export const ENHANCED_CONTINUATION: Stage = (text) => {
  const edits = new Edits();
  let previous = '';
  for (let lineStart = 0; lineStart < text.length; ) {
    const end = lineEnd(text, lineStart);
    const line = text.slice(lineStart, end);
    const start = lineStart > 0 ? ENHANCED_LINE_START.exec(line) : null;
    if (start !== null && holdsStatus(previous, start[1] as string) && !ENDS_IN_CODE.test(previous)) {
      // the white space that ends the line before, then the line end, the status and the blanks after it
      let cutStart = lineStart - 1;
      while (text[cutStart - 1] === ' ' || text[cutStart - 1] === '\t') cutStart--;
      edits.add(cutStart, lineStart + start[0].length, joinWith(text[cutStart - 1], line[start[0].length]));
    }
    runTogether(line, lineStart, edits);
    previous = line;
    lineStart = end + 1;
  }
  return edits;
};

/**
 * A line that opens with an enhanced status code (alone or after its reply code) and holds it again between blanks:
 * each later one is a marker of a line the paste ran together, cut unless a reply code stands right before it.
 */
function runTogether(line: string, lineStart: number, edits: Edits): void {
  const first = REPLY_STATUS_LINE_START.exec(line);
  if (first === null) return;
  const status = first[1] as string;
  for (let at = line.indexOf(status, first[0].length); at !== -1; at = line.indexOf(status, at + status.length)) {
    const after = at + status.length;
    if (!isBlank(line[at - 1]) || !isBlank(line[after]) || line[after + 1] === undefined || isBlank(line[after + 1]) || codeBefore(line, at)) continue;
    let cutStart = at;
    while (isBlank(line[cutStart - 1])) cutStart--;
    edits.add(lineStart + cutStart, lineStart + after + 1, joinWith(line[cutStart - 1], line[after + 1]));
  }
}

/** A reply code ("550", "550-") ends the line before `at` (ENDS_IN_CODE on the few characters it can take). */
function codeBefore(line: string, at: number): boolean {
  return ENDS_IN_CODE.test(line.slice(Math.max(0, at - ENDS_IN_CODE_CHARS), at));
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}
