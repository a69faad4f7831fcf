import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounceText } from '../../src/core/bounce/index';

/** qmail's format: the enhanced status code at the end of the reply, "(#5.7.1)" (qmail-smtpd.c), and qmail-spf's replies. */
function qmailNotice(reply: string): string {
  return [
    'Hi. This is the qmail-send program at mail.example.net.',
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    'This is a permanent error; I\'ve given up. Sorry it didn\'t work out.',
    '',
    '<someone@example.org>:',
    '192.0.2.25 does not like recipient.',
    `Remote host said: ${reply}`,
    'Giving up on 192.0.2.25.',
  ].join('\n');
}

describe('qmail replies', () => {
  it('reads the enhanced status code qmail writes at the end', () => {
    expect(readBounceText('553 sorry, that domain isn\'t in my list of allowed rcpthosts (#5.7.1)').status).toBe('553 5.7.1');
    expect(readBounceText('550 cannot message bob@example.org (#5.0.0 denied by policy)').status).toBe('550 5.0.0');
    // one that stands elsewhere is not the reply's
    expect(readBounceText('550 see (#5.7.1) in our policy, then try again').status).toBe('550');
    // an enhanced code after the reply code stays the one read
    expect(readBounceText('550 5.7.23 message refused (#5.7.1)').status).toBe('550 5.7.23');
  });

  it('reads the qmail-spf error reply as an SPF refusal, alone and in a qmail notice', () => {
    const reply = '451 SPF lookup failure (#4.3.0)';
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '451 4.3.0', receiver: 'qmail-spf' });
    expect(readBounceText(qmailNotice(reply))).toMatchObject({ authFailure: true, mechanism: 'spf', status: '451 4.3.0', recipient: 'someone@example.org' });
    expect(looksLikeBounce(`Hello,\n${reply}\nregards`)).toBe(true);
  });

  it('reads the qmail-spf fail reply with its default explanation (spf.pobox.com why.html)', () => {
    const reply = '550 See http://spf.pobox.com/why.html?sender=alice%40example.com&ip=198.51.100.77&receiver=mail.example.net (#5.7.1)';
    expect(readBounceText(qmailNotice(reply))).toMatchObject({
      authFailure: true,
      mechanism: 'spf',
      status: '550 5.7.1',
      domain: 'example.com',
      ip: '198.51.100.77',
      sender: 'alice@example.com',
    });
    expect(readBounceText(reply).receiver).toBe('qmail-spf');
  });

  it('reads the sagredo qmail explanation', () => {
    const reply = '550 SPF failure. Validate your SPF configuration here https://mxtoolbox.com/SuperTool.aspx?action=spf (#5.7.1)';
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '550 5.7.1', receiver: 'qmail-spf' });
  });

  it('the pre-filter passes a qmail reply by its status format, and not a bracketed number in prose', () => {
    expect(looksLikeBounce('Remote host said: 553 sorry, that domain isn\'t in my list of allowed rcpthosts (#5.7.1)')).toBe(true);
    expect(looksLikeBounce('The minutes (#5.7.1) were approved; the budget of 550 is final.')).toBe(false);
  });
});
