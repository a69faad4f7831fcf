/**
 * The bounce reader's work grows linearly with its input. Work is counted, not timed: the characters
 * its string searches pass over (indexOf, lastIndexOf, regex exec up to the end of the match or of the
 * text) and the characters it copies out (slice, substring, split, replace, trim). Re-slicing the rest
 * of the text at every line, or searching from every line to the end, doubles this count four times
 * over when the input doubles; a linear reader doubles it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounceText } from '../../src/core/bounce/index';
import { htmlToText } from '../../src/core/bounce/mime';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.eml'))
  .sort()
  .map((name) => readFileSync(corpusDir + name, 'latin1'));

/** Runs `read` with the string and regex methods it uses counting the characters they touch. */
function countWork(read: () => unknown): number {
  let work = 0;
  const string = String.prototype;
  const originals = {
    indexOf: string.indexOf,
    lastIndexOf: string.lastIndexOf,
    slice: string.slice,
    substring: string.substring,
    split: string.split,
    replace: string.replace,
    trim: string.trim,
  };
  const exec = RegExp.prototype.exec;
  string.indexOf = function (this: string, search: string, from?: number): number {
    const at = originals.indexOf.call(this, search, from);
    work += 1 + (at === -1 ? this.length : at) - Math.max(0, from ?? 0);
    return at;
  };
  string.lastIndexOf = function (this: string, search: string, from?: number): number {
    const at = originals.lastIndexOf.call(this, search, from);
    work += 1 + Math.min(this.length, from ?? this.length) - Math.max(0, at);
    return at;
  };
  string.slice = function (this: string, start?: number, end?: number): string {
    const part = originals.slice.call(this, start, end);
    work += 1 + part.length;
    return part;
  };
  string.substring = function (this: string, start: number, end?: number): string {
    const part = originals.substring.call(this, start, end);
    work += 1 + part.length;
    return part;
  };
  string.split = function (this: string, ...args: Parameters<string['split']>): string[] {
    const parts = originals.split.apply(this, args);
    work += 1 + this.length + parts.length;
    return parts;
  } as typeof string.split;
  string.replace = function (this: string, ...args: Parameters<string['replace']>): string {
    const replaced = originals.replace.apply(this, args as never) as string;
    work += 1 + replaced.length;
    return replaced;
  } as typeof string.replace;
  string.trim = function (this: string): string {
    const trimmed = originals.trim.call(this);
    work += 1 + trimmed.length;
    return trimmed;
  };
  RegExp.prototype.exec = function (this: RegExp, input: string): RegExpExecArray | null {
    const text = String(input);
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const match = exec.call(this, text);
    work += 1 + Math.max(0, (match === null ? text.length : match.index + match[0].length) - from);
    return match;
  };
  try {
    read();
  } finally {
    Object.assign(string, originals);
    RegExp.prototype.exec = exec;
  }
  return work;
}

/** `unit` repeated to `size` characters. */
function repeated(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

// the shapes of bench/bounce.bench.ts, and a mailbox of real bounces
const SHAPES: Record<string, string> = {
  'empty lines': '\n',
  'header lines': 'X-A: b\n',
  'CRLF lines': 'a\r\n',
  'lone CRs': '\r',
  'Diagnostic-Code lines': 'Diagnostic-Code: smtp; 550 x\n',
  'Postfix reply lines': 'host a.b[192.0.2.1] said: 550 x\n',
  'wrapped reply lines': '550-5.7.26 x\n',
  '<<< 550- lines': '<<< 550-5.7.1 x\n',
  'recipient lines': '<a@b.example>:\n',
  'indented continuation lines': '  folded text\n',
  '(reason: 550 ': '(reason: 550 ',
  'ip: [': 'ip: [',
  '1.1.1.1.': '1.1.1.1.',
  'copy-of lines': 'x\n----- original message -----\n',
  // what normalise() undoes: quote prefixes, entities, markdown, literal escapes, HTML tags, folded replies
  'quoted lines': '> > x\n',
  entities: '&amp;&#39;&bogus;',
  backticks: '`**',
  'literal \\n': '\\n',
  'HTML tags': '<b>x</b><br>',
  'folded markers': 'x 550-5.7.26 [',
  'markdown links': '[[a.b](http://a.b/)] [',
  'blank runs': 'a  \t b ',
  'logged reply lines': 'S: 550-5.7.1 x\n',
  'logged replies': 'S: 550-5.7.1 x\nS: 550 5.7.1 y\n',
  'status-only reply lines': '5.7.26 x\n',
  'status-only markers run together': '5.7.26 x ',
  'Exim rejection lines': 'H=a [192.0.2.1] F=<a@b.c> rejected RCPT <d@e.f>: SPF x\n',
  '" rejected " without fields': ' rejected ',
  'Postfix delivery lines without a reply': 'postfix/smtp[1]: ABCDE1: to=<a@b.c>, dsn=5.7.26, status=bounced\n',
  'corpus mailbox': corpus.join('\n'),
};

describe('bounce reader work grows linearly with the input', () => {
  for (const [shape, unit] of Object.entries(SHAPES)) {
    it(`${shape}: twice the text, at most about twice the work`, () => {
      // twice the same text: a unit longer than 40k (the corpus mailbox, 190k) is read whole, then twice over (its
      // first 40k and 80k would be two different texts, whose messages cost more or less per character)
      const size = Math.max(40_000, unit.length);
      const small = countWork(() => readBounceText(repeated(unit, size)));
      const large = countWork(() => readBounceText(repeated(unit, 2 * size)));
      expect(small).toBeGreaterThan(0);
      // linear work gives 2; a quadratic pass gives near 4
      expect(large).toBeLessThanOrEqual(small * 2.3 + 1000);
    });
  }
});

// issue 12: the inputs that took 79 s, 478 ms and 10 s (their backtracking inside one exec is what
// regex-linear.test.ts counts; here, the work around the patterns)
const WHOLE_INPUTS: Record<string, (size: number) => () => unknown> = {
  "'550 5.7.1 ' + blanks + 'x'": (size) => () => readBounceText('550 5.7.1 ' + ' '.repeat(size) + 'x'),
  "pre-filter '550' + blanks": (size) => () => looksLikeBounce('550' + ' '.repeat(size)),
  "HTML part of '<'": (size) => () => htmlToText('<'.repeat(size)),
};

describe('the inputs of issue 12: twice the text, at most about twice the work', () => {
  for (const [name, build] of Object.entries(WHOLE_INPUTS)) {
    it(name, () => {
      const small = countWork(build(40_000));
      const large = countWork(build(80_000));
      expect(small).toBeGreaterThan(0);
      expect(large).toBeLessThanOrEqual(small * 2.3 + 1000);
    });
  }
});
