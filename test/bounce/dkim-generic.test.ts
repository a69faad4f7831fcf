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
    '550 5.7.20 DKIM signature incorrect',
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

/** Generic SPF and DMARC refusals: the refusing verb before the check ("-ed" or "-ing", "for" as well as "due to"), an SPF error. */
describe('generic SPF and DMARC refusals', () => {
  it.each([
    ['550 rejecting for sender policy framework', 'spf'],
    ['550 5.7.1 Message rejected due to SPF', 'spf'],
    ['550 5.7.1 blocked for failing SPF', 'spf'],
    ['550 5.7.1 refusing for DMARC policy of example.org', 'dmarc'],
    // an SPF validation error (RFC 7372 section 3.2, X.7.24)
    ["550 SPF ERROR: You don't have permission to send from this domain", 'spf'],
    ['451 4.4.3 SPF lookup error, try again later', 'spf'],
    // hMailServer's reply (hmailserver/hmailserver SpamTestSPF.cpp)
    ['550 5.7.1 Blocked by SPF.', 'spf'],
    // RFC 7208 section 9.1's explanation in a reply
    ['550 SPF Hard Fail: Domain example.org does not designate 192.0.2.64 as permitted sender', 'spf'],
    // an invalid SPF result or record: Forward Email's INVALID_SPF_RESULT (forwardemail.net config/phrases.js), a permerror
    ['421 Invalid SPF result', 'spf'],
    // "incorrect" as "invalid" (mijndomein.nl's reply, quoted in RogerGrowSocial/gs-lead-platform SPF_FIX_GUIDE.md)
    ['554 5.7.1 : End-of-data rejected: SPF Incorrect', 'spf'],
    ['550 5.7.1 DMARC result incorrect for example.org', 'dmarc'],
    ['550 5.7.24 SPF record invalid for example.org', 'spf'],
  ] as const)('%s', (reply, mechanism) => {
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism });
    for (const wrap of Object.values(NOTICE_SHELLS)) expect(readBounceText(wrap([reply]))).toMatchObject({ authFailure: true, mechanism });
  });

  it.each([
    ['a spam refusal that links an SPF page', '550 rejected for spam, see our SPF page'],
    ['a blocklist refusal', '554 5.7.1 blocked for listing at zen.spamhaus.org; SPF not checked'],
    ['text without a reply code', 'We are rejecting for sender policy framework reasons from now on'],
    ['a refusal for another reason that mentions an SPF error', '550 5.1.1 user unknown; SPF error'],
    ['a refusal for another reason that mentions an invalid SPF record', '550 5.1.1 user unknown; invalid SPF record'],
    ['an invalid SPF record named without a reply code', 'Your domain has an invalid SPF record: fix it before sending'],
    ['an incorrect SPF record named without a reply code', 'SPF incorrect: the record misses the new host'],
    ['a refusal for another reason that calls the SPF record incorrect', '550 5.7.1 listed at zen.spamhaus.org; SPF incorrect'],
    // the receiver's Received-SPF field, quoted without a reply
    ['a Received-SPF field', 'Received-SPF: fail (mx.example.net: domain of a@example.org does not designate 192.0.2.10 as permitted sender) receiver=mx.example.net'],
  ])('not %s', (_name, text) => {
    expect(readBounceText(text).authFailure).toBe(false);
  });
});

describe('the SPF explanation of RFC 7208 section 9.1 in a reply', () => {
  it('names the domain (or the sender) and the client', () => {
    expect(readBounceText('550 SPF Hard Fail: Domain example.org does not designate 192.0.2.64 as permitted sender')).toMatchObject({ mechanism: 'spf', domain: 'example.org', domainRole: 'mail-from', ip: '192.0.2.64' });
    expect(readBounceText('550 5.7.1 Sender address rejected: domain of a@example.org does not designate 192.0.2.10 as permitted sender')).toMatchObject({ domain: 'example.org', sender: 'a@example.org', ip: '192.0.2.10' });
  });
});
