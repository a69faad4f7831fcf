import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';

/**
 * A reply that holds two authentication wordings (auth-refusal.ts findAuth): the first row says what happened, and
 * where it names no domain, the domain another wording of the same reply names is kept, with that wording's role.
 */
describe('two authentication wordings in one reply', () => {
  const exchange =
    '554 5.7.0 < #5.7.23 smtp;550 5.7.23 The message was rejected because of Sender Policy Framework violation -> 550 5.7.1 This message failed DMARC evaluation of domain lists.example.org and was rejected as per DMARC policy.';

  it('keeps the DMARC wording\'s domain, as the header From domain, under the SPF refusal', () => {
    expect(readBounceText(exchange)).toMatchObject({ authFailure: true, mechanism: 'spf', domain: 'lists.example.org', domainRole: 'header-from', receiver: 'microsoft' });
    for (const wrap of Object.values(NOTICE_SHELLS)) expect(readBounceText(wrap([exchange]))).toMatchObject({ mechanism: 'spf', domain: 'lists.example.org', domainRole: 'header-from' });
  });

  it('reads the DMARC line alone', () => {
    expect(readBounceText('550 5.7.1 This message failed DMARC evaluation of domain example.com and was rejected as per DMARC policy.')).toMatchObject({
      mechanism: 'dmarc',
      domain: 'example.com',
      domainRole: 'header-from',
    });
  });

  it('takes an SPF identity as the MAIL FROM domain', () => {
    const reply = '550 5.7.23 The message was rejected because of Sender Policy Framework violation -> 550 SPF: 192.0.2.8 is not allowed to send mail from bounce@mail.example.net';
    expect(readBounceText(reply)).toMatchObject({ mechanism: 'spf', domain: 'mail.example.net', domainRole: 'mail-from' });
  });

  it('keeps the first wording\'s own domain where it names one', () => {
    const reply = "550 5.7.26 Unauthenticated email from first.example is not accepted due to domain's DMARC policy; DMARC failure for domain second.example";
    expect(readBounceText(reply)).toMatchObject({ mechanism: 'dmarc', domain: 'first.example', receiver: 'gmail' });
  });

  it('borrows nothing from a generic wording or a domain-less one', () => {
    expect(readBounceText('550 5.7.23 The message was rejected because of Sender Policy Framework violation; DMARC policy reject').domain).toBeNull();
  });
});
