/**
 * No line of human output carries a raw control character, for any bounce text and any SPF record (issue 12
 * section 5); the JSON output neither (C0 by JSON.stringify, DEL, C1 and bidi controls by jsonText); the
 * line reader of `check --jsonl` holds no more than its limit of a line, however the bytes arrive.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEvaluation, renderLint } from '../../src/cli/check';
import { runCli } from '../../src/cli/main';
import { boundedLines } from '../../src/cli/lines';
import { escapeControls, escapeDeep, jsonText, shortenStrings } from '../../src/cli/safe-text';
import { checkHost, lintPolicy } from '../../src/core/spf';
import { fakeIO } from '../helpers/cli-io';
import { ZoneResolver } from '../helpers/zone-resolver';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- the painter's own SGR sequences, allowed on a terminal only
const OWN_STYLE = /\x1b\[(?:0|1|2|31|32|33|36)m/g;

/** Characters a hostile text is made of: controls of every kind, escape-sequence pieces, and ordinary text. */
const hostileChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u061c', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069', '\x1b[', '\x1b]0;', '[2J', ';', 'm'),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.constantFrom('550 5.7.23 ', 'SPF fail ', 'ip4:', '192.0.2.9 ', 'a@example.com ', ' ', 'v=spf1 ', '-all'),
);
const hostileText = fc.array(hostileChar, { maxLength: 40 }).map((parts) => parts.join(''));

/** A bounce-like text with hostile pieces inside the words the reader quotes. */
const hostileBounce = fc
  .tuple(hostileText, hostileText, hostileText)
  .map(([a, b, c]) => `Subject: Undelivered ${a}\n\n<a@example.com>: host mx.example.com[192.0.2.8] said: 550 5.7.23 ${b} SPF fail ${c}\nAction: failed\n`);

describe('human output', () => {
  it('parse: no raw control character in any line, for any bounce text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileBounce, hostileText), fc.boolean(), async (text, json) => {
        const io = fakeIO(text);
        await runCli(json ? ['parse', '--json'] : ['parse'], io, 'test');
        expect(io.stdout).not.toMatch(RAW_CONTROL);
        expect(io.stderr).not.toMatch(RAW_CONTROL);
        if (json) expect(JSON.parse(io.stdout)).toMatchObject({ file: '-' });
      }),
      { numRuns: 200 },
    );
  });

  it('check: no raw control character for any SPF record, only the painter\'s colours on a terminal', async () => {
    const record = fc.tuple(hostileText, hostileText).map(([a, b]) => `v=spf1 ip4:192.0.2.5 ${a} include:inc.example ${b} -all`);
    await fc.assert(
      fc.asyncProperty(record, hostileText, fc.boolean(), async (main, included, tty) => {
        const resolver = new ZoneResolver({
          'hostile.example': [{ TXT: main }],
          'inc.example': [{ TXT: `v=spf1 ${included} ~all` }],
        });
        const evaluation = await checkHost({ ip: '192.0.2.77', domain: 'hostile.example', sender: 'a@hostile.example', helo: 'hostile.example' }, { resolver });
        const report = await lintPolicy('hostile.example', { resolver });
        for (const text of [renderEvaluation(evaluation, tty), renderLint(report, tty)]) {
          expect(tty ? text.replace(OWN_STYLE, '') : text).not.toMatch(RAW_CONTROL);
          if (!tty) expect(text).not.toContain('\x1b');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('the escaping itself', () => {
  it('escapeControls leaves no control character, is the identity on safe text, and keeps every other character', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: 'binary' })), (text) => {
        const escaped = escapeControls(text);
        expect(escaped).not.toMatch(RAW_CONTROL);
        expect(escaped.includes('\n')).toBe(false);
        if (!RAW_CONTROL.test(text) && !text.includes('\n')) expect(escaped).toBe(text);
        // removing the escapes from both sides leaves the same visible characters
        expect(escaped.replace(/\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])/g, '')).toBe(text.replace(new RegExp(RAW_CONTROL.source + '|\\n', 'g'), '').replace(/\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])/g, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('jsonText: parses back to the same value, with no raw control character', () => {
    const value = fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 }), fc.integer(), fc.constant(null)));
    fc.assert(
      fc.property(value, (v) => {
        const text = jsonText(v);
        expect(text).not.toMatch(RAW_CONTROL);
        expect(JSON.parse(text)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('escapeDeep and shortenStrings keep the shape; shortenStrings cuts only the long strings and says so', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ a: hostileText, b: fc.array(fc.string({ maxLength: 60 }), { maxLength: 3 }), n: fc.integer() }), { maxLength: 4 }), fc.integer({ min: 2, max: 50 }), (items, limit) => {
        const escaped = escapeDeep(items);
        expect(escaped.map((item) => item.n)).toEqual(items.map((item) => item.n));
        expect(escaped.map((item) => item.a)).toEqual(items.map((item) => escapeControls(item.a)));
        const { value, truncated } = shortenStrings(items, limit);
        const long = items.some((item) => item.a.length > limit || item.b.some((s) => s.length > limit));
        expect(truncated).toBe(long);
        value.forEach((item, i) => {
          const original = items[i]!;
          expect(item.a).toBe(original.a.length > limit ? `${original.a.slice(0, item.a.length - 1)}…` : original.a);
          expect(item.a.length).toBeLessThanOrEqual(limit + 1);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('check --jsonl line reader', () => {
  async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b)) {
      yield bytes.subarray(at, cut);
      at = cut;
    }
    yield bytes.subarray(at);
  }

  it('gives the lines of any byte stream, however it is chunked; a line over the limit is tooLong', async () => {
    const line = fc.oneof(fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')), fc.integer({ min: 0, max: 40 }).map((n) => 'x'.repeat(n)));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.boolean(), fc.array(fc.nat(400), { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), async (lines, finalNewline, cuts, limit) => {
        const text = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
        const bytes = new TextEncoder().encode(text);
        const got: (string | { tooLong: true })[] = [];
        for await (const item of boundedLines(chunksOf(bytes, cuts), limit)) got.push(item);
        // as readline: a newline ends a line; what follows the last newline is a line when it is not empty
        const parts = text.split('\n');
        if (parts[parts.length - 1] === '') parts.pop();
        const expected = parts.map((l) => (new TextEncoder().encode(l).length > limit ? { tooLong: true as const } : l.replace(/\r$/, '')));
        expect(got).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
