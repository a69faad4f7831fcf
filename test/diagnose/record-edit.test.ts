import { describe, expect, it } from 'vitest';
import { addTerms, mergeRecords, quoteForZone, replaceTerms, toCharacterStrings } from '../../src/core/diagnose/record-edit';

describe('addTerms', () => {
  it('inserts before all, keeping every term', () => {
    expect(addTerms('v=spf1 ip4:192.0.2.1 mx -all', ['include:_spf.google.com'])).toBe('v=spf1 ip4:192.0.2.1 mx include:_spf.google.com -all');
  });
  it('inserts before redirect when there is no all', () => {
    expect(addTerms('v=spf1 a redirect=_spf.example.com', ['ip4:198.51.100.7'])).toBe('v=spf1 a ip4:198.51.100.7 redirect=_spf.example.com');
  });
  it('appends when there is neither all nor modifier', () => {
    expect(addTerms('v=spf1 a', ['ip4:198.51.100.7'])).toBe('v=spf1 a ip4:198.51.100.7');
  });
  it('does not add a term twice', () => {
    expect(addTerms('v=spf1 INCLUDE:sendgrid.net ~all', ['include:sendgrid.net'])).toBe('v=spf1 INCLUDE:sendgrid.net ~all');
  });
  it('folds extra spaces', () => {
    expect(addTerms('  v=spf1   a  -all ', ['mx'])).toBe('v=spf1 a mx -all');
  });
});

describe('mergeRecords', () => {
  it('keeps every mechanism once and the stricter all', () => {
    expect(mergeRecords(['v=spf1 include:_spf.google.com ~all', 'v=spf1 ip4:192.0.2.0/24 include:_spf.google.com -all'])).toBe(
      'v=spf1 include:_spf.google.com ip4:192.0.2.0/24 -all',
    );
  });
  it('turns a redirect into an include so its policy still applies', () => {
    expect(mergeRecords(['v=spf1 redirect=_spf.host.example', 'v=spf1 mx ?all'])).toBe('v=spf1 include:_spf.host.example mx ?all');
  });
  it('keeps one exp and unknown modifiers', () => {
    expect(mergeRecords(['v=spf1 a -all exp=why.example.com', 'v=spf1 mx foo=bar exp=other.example.com'])).toBe('v=spf1 a mx -all exp=why.example.com foo=bar');
  });
});

describe('replaceTerms', () => {
  it('replaces a term by the addresses it gives today', () => {
    expect(replaceTerms('v=spf1 a mx include:x.example -all', new Map([['MX', ['ip4:192.0.2.10', 'ip4:192.0.2.11']]]))).toBe(
      'v=spf1 a ip4:192.0.2.10 ip4:192.0.2.11 include:x.example -all',
    );
  });
});

describe('toCharacterStrings', () => {
  it('leaves a short record whole', () => {
    expect(toCharacterStrings('v=spf1 -all')).toEqual(['v=spf1 -all']);
  });
  it('splits a long record at spaces into strings of at most 255 characters that join back exactly', () => {
    const record = `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:198.51.100.${i}`).join(' ')} -all`;
    const strings = toCharacterStrings(record);
    expect(strings.length).toBeGreaterThan(1);
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
    expect(strings.join('')).toBe(record);
    for (const s of strings.slice(1)) expect(s.startsWith(' ')).toBe(true);
  });
  it('cuts a term longer than a string at 255 characters', () => {
    const record = `v=spf1 exists:${'a'.repeat(600)}`;
    const strings = toCharacterStrings(record);
    expect(strings.map((s) => s.length)).toEqual([6, 255, 255, 98]);
    expect(strings.join('')).toBe(record);
  });
  it('quotes each string for a zone file', () => {
    expect(quoteForZone('v=spf1 -all')).toBe('"v=spf1 -all"');
  });
});

describe('humanDuration', () => {
  it('says how long to wait in words', async () => {
    const { humanDuration } = await import('../../src/core/diagnose/causes');
    expect(humanDuration(30)).toBe('30 seconds');
    expect(humanDuration(300)).toBe('about 5 minutes');
    expect(humanDuration(3590)).toBe('about 1 hour');
    expect(humanDuration(7200)).toBe('about 2 hours');
    expect(humanDuration(86400 * 2)).toBe('about 2 days');
  });
});
