import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinTxt, parseTxtData } from '../../src/core/dns/txt';
import { renderTxtJoined, renderTxtQuoted } from '../helpers/zone';

describe('parseTxtData', () => {
  it.each([
    ['Cloudflare, one string', '"v=spf1 -all"', ['v=spf1 -all']],
    ['Cloudflare, two strings with a space', '"v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.com -all"', ['v=spf1 ip4:192.0.2.0/24 ', 'include:_spf.example.com -all']],
    ['two strings without a space', '"v=spf1 " "-all"'.replace('" "', '""'), ['v=spf1 ', '-all']],
    ['Google, already joined', 'v=spf1 include:_spf.google.com ~all', ['v=spf1 include:_spf.google.com ~all']],
    ['escaped quotes and backslash', '"say \\"hi\\" \\\\o/"', ['say "hi" \\o/']],
    ['decimal escapes', '"tab\\009end" "\\195\\169t\\195\\169"', ['tab\tend', 'été']],
    ['an empty string', '""', ['']],
    ['joined with a \\DDD escape', 'caf\\195\\169', ['café']],
    ['unbalanced quote falls back to the literal text', '"v=spf1 -all', ['"v=spf1 -all']],
    ['raw unicode', 'v=spf1 a:bücher.example -all', ['v=spf1 a:bücher.example -all']],
  ])('%s', (_label, data, strings) => {
    expect(parseTxtData(data)).toEqual(strings);
  });

  it('joins the strings of one record without a separator (RFC 7208 section 3.3)', () => {
    expect(joinTxt(parseTxtData('"v=spf1 ip4:192.0.2.1" " -all"'))).toBe('v=spf1 ip4:192.0.2.1 -all');
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (data) => {
        const strings = parseTxtData(data);
        expect(Array.isArray(strings)).toBe(true);
        expect(strings.every((s) => typeof s === 'string')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every rendering the servers use', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (strings, spaced) => {
        expect(parseTxtData(renderTxtQuoted(strings, spaced))).toEqual(strings);
        // the joined shape loses the boundaries but keeps the text, unless it happens to look quoted
        const joined = renderTxtJoined(strings);
        if (!joined.startsWith('"')) expect(parseTxtData(joined)).toEqual([strings.join('')]);
      }),
      { numRuns: 1000 },
    );
  });
});
