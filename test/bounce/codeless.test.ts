/**
 * Refusals without a classic reply code, and the formats that say which address or IP a line names. Each text is
 * verbatim from its source (named beside it), or that text with documentation addresses (RFC 5737, RFC 2606).
 */
import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounce, readBounceText } from '../../src/core/bounce/index';

describe('a receiver\'s own wording without a classic reply code', () => {
  it.each([
    [
      // kb.website-solution.net "About email forward, Sender ID and SPF" (Hotmail), verbatim: the IP is masked
      'Hotmail Sender ID, no code, masked IP',
      'IP xxx.xx.xx.xx soft failed sender ID check. Please ensure this IP is authorized to sent',
      { authFailure: true, mechanism: 'spf', ip: null, status: null, receiver: 'microsoft' },
    ],
    [
      'Hotmail Sender ID, no code, with an address',
      'IP 192.0.2.61 soft failed sender ID check. Please ensure this IP is authorized to sent',
      { authFailure: true, mechanism: 'spf', ip: '192.0.2.61', status: null, rejection: ['IP 192.0.2.61 soft failed sender ID check. Please ensure this IP is authorized to sent'] },
    ],
    [
      // knowledge.3essentials.com web-hosting article 1744, verbatim: the code is followed by a colon
      'Sender Authorization check failed, "550:"',
      'Delivery Failure : 550: Remote host said Sender Authorization check failed',
      { authFailure: true, mechanism: 'spf', status: '550', rejection: ['550: Remote host said Sender Authorization check failed'] },
    ],
    [
      // dailydotdev/daily#1760, verbatim: an enhanced status code alone
      'OpenDMARC through a milter, enhanced code alone',
      'milter-reject for END-OF-MESSAGE. 5.7.1 rejected by DMARC policy for daily.dev with invalid ARC result.',
      { authFailure: true, mechanism: 'dmarc', domain: 'daily.dev', domainRole: 'header-from', status: '5.7.1', receiver: 'opendmarc' },
    ],
    [
      // jcbf/smf-spf smf-spf.c: the milter's verdict line, then Sendmail's log of the milter's refusal without a reason
      'smf-spf verdict above a reasonless milter refusal',
      'Nov  3 04:07:19 mx smf-spf[19861]: SPF fail: ip=192.0.2.151, fqdn=[192.0.2.151], helo=out.example.net, from=<a@mail.example.org>\nNov  3 04:07:19 mx sm-mta[23903]: vA347GJM023903: Milter: from=<a@mail.example.org>, reject=550 5.7.1 Command rejected',
      { authFailure: true, mechanism: 'spf', ip: '192.0.2.151', domain: 'mail.example.org', sender: 'a@mail.example.org', receiver: 'smf-spf' },
    ],
    [
      // support.plesk.com "How psa-pc-remote milter works": the handler that refused, then Postfix's milter-reject
      "Plesk psa-pc-remote, REJECT during call 'spf' handler",
      "/usr/lib64/plesk-9.0/psa-pc-remote[23076]: REJECT during call 'spf' handler\npostfix/cleanup[8479]: 2373880: milter-reject: END-OF-MESSAGE from relay.example.net[192.0.2.2]: 5.7.1 Command rejected; from=<n@example.org> to=<a@example.com> proto=ESMTP",
      { authFailure: true, mechanism: 'spf', ip: '192.0.2.2', domain: 'example.org', receiver: 'plesk' },
    ],
    [
      // linsomniac/tumgreyspf tumgreyspf spfcheck (v1.24): pyspf's explanation, then the check's fields; a fail is refused
      'tumgreyspf verdict for the MAIL FROM',
      'Jan  4 10:01:02 mx tumgreyspf[24672]: SPF fail - not authorized: QUEUE_ID=""; identity=mailfrom; client-ip=192.0.2.141; helo=mail.example.org; envelope-from=a@example.org; receiver=b@example.net;',
      { authFailure: true, mechanism: 'spf', ip: '192.0.2.141', domain: 'example.org', domainRole: 'mail-from', sender: 'a@example.org', receiver: 'tumgreyspf' },
    ],
    [
      'tumgreyspf verdict for the HELO name of a null sender',
      'Jan  4 10:01:02 mx tumgreyspf[24672]: SPF fail - not authorized: QUEUE_ID="8CB0F952D6F"; identity=helo; client-ip=192.0.2.141; helo=mail.example.org; envelope-from=; receiver=b@example.net;',
      { authFailure: true, mechanism: 'spf', ip: '192.0.2.141', domain: 'mail.example.org', domainRole: 'helo', sender: null, receiver: 'tumgreyspf' },
    ],
    [
      // hmailserver/hmailserver SMTPConnection.cpp (the log line) and SpamTestSPF.cpp (the reason)
      'hMailServer spam protection log line, SPF the reason',
      'hMailServer SpamProtection rejected RCPT (Sender: a@example.org, IP:192.0.2.61, Reason: Blocked by SPF.)',
      { authFailure: true, mechanism: 'spf', ip: '192.0.2.61', domain: 'example.org', domainRole: 'mail-from', sender: 'a@example.org', receiver: 'hmailserver' },
    ],
    [
      // anonaddy/anonaddy resources/views/emails (disallowed reply/send attempt), as the alias service mails it
      'addy.io, reply from an alias refused by DMARC',
      'An attempt to send or reply from your alias someone@anonaddy.me was just made from someone@example.de which failed because it didn\'t pass authentication checks and could be spoofed.\n\nIn order to send or reply from an alias there must be a valid DMARC policy present for example.de and your message must be permitted by that DMARC policy.',
      { authFailure: true, mechanism: 'dmarc', domain: 'example.de', domainRole: 'header-from', receiver: 'addy' },
    ],
    [
      // 03400.com 2024/10 (Tencent Exmail's notice above a Gmail refusal, the reason and the fix in Simplified Chinese)
      "Tencent Exmail's notice: the sender domain's DNS records, set SPF, DKIM, DMARC",
      '退信原因:发件人( a@example.org )域名的DNS记录未设置或设置错误导致对方拒收此邮件。\n解决方案:请通知你的邮箱管理员为邮箱域名设置正确的DNS(SPF、DKIM、DMARC)记录。',
      { authFailure: true, mechanism: 'auth', ip: null },
    ],
    [
      // alrcly.com archives/gmail: the same notice as a markdown table, blanks around "DNS"; its reason line alone too
      "Tencent Exmail's notice as a table",
      '条目 | 信息 |\n---|---|\n退信原因 | 发件人域名的 DNS 记录未设置或设置错误导致对方拒收此邮件。 |',
      { authFailure: true, mechanism: 'auth' },
    ],
    [
      // cleanmail.ch "Stricter rules for accepting mail with sender bluewin.ch": its refusal as the page quotes it, no code
      "Cleanmail's refusal of a server the sender domain's SPF record does not list",
      'Mail from senders with the domain bluewin.ch is rejected with the following error message:\nForged sender domain from this server',
      { authFailure: true, mechanism: 'spf', receiver: 'cleanmail', domain: null },
    ],
  ])('%s', (_name, text, expected) => {
    expect(looksLikeBounce(text)).toBe(true);
    const facts = readBounceText(text);
    expect(facts).toMatchObject(expected);
    expect(facts.recipients.length).toBe(1);
  });

  it.each([
    // generic rows never stand without a code: people write about SPF and DMARC
    ['a message about a failed SPF check', 'Our SPF check failed on the staging host yesterday, see the ticket.'],
    // hMailServer's log line for another reason first
    ['an hMailServer refusal for a blocklist', 'SpamProtection rejected RCPT (Sender: a@example.org, IP:192.0.2.1, Reason: Blocked by DNSBL - Blocked by SPF.)'],
    ['a message about a DMARC policy', 'We moved our DMARC policy to p=reject last week, reports go to the usual mailbox.'],
    // a coded refusal that is about something else stays so, whatever the notice says around it
    ['a blocklist refusal', '<b@example.org>: host mx.example.org[192.0.2.9] said: 554 5.7.1 Service unavailable; Client host [192.0.2.70] blocked using zen.spamhaus.org'],
  ])('reads no refusal in %s', (_name, text) => {
    const facts = readBounceText(text);
    expect(facts.authFailure).toBe(false);
    expect(facts.mechanism).toBeNull();
  });
});

describe('what a line names, read from its format', () => {
  it('Postfix "(expanded from <alias>)": the alias on the next line is no recipient (bounce(8))', () => {
    const text = [
      '<final@example.org> (expanded from',
      '    <alias@lists.example.net>): host mx.example.org[192.0.2.10] said: 550 5.7.1',
      '    Email rejected per DMARC policy for example.com (in reply to end of DATA command)',
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts.recipient).toBe('final@example.org');
    expect(facts.recipients.map((r) => r.recipient)).toEqual(['final@example.org']);
  });

  it("Oracle Communications Messaging Server's field list (iCloud): the reply ends where the next field begins", () => {
    const text = [
      'Your message cannot be delivered to the following recipients:',
      '',
      ' Recipient address: b@example.net',
      ' Reason: Remote SMTP server has rejected address',
      ' Diagnostic code: smtp;550-5.7.26 Unauthenticated email from example.org is not accepted due to domain\'s DMARC policy.',
      ' Remote system: dns;mx.example.net (TCP|192.0.2.10|53619|198.51.100.27|25) (mx.example.net ESMTP)',
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts).toMatchObject({ authFailure: true, mechanism: 'dmarc', domain: 'example.org', ip: null });
    expect(facts.rejection).toEqual(["550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy."]);
    // a line at the same indentation that opens with no field name still continues the reply
    const wrapped = text.replace("domain's DMARC policy.", "domain's\n DMARC policy.");
    expect(readBounceText(wrapped).rejection[0]).toContain("domain's DMARC policy.");
  });

  it('sendmail: the verdict line after a "<<<" reply names the recipient it was for', () => {
    const text = [
      '   ----- Transcript of session follows -----',
      'While talking to mx.example.org:',
      '>>> MAIL From:<me@example.com>',
      '<<< 550 5.7.1 <me@example.com>... SPF check failed for 192.0.2.11',
      '554 <you@example.org>... Remote protocol error',
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts.recipient).toBe('you@example.org');
    expect(facts.sender).toBe('me@example.com');
    expect(facts.ip).toBe('192.0.2.11');
  });

  it('Postfix "<name[address]>: Client host rejected" names the client; "host name[address] said" the refusing host', () => {
    const facts = readBounceText('<a@example.org>: host mx.example.org[192.0.2.1] said: 450 4.7.1 <c1.example.net[192.0.2.12]>: Client host rejected: may not be mail exchanger');
    expect(facts.ip).toBe('192.0.2.12');
    expect(readBounceText('<a@example.org>: host mx.example.org[192.0.2.1] said: 550 5.7.1 mx.example.org [192.0.2.1] refused').ip).toBeNull();
  });

  it('Google Admin Email Log Search: "Sender:" above its address is the sender, the SMTP server IP the client', () => {
    const text = [
      'Sender:',
      'bounces+1@mail.example.com',
      '',
      'Received from an SMTP server with IP address: 192.0.2.13 (TLS enabled)',
      '',
      "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's 550 5.7.26 DMARC policy.",
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts).toMatchObject({ ip: '192.0.2.13', sender: 'bounces+1@mail.example.com', recipient: null, domain: 'example.com' });
    expect(facts.evidence).toEqual({ ip: 'transcript', domain: 'rejection', sender: 'transcript' });
  });
});

describe('RFC 6591 authentication failure reports', () => {
  const report = (authFailure: string, results: string) =>
    [
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'This is an authentication failure report for an email message received from IP 192.0.2.14.',
      '',
      '--b',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: auth-failure',
      'Version: 1',
      `Auth-Failure: ${authFailure}`,
      `Authentication-Results: mx.example.net; ${results}`,
      'Original-Mail-From: <bounce@mail.example.com>',
      'Source-IP: 192.0.2.14',
      'Reported-Domain: example.com',
      '',
      '--b--',
      '',
    ].join('\r\n');

  it('a DMARC report: the header From domain, the source IP and the envelope sender; no refusal', async () => {
    const facts = await readBounce(report('dmarc', 'dmarc=fail header.from=example.com'));
    expect(facts).toMatchObject({ authFailure: false, mechanism: null, ip: '192.0.2.14', domain: 'example.com', domainRole: 'header-from', sender: 'bounce@mail.example.com' });
    expect(facts.evidence).toEqual({ ip: 'feedback-report', domain: 'feedback-report', sender: 'feedback-report' });
  });

  it('an SPF report: the MAIL FROM domain', async () => {
    const facts = await readBounce(report('spf', 'spf=fail smtp.mailfrom=mail.example.com'));
    expect(facts).toMatchObject({ domain: 'mail.example.com', domainRole: 'mail-from' });
  });

  it("Exim's DMARC forensic report, a text without a report part: the header From domain and the client; no refusal", () => {
    // Exim src/dmarc.c dmarc_send_forensic_report
    const exim = [
      'A message claiming to be from you has failed the published DMARC',
      'policy for your domain.',
      '',
      '  Sender Domain: example.com',
      '  Sender IP Address: 192.0.2.197',
      '  Received Date: Mon, 25 Jun 2018 15:35:50 +0200',
      '  SPF Alignment: no',
      '  DKIM Alignment: no',
      '  DMARC Results: Reject',
    ].join('\n');
    const facts = readBounceText(exim);
    expect(facts).toMatchObject({ authFailure: false, mechanism: null, ip: '192.0.2.197', domain: 'example.com', domainRole: 'header-from' });
    expect(facts.evidence).toEqual({ ip: 'feedback-report', domain: 'feedback-report' });
    // the fields alone, without the report's sentence, are no report
    expect(readBounceText(exim.split('\n').slice(2).join('\n'))).toMatchObject({ ip: null, domain: null });
  });

  it('a DKIM report names no policy domain; another feedback type is no authentication report', async () => {
    expect((await readBounce(report('signature', 'dkim=fail header.d=example.com'))).domain).toBeNull();
    const abuse = report('dmarc', 'dmarc=fail header.from=example.com').replace('Feedback-Type: auth-failure', 'Feedback-Type: abuse').replace('an authentication failure report', 'an abuse report');
    expect(await readBounce(abuse)).toMatchObject({ ip: null, domain: null });
  });
});

describe('a wording the wrap broke, without its code', () => {
  it("reads Microsoft's DMARC refusal pasted from the middle of Postfix's indented wrapping", () => {
    const text = [
      'Access denied, sending domain [example.ch] does not pass DMARC',
      '    verification and has a DMARC policy of reject. [DB9P189MB1369.EURP189.PROD.OUTLOOK.COM',
      '    2023-06-25T21:52:29.770Z 08DB7465E73D2969] (in reply to end of DATA command)',
    ].join('\n');
    expect(readBounceText(text)).toMatchObject({ authFailure: true, mechanism: 'dmarc', domain: 'example.ch', domainRole: 'header-from' });
    // not across a line that does not start with blanks: a new line of the text
    expect(readBounceText(text.replace('\n    verification', '\nverification')).authFailure).toBe(false);
    // and the pre-filter reads the fold as the reader does, so a page that shows it is asked about
    expect(looksLikeBounce(text)).toBe(true);
    expect(looksLikeBounce(text.replace('\n    verification', '\nverification'))).toBe(false);
  });
});

describe("a refusal's frame without a reply code at its start (frames.ts)", () => {
  it.each([
    // Postfix smtpd's "<class> rejected: <reason>" (smtpd_check.c), the code cut before it: lbsd.net's support page
    // quotes "Recipient address rejected: Failed SPF check...."
    ['Postfix, recipient class', 'Recipient address rejected: Failed SPF check....', 'spf'],
    ['Postfix, sender class, after the address', '<a@example.org>: Sender address rejected: rejected due to DMARC policy', 'dmarc'],
    ['Postfix, end of data', 'End-of-data rejected: DKIM signature verification failed', 'dkim'],
    // an enhanced status that opens the line (RFC 3463, RFC 2034 section 4): SPFBL's Exim defer message for an SPF
    // temperror, "4.5.1 Temporary DNS error while checking SPF record. Try again later." (leonamp/SPFBL client/spfbl.pl)
    ['enhanced status at the line start', '4.5.1 Temporary DNS error while checking SPF record. Try again later.', 'spf'],
    ['enhanced status, quoted', 'notice\n> 5.7.1 rejected by DMARC policy\n', 'dmarc'],
  ])('%s: a generic wording in it is a refusal', (_name, text, mechanism) => {
    expect(readBounceText(text)).toMatchObject({ authFailure: true, mechanism });
    expect(looksLikeBounce(text.padEnd(20))).toBe(true);
  });

  it.each([
    // the wording alone, with nothing that says a receiver refused: an article, a Received-SPF comment
    ['no frame', 'Mail that failed SPF check is filed as junk here.'],
    // a frame around another reason, even where SPF is named
    ['another reason', 'Recipient address rejected: Client listed at zen.spamhaus.org (SPF failed too)'],
    ['a frame and no authentication wording', 'Recipient address rejected: User unknown in virtual mailbox table'],
    // the status must open the line: a number in a sentence is not a reply
    ['status inside a sentence', 'Version 5.7.1 of the tool failed SPF checks on our test domain.'],
    // only classes 4 and 5 refuse
    ['a success status', '2.0.0 Ok: queued, SPF check failed earlier but was ignored'],
    // Gmail's DMARC link is a refusal's only in a reply: Google's help pages link the same article
    ['a help page linking Gmail\'s DMARC article', 'Learn how to create a policy to help control unauthenticated mail from your domain (https://support.google.com/mail/answer/2451690).'],
    // a header checker's finding on a message it received: no DKIM signature, and nobody refused it
    ['a header checker\'s finding', 'DKIM: No DKIM signature found\nSPF: pass\nDMARC: none'],
  ])('%s: no refusal', (_name, text) => {
    expect(readBounceText(text).authFailure).toBe(false);
    expect(looksLikeBounce(text)).toBe(false);
  });

  it("a receiver's own wording after a frame on the same line is read (the frame does not hide it)", () => {
    // policyd-spf's "domain owner discourages use of this host" inside Postfix's frame
    const facts = readBounceText('Recipient address rejected: Message rejected due to: domain owner discourages use of this host.');
    expect(facts).toMatchObject({ authFailure: true, mechanism: 'spf', receiver: 'policyd-spf' });
  });
});

describe("SPF's own reasons are no other reason (wordings.ts OTHER_REASON)", () => {
  it("reads an SPF refusal that says the server is not listed in the domain's SPF record", () => {
    // a school's list of its filter's refusals (stdominics.sa.edu.au "email"), in a reply with a code
    const reply = "550 5.7.1 Rejected due to SPF failure - The e-mail isn't originating from a server listed in your domains SPF records.";
    expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism: 'spf' });
    expect(looksLikeBounce(reply)).toBe(true);
  });

  it("and the limits of RFC 7208 section 4.6.4 are SPF's own: too many DNS lookups, void lookups or includes is a permerror, not a rate", () => {
    for (const reply of ['550 5.7.24 SPF permerror: too many DNS lookups', '550 5.7.23 SPF check failed: too many includes in the record of example.org']) {
      expect(readBounceText(reply)).toMatchObject({ authFailure: true, mechanism: 'spf' });
    }
    // too many of something else is another reason
    expect(readBounceText('421 4.7.0 Too many connections; SPF fail').authFailure).toBe(false);
  });

  it('a blocklist named beside SPF still outweighs it', () => {
    expect(readBounceText('550 5.7.1 Client host listed in zen.spamhaus.org; SPF fail too').authFailure).toBe(false);
    expect(readBounceText('554 5.7.1 Service unavailable; Client host [192.0.2.7] listed by bl.example.net (SPF failed as well)').authFailure).toBe(false);
  });
});

describe("the rest of a receiver's refusal, quoted apart from its first line", () => {
  // sendmail's DSN shows the first line of Gmail's reply as the reason and the rest of it below (the layout of
  // Rikiya89/rikiya_okawa_portfolio PHP_CONTACT_FORM_JOURNEY.md, with documentation names)
  const notice = (rest: string): string =>
    [
      '   ----- The following addresses had permanent fatal errors -----',
      '<someone@gmail.com>',
      '    (reason: 550-5.7.26 Your email has been blocked because the sender is unauthenticated.)',
      '',
      'Authentication results:',
      'DKIM = did not pass',
      rest,
    ].join('\n');

  it('names the IP and the domain the first line does not', () => {
    const facts = readBounceText(notice('SPF [mail.example.org] with ip: [192.0.2.67] = did not pass'));
    expect(facts).toMatchObject({ authFailure: true, status: '550 5.7.26', receiver: 'gmail', ip: '192.0.2.67', domain: 'mail.example.org', domainRole: 'mail-from' });
    expect(facts.rejection).toEqual(['550-5.7.26 Your email has been blocked because the sender is unauthenticated.', 'SPF [mail.example.org] with ip: [192.0.2.67] = did not pass']);
  });

  it("takes only what the wording's slots hold, and only from the same receiver's wording", () => {
    // a hidden address stays unknown, whatever other address the line runs on to
    expect(readBounceText(notice('SPF [mail.example.org] with ip: [my.server.ip] = did not pass {IP=198.51.100.27}')).ip).toBeNull();
    // another receiver's wording (Microsoft's DMARC refusal) is another refusal: it lends nothing
    expect(readBounceText(notice('550 5.7.509 Access denied, sending domain example.net does not pass DMARC verification')).domain).toBeNull();
  });
});

describe("a receiver's own words before the reply's first code", () => {
  it('win over a generic reading of the coded line that follows', () => {
    const text = "'Unauthenticated email from example.com is not accepted due to domain\\'s\\n550-5.7.1 DMARC policy'";
    expect(readBounceText(text)).toMatchObject({ authFailure: true, mechanism: 'dmarc', domain: 'example.com', domainRole: 'header-from', receiver: 'gmail' });
  });
});

describe('quotes: the words a fact was read from, as the user sees them', () => {
  it('a reply quoted with "> " and folded mid-sentence is quoted as written', () => {
    const text = [
      '> <someone@example.org>: host gmail-smtp-in.l.google.com[142.250.1.27] said: 550-5.7.26 The MAIL FROM',
      '>     domain [example.com] has an SPF record with a hard 550-5.7.26 fail',
      '>     policy (-all) but it fails to pass SPF checks with the ip: 550-5.7.26',
      '>     [192.0.2.15]. To best protect our users from spam and phishing, 550 5.7.26 the message has been blocked.',
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts).toMatchObject({ ip: '192.0.2.15', domain: 'example.com' });
    expect(text).toContain(facts.quotes?.ip);
    expect(facts.quotes?.ip).toContain('with the ip: 550-5.7.26\n>     [192.0.2.15]');
    expect(facts.quotes?.domain).toContain('domain [example.com]');
  });

  it('a pasted notice that opens with a blank line or a code fence: the indented reply is quoted, and reading ends', () => {
    // a folded line right below a first line at offset 1 once sent the search for the field's start round for ever
    const notice = ['  mx.example.net[198.51.100.7] said: 550 5.7.1', '    SPF check failed for [192.0.2.15] x'];
    for (const text of [`\n${notice.join('\n')}`, ['```', ...notice, '```'].join('\n')]) {
      const facts = readBounceText(text);
      expect(facts).toMatchObject({ authFailure: true, ip: '192.0.2.15' });
      expect(facts.quotes?.ip).toBe('mx.example.net[198.51.100.7] said: 550 5.7.1\n    SPF check failed for [192.0.2.15] x');
    }
  });

  it('character references stay as written, and a header field is quoted whole', () => {
    const text = [
      '550 5.7.26 Unauthenticated email from example.com is not accepted due to domain&#39;s DMARC policy.',
      '',
      '------ This is a copy of the message\'s headers. ------',
      '',
      'Return-Path: <me@example.com>',
      'Subject: hello',
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts.quotes?.domain).toBe("550 5.7.26 Unauthenticated email from example.com is not accepted due to domain&#39;s DMARC policy.");
    expect(facts.quotes?.sender).toBe('Return-Path: <me@example.com>');
  });
});

describe('an authentication failure report as a mail program shows it (the human-readable part alone)', () => {
  it('names the source IP in its sentence (RFC 6591 Appendix B, OpenDMARC), nothing else', () => {
    const facts = readBounceText('This is an authentication failure report for an email message received from IP\n192.0.2.16 on Thu, 29 Apr 2015 23:34:45 +0000 (UTC).');
    expect(facts).toMatchObject({ authFailure: false, mechanism: null, ip: '192.0.2.16', domain: null, sender: null, evidence: { ip: 'feedback-report' } });
  });
});
