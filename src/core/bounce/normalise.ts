/**
 * One normalisation stage before reading: a bounce reaches the reader as the MTA wrote it, as a webmail shows
 * it, or as a person pasted it (quoted, in markdown, from a log with literal "\n", with HTML left in). Each
 * stage below undoes one of these; the text that comes out is what the reader matches, and `originalSpan`
 * maps any stretch of it back to the text the user sees, so evidence quotes the original.
 *
 * The stages that read SMTP replies (stage 12 on) are in unfold.ts.
 *
 * Every stage is one left-to-right pass (bounded quantifiers, or a loop that visits each character a bounded
 * number of times): the whole stage is linear in the input.
 */

import { Edits, applyEdits, regexStage, throughStage } from './edits';
import type { AppliedStage, Stage } from './edits';
import { ENHANCED_CONTINUATION, LOG_PREFIX, UNFOLD } from './unfold';

export interface Normalised {
  /** the text to read */
  readonly text: string;
  /** where `text.slice(start, end)` came from in the original: the smallest original span that covers it */
  originalSpan(start: number, end: number): { start: number; end: number };
}

// ---------------------------------------------------------------------------------------------
// 1. Literal escapes from logs and JSON ("...said: 550-5.7.26 ...\r\n550-5.7.26 ..."): line ends, and quotes
//    escaped in a string literal (JSON's \" of ECMA-404 section 9, the \' of C-style log strings: "domain\'s"),
//    whose backslash is dropped. A backslash pair is an escaped backslash and stays as it is, so the character
//    after it is not escaped: "\\'" keeps its quote as written, as "\\n" is no line end.

const LITERAL_ESCAPES = regexStage(/\\\\|\\r\\n|\\n|\\r|\\['"]/g, (match) => {
  if (match[0] === '\\\\') return null;
  return match[0] === "\\'" || match[0] === '\\"' ? (match[0][1] as string) : '\n';
});

// ---------------------------------------------------------------------------------------------
// 2. Line ends: CRLF, CR and the CR CR LF that some gateways write all end one line

const NEWLINES = regexStage(/\r+\n?/g, (match) => (match[0].endsWith('\n') ? '\n' : '\n'.repeat(match[0].length)));

// ---------------------------------------------------------------------------------------------
// 3. Quoted-printable left encoded (RFC 2045 section 6.7): a body copied from a message's source (a webmail's "Show
//    original", a part of an .eml) keeps its soft line breaks ("... not allowed to send from=" over " <example.net>",
//    rule 5) and its escapes ("=3D", "=E2=80=99", rule 1). Only a text that is quoted-printable throughout is decoded:
//    two soft line breaks or more, an escape, and no "=" that is neither (an encoder writes "=" itself as "=3D"), so a
//    link's query leaves a text as it is, and so does Gmail's "DKIM = did not pass" folded after its "=" (a line that
//    ends in "=" and no escape). A run of escapes is one run of octets, read as UTF-8 (the charset most mail is written
//    in) or, where they are not UTF-8, as Latin-1 (one octet each).

const QP_RUN = /(?:=[0-9A-Fa-f]{2}|=[ \t]{0,64}\n)+/g;
const QP_ESCAPE = /=[0-9A-Fa-f]{2}/;
const QP_ESCAPES = /=[0-9A-Fa-f]{2}/g;
const QP_SOFT_BREAK = /=[ \t]{0,64}\n/g;
const QP_OTHER_EQUALS = /=(?![0-9A-Fa-f]{2}|[ \t]{0,64}\n)/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isQuotedPrintable(text: string): boolean {
  if (QP_OTHER_EQUALS.test(text) || !QP_ESCAPE.test(text)) return false;
  // the one global pattern from the text's start, as decodeOctets keeps one: two soft line breaks or more
  QP_SOFT_BREAK.lastIndex = 0;
  return QP_SOFT_BREAK.exec(text) !== null && QP_SOFT_BREAK.exec(text) !== null;
}

function decodeOctets(run: string): string {
  // match() with a global pattern starts from the beginning and leaves no state behind: one object for every run
  const octets = (run.match(QP_ESCAPES) ?? []).map((escape) => parseInt(escape.slice(1), 16));
  try {
    return UTF8.decode(new Uint8Array(octets));
  } catch {
    // a few thousand at a time: a run of a megabyte is more arguments than one call takes
    const chars: string[] = [];
    for (let at = 0; at < octets.length; at += 4096) chars.push(String.fromCharCode(...octets.slice(at, at + 4096)));
    return chars.join('');
  }
}

const QUOTED_PRINTABLE = regexStage(QP_RUN, (match) => decodeOctets(match[0]));

// ---------------------------------------------------------------------------------------------
// 4. HTML left in the text (a notice copied from an HTML page or an admin console log): the tags of
//    HTML text (HTML Living Standard 13.1.2), and only of elements that hold text, so `<UNKNOWN>` (policyd-spf)
//    and `<b@example.org>` stay. Block elements end a line. Run only on text that holds closing tags or <br>.

const HTML_HINT = /<\/(?:a|p|div|span|td|tr|table|font|b|i|u|strong|em|li|pre|code|body|html)>|<(?:br|wbr)\b/i;
const BLOCK_TAG = /^<\/?(?:br|p|div|tr|li|h[1-6]|table|blockquote|pre|hr)\b/i;
const HTML_TAG = regexStage(
  /<\/?(?:a|abbr|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|head|hr|html|i|img|li|meta|ol|p|pre|small|span|strong|sub|sup|table|tbody|td|th|thead|title|tr|tt|u|ul|wbr)(?=[\s/>])[^<>]{0,2000}>/gi,
  (match) => (BLOCK_TAG.test(match[0]) ? '\n' : ''),
);

// ---------------------------------------------------------------------------------------------
// 5. Characters: HTML character references (HTML Living Standard 13.2.5.72-80; the named ones a bounce
//    shows), characters that are not shown (zero-width space, joiners, word joiner, BOM: Unicode 15
//    table 23-3; soft hyphen U+00AD: a hyphen only where a line breaks), and no-break spaces read as spaces.

const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  zwsp: '\u200b',
  zwnj: '\u200c',
  zwj: '\u200d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  copy: '\u00a9',
}));
const INVISIBLE = /^[\u00ad\u200b-\u200d\u2060\ufeff]$/;
const NO_BREAK_SPACE = /^[\u00a0\u2007\u202f]$/;

/** One character as the reader should see it: invisible ones dropped, no-break spaces as spaces. */
function plainChar(char: string): string {
  if (INVISIBLE.test(char)) return '';
  if (NO_BREAK_SPACE.test(char)) return ' ';
  return char;
}

function decodeReference(reference: string): string | null {
  let code: number;
  if (reference.startsWith('&#x') || reference.startsWith('&#X')) code = parseInt(reference.slice(3, -1), 16);
  else if (reference.startsWith('&#')) code = parseInt(reference.slice(2, -1), 10);
  else {
    const name = reference.slice(1, -1);
    const named = NAMED_ENTITIES.get(name) ?? NAMED_ENTITIES.get(name.toLowerCase());
    return named === undefined ? null : plainChar(named);
  }
  // HTML 13.2.5.80: zero, surrogates and values past U+10FFFF are not characters
  if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return plainChar(String.fromCodePoint(code));
}

const CHARACTERS = regexStage(/&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|[\u00a0\u00ad\u2007\u200b-\u200d\u202f\u2060\ufeff]/g, (match) =>
  match[0].startsWith('&') ? decodeReference(match[0]) : plainChar(match[0]),
);

// ---------------------------------------------------------------------------------------------
// 6. Markdown (CommonMark 0.31 sections 6.1 code spans, 4.5 fences, 6.2 emphasis): backticks, and `**` at the
//    edge of a word. Runs of `***` (separators some notices draw) stay.

const MARKDOWN = regexStage(/`{1,16}|(?<![*])\*\*(?![*])/g, (match, text) => {
  if (match[0] !== '**') return '';
  const before = match.index > 0 ? (text[match.index - 1] as string) : ' ';
  const after = text[match.index + 2] ?? ' ';
  // emphasis opens before a word or closes after one (CommonMark "left-/right-flanking delimiter run")
  return /\s/.test(before) !== /\s/.test(after) ? '' : null;
});

/**
 * Markdown links as GitHub and forums write a pasted text (CommonMark 0.31 section 6.3 inline links; GitHub's
 * autolinking turns a domain into "[caert.net](http://caert.net/)" and an address into "[a@b.com](mailto:a@b.com)"):
 * the link text stays, the brackets and the destination go. A destination is taken only with a URI scheme
 * (RFC 3986 section 3.1), bare or in angle brackets, with an optional title; a bracket that is text around the
 * link ("[[caert.net](http://caert.net/)]") stays, as the link text holds no bracket. Autolinks "<https://...>"
 * (CommonMark 6.5) are text already and need nothing.
 */
const MARKDOWN_LINK_AT = /\[([^[\]\n]{1,256})\]\(<?[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s()<>]{1,2048}>?(?:[ \t]{1,4}"[^"\n]{0,256}")?\)/g;

const MARKDOWN_LINK: Stage = (text) => {
  const edits = new Edits();
  const links = new RegExp(MARKDOWN_LINK_AT.source, MARKDOWN_LINK_AT.flags);
  for (let link = links.exec(text); link !== null; link = links.exec(text)) {
    const textEnd = link.index + 1 + (link[1] as string).length;
    // two cuts, so that the link text maps to itself in the original
    edits.add(link.index, link.index + 1, '');
    edits.add(textEnd, link.index + link[0].length, '');
  }
  return edits;
};

// ---------------------------------------------------------------------------------------------
// 7. Quote prefixes (RFC 3676 section 4.5: "> " per level, some writers put spaces between levels). The SMTP
//    transcript that sendmail puts in its notices writes the client's commands as ">>> MAIL From:<...>": after
//    the quote levels, a ">>>" before an SMTP command (RFC 5321 section 4.1.1) stays.

const SMTP_COMMAND = /^>>>[ \t]?(?:MAIL|RCPT|DATA|EHLO|HELO|LHLO|QUIT|RSET|NOOP|VRFY|EXPN|STARTTLS|AUTH|BDAT|\.)\b/i;
// found from the line end before it (a pattern that opens with a line-start test is tried at every position)
const QUOTE_PREFIX = regexStage(/(?:^|\n)[ \t]{0,8}>(?:[ \t]{0,4}>){0,32}[ \t]?/g, (match, text) => {
  const lineEnd = match[0].startsWith('\n') ? '\n' : '';
  const prefix = match[0].slice(lineEnd.length);
  const end = match.index + match[0].length;
  const last = prefix.lastIndexOf('>>>');
  if (last !== -1 && /^>>>[ \t]?$/.test(prefix.slice(last)) && SMTP_COMMAND.test(prefix.slice(last) + text.slice(end, end + 12))) return lineEnd + prefix.slice(last);
  return lineEnd;
});

// ---------------------------------------------------------------------------------------------
// 8. Markdown list items (CommonMark 0.31 section 5.2: a bullet "-", "+" or "*" after at most three spaces, then
//    a blank): a paste that made each line of a bounce an item ("- Reporting-MTA: dns; ...") is read as the lines.
//    The indentation before the bullet stays. After the quote prefixes, so that "> - " is a line start by then.
//    Such a paste makes a list of lines: a bullet counts where the line above or below has one too. A lone line that
//    starts with a dash is text, as a reply rewrapped before its " - " leaves it ("... <a@example.it> SPF Failed" over
//    "    - not authorized", quoted with ">": three blanks are left after the quote prefix).

const BULLET_LINE = /^[ ]{0,3}[-+*][ \t]{1,16}\S/;
const LIST_MARKER = regexStage(/(?:^|\n)[ ]{0,3}[-+*][ \t]+(?=\S)/g, (match, text) => {
  const lineStart = match[0].startsWith('\n') ? match.index + 1 : match.index;
  const above = lineStart === 0 ? -1 : text.lastIndexOf('\n', lineStart - 2) + 1;
  const below = text.indexOf('\n', lineStart) + 1;
  const bulleted = (start: number): boolean => start > -1 && BULLET_LINE.test(text.slice(start, start + 24));
  if (!bulleted(above) && !(below > 0 && bulleted(below))) return null;
  return /^\n?[ ]*/.exec(match[0])?.[0] ?? '';
});

// ---------------------------------------------------------------------------------------------
// 9. Addresses written against harvesting ("voorzitter(at)example.nl", "user[at]example.org"): the "(at)" between
//    an address's local part and its domain is the "@" it stands for, so the address is read (the name is still the
//    one the text shows).

const MUNGED_AT = regexStage(/(?<=[A-Za-z0-9._%+=-])(?:\(at\)|\[at\])(?=[A-Za-z0-9][A-Za-z0-9-]{0,62}\.[A-Za-z0-9])/gi, () => '@');

// ---------------------------------------------------------------------------------------------
// 10. qmail-send's log writes a delivery's report on its line with each blank as "_" and each line end as "/"
//    ("delivery 10370: failure: 192.0.2.33_failed_after_I_sent_the_message./Remote_host_said:_550_5.7.1_..._/",
//    qmail-send.c): the report's "_" are read as the blanks they stand for. A "/" is left as it is (a link keeps its own).

const QMAIL_REPORT = /\bdelivery [0-9]{1,10}: (?:success|failure|deferral): [^\n]*/g;
const QMAIL_LOG: Stage = (text) => {
  const edits = new Edits();
  const reports = new RegExp(QMAIL_REPORT.source, QMAIL_REPORT.flags);
  for (let report = reports.exec(text); report !== null; report = reports.exec(text)) {
    for (let at = report[0].indexOf('_'); at !== -1; at = report[0].indexOf('_', at + 1)) edits.add(report.index + at, report.index + at + 1, ' ');
  }
  return edits;
};

// ---------------------------------------------------------------------------------------------
// 11. Runs of blanks inside a line, as HTML tables and dashboards render a reply ("550  5.7.26 Unauthenticated
// email ... due to  domain's DMARC policy"): a run of two or more spaces or tabs between two characters of a
// line is one space. The blanks that open a line stay: they are a fold's indentation (RFC 5322 section 2.2.3,
// Postfix's indented wrapping) that dsn.ts and replies.ts read as a continuation; and so do the blanks that end
// one. Runs after the quote prefixes, so that the indentation under a "> " is a line start by then.

const BLANK_RUN = regexStage(/[ \t]{2,}/g, (match, text) => {
  const before = match.index === 0 ? '\n' : text[match.index - 1];
  const after = text[match.index + match[0].length] ?? '\n';
  return before === '\n' || after === '\n' ? null : ' ';
});

// ---------------------------------------------------------------------------------------------

const STAGES: { stage: Stage; when?: (text: string) => boolean }[] = [
  { stage: LITERAL_ESCAPES, when: (text) => text.indexOf('\\') !== -1 },
  { stage: NEWLINES, when: (text) => text.indexOf('\r') !== -1 },
  { stage: QUOTED_PRINTABLE, when: (text) => text.indexOf('=') !== -1 && isQuotedPrintable(text) },
  { stage: HTML_TAG, when: (text) => HTML_HINT.test(text) },
  { stage: CHARACTERS },
  { stage: MARKDOWN, when: (text) => text.indexOf('`') !== -1 || text.indexOf('**') !== -1 },
  { stage: MARKDOWN_LINK, when: (text) => text.indexOf('](') !== -1 },
  { stage: QUOTE_PREFIX, when: (text) => text.indexOf('>') !== -1 },
  { stage: LIST_MARKER, when: (text) => /(?:^|\n)[ ]{0,3}[-+*][ \t]/.test(text) },
  { stage: MUNGED_AT, when: (text) => /\(at\)|\[at\]/i.test(text) },
  { stage: QMAIL_LOG, when: (text) => text.indexOf('delivery ') !== -1 },
  { stage: BLANK_RUN, when: (text) => text.indexOf('  ') !== -1 || text.indexOf('\t') !== -1 },
  { stage: LOG_PREFIX, when: (text) => text.indexOf('-') !== -1 },
  { stage: ENHANCED_CONTINUATION, when: (text) => text.indexOf('.') !== -1 },
  { stage: UNFOLD },
];

/** Normalises a bounce text for reading (see the stages above). Never throws on a string. */
export function normalise(original: string): Normalised {
  let text = original;
  // each stage that changed something: its runs and the length of its input
  const applied: AppliedStage[] = [];
  for (const { stage, when } of STAGES) {
    if (when !== undefined && !when(text)) continue;
    const edits = stage(text);
    if (edits.length === 0) continue;
    const result = applyEdits(text, edits);
    applied.push({ runs: result.runs, inputLength: text.length, outputLength: result.text.length });
    text = result.text;
  }
  return {
    text,
    originalSpan(start: number, end: number) {
      let span = { start: Math.max(0, Math.min(start, text.length)), end: 0 };
      span.end = Math.max(span.start, Math.min(end, text.length));
      for (let k = applied.length - 1; k >= 0; k--) {
        span = throughStage(applied[k] as AppliedStage, span.start, span.end);
      }
      return span;
    },
  };
}
