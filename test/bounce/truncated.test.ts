import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounceText } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';

/**
 * Replies a paste or a log field cut short (wordings.ts: the rows whose opening is one receiver's alone match on it):
 * still read as that receiver's refusal, with what the kept part names.
 */
const CUT: { name: string; reply: string; expected: Partial<BounceFacts> }[] = [
  {
    name: "Gmail DMARC, cut after \"domain's\"",
    reply: "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's",
    expected: { mechanism: 'dmarc', domain: 'example.org', domainRole: 'header-from', receiver: 'gmail' },
  },
  {
    name: 'Gmail DMARC, cut after "domain"',
    reply: '550 5.7.1 Unauthenticated email from mail.example.net is not accepted due to domain',
    expected: { mechanism: 'dmarc', domain: 'mail.example.net', receiver: 'gmail' },
  },
  {
    name: 'Gmail DMARC, wrapped inside a word by the paste ("doma" over "in\'s")',
    reply: "550-5.7.1 Unauthenticated email from example.org is not accepted due to doma\nin's\n550-5.7.1 DMARC policy.",
    expected: { mechanism: 'dmarc', domain: 'example.org', domainRole: 'header-from', receiver: 'gmail' },
  },
  {
    name: 'Gmail SPF hard fail, cut before the address',
    reply: '550-5.7.26 The MAIL FROM domain [example.com] has an SPF record with a hard fail policy (-all) but it fa',
    expected: { mechanism: 'spf', domain: 'example.com', domainRole: 'mail-from', ip: null, receiver: 'gmail' },
  },
  {
    name: 'Gmail 2019 authentication, cut after its opening',
    reply: '550-5.7.1 This message does not have authentication information or fai',
    expected: { mechanism: 'auth', receiver: 'gmail' },
  },
  {
    name: 'Seznam SPF, cut after the domain',
    reply: "550 5.7.1 Sender Policy Framework of 'example.cz' domain",
    expected: { mechanism: 'spf', domain: 'example.cz', receiver: 'seznam' },
  },
];

describe('refusals cut short', () => {
  for (const { name, reply, expected } of CUT) {
    it(name, () => {
      expect(readBounceText(reply)).toMatchObject({ authFailure: true, ...expected });
      const { receiver: _receiver, ...facts } = expected;
      for (const wrap of Object.values(NOTICE_SHELLS)) expect(readBounceText(wrap([reply]))).toMatchObject({ authFailure: true, ...facts });
      expect(looksLikeBounce(`Hi,\n${reply.slice(4)}\n`)).toBe(true);
    });
  }

  it('still reads the whole replies with their last facts', () => {
    expect(
      readBounceText('550-5.7.26 The MAIL FROM domain [example.com] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.5]. To best protect'),
    ).toMatchObject({ domain: 'example.com', ip: '192.0.2.5' });
  });

  it.each([
    ['a message that talks about unauthenticated mail', 'Unauthenticated email from customers is not accepted any more, see the policy.'],
    ['a Seznam-like phrase without a domain', 'Our Sender Policy Framework of the domain is being updated this week, no action needed.'],
  ])('leaves %s alone', (_name, text) => {
    expect(readBounceText(`550 5.7.1 ${text}`).authFailure).toBe(false);
    expect(looksLikeBounce(text)).toBe(false);
  });
});
