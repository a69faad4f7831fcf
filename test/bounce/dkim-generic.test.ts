import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';

/** Generic DKIM refusals in either word order: a reply code and no other reason (wordings.ts generic rows). */
describe('generic DKIM refusals', () => {
  it.each([
    '550 5.7.1 The email you sent has an invalid DKIM signature',
    '554 5.7.5 Rejected: bad DKIM signature',
    '550 5.7.20 DKIM signature verification failed',
    '550 5.7.1 Message failed DKIM checks',
    '451 4.7.5 unverifiable DKIM signature, try again later',
  ])('%s', (reply) => {
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism: 'dkim' });
    for (const wrap of Object.values(NOTICE_SHELLS)) expect(readBounceText(wrap([reply]))).toMatchObject({ authFailure: true, mechanism: 'dkim' });
  });

  it.each([
    ['a spam refusal that names a bad DKIM signature', '550 5.7.1 Message rejected as spam; bad DKIM signature'],
    ['a blocklist refusal', '554 5.7.1 invalid DKIM domain listed on our block list'],
    // (Forward Email's own "has an invalid DKIM signature" is a receiver's wording row, read without a code too)
    ['text without a reply code', 'The message you sent carries a bad DKIM signature'],
  ])('not %s', (_name, text) => {
    expect(readBounceText(text).authFailure).toBe(false);
  });
});
