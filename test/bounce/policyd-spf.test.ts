import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounceText } from '../../src/core/bounce/index';
import { postfixNotice } from './notice-shells';

/**
 * Postfix policyd-spf (pypolicyd-spf) replies: "Message {rejected|deferred} due to: <pyspf explanation>. Please see <Why? link>"
 * (spf-engine Reason_Message; sdgathman/pyspf EXPLANATIONS), read as SPF refusals with the link cut or absent.
 */
const REPLIES = [
  '550 5.7.1 <carol@example.net>: Recipient address rejected: Message rejected due to: domain owner discourages use of this host. Please see http://www.openspf.net/Why?s=mf',
  '550 5.7.23 <carol@example.net>: Recipient address rejected: Message rejected due to: domain owner discourages use of this host.',
  '550 5.7.23 Message rejected due to: SPF fail - not authorized.',
  '550 5.7.23 Message rejected due to: access neither permitted nor denied',
  '550 5.7.23 Message rejected due to: Receiver policy for SPF Neutral. Please see',
  '450 4.7.24 Message deferred due to: temporary DNS error in processing.',
  '550 5.7.24 Message rejected due to: SPF Permanent Error: Two or more type TXT spf records found.',
  '451 4.7.24 SPF Temporary Error: DNS Timeout',
];

describe('policyd-spf explanations', () => {
  it.each(REPLIES)('%s', (reply) => {
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism: 'spf' });
    expect(readBounceText(postfixNotice('carol@example.net', 'mx.example.net[192.0.2.12]', [reply], 'RCPT TO'))).toMatchObject({ authFailure: true, mechanism: 'spf' });
    expect(looksLikeBounce(`Hi,\n${reply.replace(/^\d{3} \d\.\d\.\d{1,2} /, '')}\n`)).toBe(true);
  });

  it('keeps reading the identity and address where the Why? link is whole', () => {
    const reply =
      '550 5.7.23 <carol@example.net>: Recipient address rejected: Message rejected due to: domain owner discourages use of this host. Please see http://www.openspf.net/Why?s=helo;id=mx.example.org;ip=192.0.2.40;r=<UNKNOWN>';
    expect(readBounceText(reply)).toMatchObject({ mechanism: 'spf', domain: 'mx.example.org', domainRole: 'helo', ip: '192.0.2.40', receiver: 'policyd-spf' });
  });

  it('reads the HELO identity where the reply names it by its Received-SPF key (identity=helo, RFC 7208 section 9.1)', () => {
    const reply = '550 5.7.23 SPF fail: domain of mx.example.org does not designate 192.0.2.41 as permitted sender; identity=helo';
    expect(readBounceText(reply)).toMatchObject({ mechanism: 'spf', domain: 'mx.example.org', domainRole: 'helo', ip: '192.0.2.41', sender: null });
    expect(readBounceText(reply.replace('identity=helo', 'identity=mailfrom'))).toMatchObject({ domain: 'mx.example.org', domainRole: 'mail-from' });
  });

  it('reads a reply whose Why? link was cut before the address as an SPF refusal, and no other reason with the link', () => {
    // an Outlook.com DSN quoted in jochenkirstaetter/getblogged posts/published/spf.md, the recipient changed
    const reply = '550 5.7.1 <b@example.net>: Recipient address rejected: Please see https://www.openspf.net/Why?s=mfrom;id=....';
    expect(readBounceText(`Status: 5.7.1\nDiagnostic-Code: smtp;${reply}`)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: null, domain: null });
    expect(readBounceText(reply.replace('Why?s=mfrom', 'Why?s=helo'))).toMatchObject({ authFailure: true, mechanism: 'spf' });
    expect(readBounceText('550 5.1.1 <b@example.net>: Recipient address rejected: User unknown. See https://www.openspf.net/Why?s=mfrom;id=....').authFailure).toBe(false);
    expect(readBounceText('See https://www.openspf.net/Why?s=mfrom;id=a@example.org for what SPF does').authFailure).toBe(false);
  });

  it('takes no other rejection phrased the same way', () => {
    expect(readBounceText('550 5.7.1 Message rejected due to: content policy. Please contact the postmaster.').authFailure).toBe(false);
  });
});
