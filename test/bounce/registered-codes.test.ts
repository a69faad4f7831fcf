/**
 * The enhanced status codes registered for authentication failures (RFC 7372 section 3) and their texts: the code
 * says what failed where the words were cut or are a receiver's own; a reply that names another reason is not one.
 */
import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce';

describe('RFC 7372 status codes and texts', () => {
  it.each([
    ['550-5.7.26 Your email has been blocked be', 'auth'],
    ['421-4.7.26 Unauthenticated email', 'auth'],
    ['550 5.7.20 Message refused', 'dkim'],
    ['550 5.7.22 Sorry', 'dkim'],
    ['451 4.7.24 Try again later', 'spf'],
    ['554 5.7.1 No valid DKIM signature found', 'dkim'],
    ['550 5.7.1 No acceptable DKIM signature found', 'dkim'],
  ])('%s: an authentication refusal (%s)', (reply, mechanism) => {
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism });
  });

  it('reads a reply quoted where it is shown, straight or typographic quotes', () => {
    // AOL's DMARC refusal as SendGrid's documentation quotes it
    const aol = '"521 5.2.1 : (DMARC) This message failed DMARC Evaluation and is being refused due to provided DMARC Policy"';
    expect(readBounceText(aol)).toMatchObject({ authFailure: true, mechanism: 'dmarc', status: '521 5.2.1' });
    expect(readBounceText('\u201c550 5.7.1 SPF check failed for 192.0.2.1\u201d')).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.1' });
  });

  it("reads a milter's refusal Postfix logs with the enhanced code alone, and its client", () => {
    const line =
      'Mar  4 10:00:00 mx postfix/cleanup[3816]: 1C923F1570: milter-reject: END-OF-MESSAGE from out.example.org[192.0.2.2]: 5.7.23 SPF validation failed. : Reason: mechanism; from=<a@example.org> to=<b@example.net> proto=ESMTP helo=<out.example.org>';
    expect(readBounceText(line)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.2', status: '5.7.23' });
  });

  it.each([
    '550 5.7.25 The IP address sending this message does not have a PTR record setup',
    '550 5.7.26 Client host [192.0.2.3] blocked using zen.spamhaus.org',
    '550 5.7.1 Message rejected as spam (version 5.7.23.1 of the filter)',
    '550 5.7.27 Sender address has null MX',
  ])('%s: not an authentication refusal', (reply) => {
    expect(readBounceText(reply).authFailure).toBe(false);
  });
});
