import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBounce, readBounceText, looksLikeBounce } from '../../src/core/bounce/index';

const corpusDir = fileURLToPath(new URL('../fixtures/bounce-corpus/full/', import.meta.url));

describe('hard negatives: refusals that name an IP or mention SPF but are not authentication failures', () => {
  it('a blocklist refusal names the client IP but is not an authentication failure', () => {
    // Postfix reject_rbl_client wording (postfix.org postconf(5) "rbl_reply_maps" default)
    const facts = readBounceText(
      '<someone@example.org>: host mx.example.org[198.51.100.1] said: 554 5.7.1\n' +
        '    Service unavailable; Client host [192.0.2.99] blocked using\n' +
        '    zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.99 (in reply to\n' +
        '    RCPT TO command)\n',
    );
    expect(facts).toMatchObject({ authFailure: false, mechanism: null, domain: null, ip: '192.0.2.99', status: '554 5.7.1', recipient: 'someone@example.org' });
  });

  it('a blocklist refusal that also tells the sender to check SPF stays a blocklist refusal', () => {
    // GoDaddy IB104 "This IP is listed on the Spamhaus Block List (SBL)" (sisimai Rhost::GoDaddy) with an SPF hint
    const facts = readBounceText(
      '<someone@example.com>: host smtp.secureserver.net[68.178.213.203] said: 554\n' +
        '    Connection refused. This IP is listed on the Spamhaus Block List (SBL).\n' +
        '    Senders should also check their SPF record and SPF failures. IB104 (in reply to MAIL FROM command)\n',
    );
    expect(facts.authFailure).toBe(false);
    expect(facts.mechanism).toBeNull();
  });

  it('a reverse-DNS refusal naming the IP is not an authentication failure', async () => {
    // corpus rhost-google-06 (Gmail 5.7.25 "[192.0.2.202] The IP address sending this message does not have a PTR record")
    const facts = await readBounce(new Uint8Array(readFileSync(corpusDir + 'sisimai__rhost-google-06.eml')));
    expect(facts).toMatchObject({ authFailure: false, ip: '192.0.2.202', status: '550 5.7.25', receiver: 'gmail' });
  });

  it('Gmail "The IP you\'re using to send mail is not authorized" is about direct sending, not SPF', () => {
    // pastebin QzjBpA4A (Postfix log of a Gmail refusal)
    const facts = readBounceText(
      '<someone@gmail.com>: host gmail-smtp-in.l.google.com[74.125.68.27] said:\n' +
        "    550-5.7.1 [192.0.2.28] The IP you're using to send mail is not authorized to\n" +
        '    550-5.7.1 send email directly to our servers. Please use the SMTP relay at\n' +
        '    your 550-5.7.1 service provider instead. Learn more at 550 5.7.1\n' +
        '    https://support.google.com/mail/answer/10336 f20si20142483pfd.230 - gsmtp (in\n' +
        '    reply to end of DATA command)\n',
    );
    expect(facts).toMatchObject({ authFailure: false, ip: '192.0.2.28', status: '550 5.7.1', receiver: 'gmail' });
  });

  it('a rate limit is not an authentication failure', () => {
    // dwaves.org 2017 (Exim notice of a Gmail refusal): "Our system has detected an unusual rate of unsolicited mail"
    const facts = readBounceText(
      '  someone@gmail.com\n' +
        '    SMTP error from remote mail server after end of data:\n' +
        '    host gmail-smtp-in.l.google.com [2607:f8b0:400d:c03::1a]:\n' +
        '    550-5.7.1 [2001:db8::25] Our system has detected an unusual rate\n' +
        '    550-5.7.1 of unsolicited mail originating from your IP address. To protect our\n' +
        '    550-5.7.1 users from spam, mail sent from your IP address has been blocked.\n' +
        '    550 5.7.1 Bulk Email Senders Guidelines. u66si15473913qki.107 - gsmtp\n',
    );
    expect(facts).toMatchObject({ authFailure: false, mechanism: null, ip: '2001:db8::25', status: '550 5.7.1' });
  });

  it('a spam refusal listing the SpamAssassin rule SPF_FAIL mentions SPF only in passing', () => {
    // SpamAssassin test names (spamassassin.apache.org "Tests Performed"), as content filters quote them
    const facts = readBounceText('Diagnostic-Code: smtp; 550 5.7.1 Message rejected as spam (score=12.4 tests=BAYES_99,SPF_FAIL,URIBL_BLACK)\n');
    expect(facts).toMatchObject({ authFailure: false, mechanism: null, status: '550 5.7.1' });
  });

  it('a spam classification that advises setting up SPF is not an SPF failure', () => {
    // mail-in-a-box/mailinabox#1046 (Google Groups refusal)
    const facts = readBounceText(
      'Delivery to the following recipient failed permanently:\n\n     robin@example.nl\n\n' +
        'Technical details of permanent failure:\n' +
        'Your email to group robin@example.nl was rejected due to spam classification. To address this issue:\n\n' +
        '* Contact the owner of the group, who can choose to enable message moderation instead of bouncing these emails.\n' +
        '* Set up SPF records for your sending domain if you have not done so already.\n',
    );
    expect(facts.authFailure).toBe(false);
  });

  it('an SPF pass in the returned headers is not a refusal', async () => {
    // corpus bounceparser no-such-domain: "Received-SPF: pass" and "spf=pass" in the headers, refusal "No such domain"
    const facts = await readBounce(new Uint8Array(readFileSync(corpusDir + 'bounceparser__no-such-domain.eml')));
    expect(facts).toMatchObject({ authFailure: false, status: '550' });
  });

  it("never takes the refusing host's own address for the client IP", () => {
    // Postfix: "host mail.receiver.com[10.0.2.8] said:" (corpus lab spf_fail) with a refusal naming no IP
    const facts = readBounceText(
      '<user2@receiver.example>: host mail.receiver.example[192.0.2.8] said: 550 5.7.23\n' +
        '    <user2@receiver.example>: Recipient address rejected: Message rejected due to:\n' +
        '    SPF fail - not authorized (in reply to RCPT TO command)\n',
    );
    expect(facts).toMatchObject({ authFailure: true, mechanism: 'spf', ip: null, domain: null, remoteMta: 'mail.receiver.example' });
  });

  it('a hostname quoted inside the refusal with its address is not the client', () => {
    const facts = readBounceText('550 5.7.1 Rejected by mx2.receiver.example [198.51.100.3]: user unknown');
    expect(facts.ip).toBeNull();
  });

  it('text that is no bounce gives nothing', () => {
    const letter = 'Hi Ana,\n\nthe SPF 50 sun cream is in the bag. See you at 5.\n\nBest,\nLuis';
    expect(readBounceText(letter)).toMatchObject({ authFailure: false, ip: null, status: null, rejection: [], recipients: [] });
    expect(looksLikeBounce('Hi Ana, see you tomorrow at the station. Best, Luis')).toBe(false);
  });
});

describe('pasted text: what a webmail page shows', () => {
  // support.webcentral.au "Delivering email to Gmail": the Exim bounce as one paragraph, as webmail shows it
  const gmailParagraph =
    'This message was created automatically by mail delivery software. A message that you sent could not be delivered to one or more of its recipients. This is a permanent error. The following address(es) failed: someone@gmail.com host gmail-smtp-in.l.google.com [74.125.130.27] SMTP error from remote mail server after end of data: 550-5.7.26 This mail is unauthenticated, which poses a security risk to the 550-5.7.26 sender and Gmail users, and has been blocked. The sender must 550-5.7.26 authenticate with at least one of SPF or DKIM. For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [example-domain.com.au] 550-5.7.26 did not pass with ip: [192.0.2.12]. The sender should visit 550-5.7.26 https://support.google.com/mail/answer/81126#authentication for 550 5.7.26 instructions on setting up authentication. y17-20020a17090322d100b001a654cdcce0si31054240plg.103 - gsmtp';

  it('reads the refusal from one long paragraph', () => {
    expect(readBounceText(gmailParagraph)).toMatchObject({
      authFailure: true,
      mechanism: 'spf',
      ip: '192.0.2.12',
      domain: 'example-domain.com.au',
      status: '550 5.7.26',
      receiver: 'gmail',
    });
  });

  it('reads it wrapped at any space, without indentation, with CRLF or CR line ends', () => {
    for (const width of [23, 40, 57, 76]) {
      const lines: string[] = [];
      let line = '';
      for (const word of gmailParagraph.split(' ')) {
        if (line !== '' && line.length + word.length + 1 > width) {
          lines.push(line);
          line = word;
        } else line = line === '' ? word : `${line} ${word}`;
      }
      lines.push(line);
      for (const newline of ['\n', '\r\n', '\r']) {
        const facts = readBounceText(lines.join(newline));
        expect(facts, `width ${width}`).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.12', domain: 'example-domain.com.au', status: '550 5.7.26' });
      }
    }
  });

  it('reads the corpus bounce as a webmail renders it: the notice and the report, no MIME', () => {
    // corpus lab spf_fail, the parts a webmail shows (MIME boundaries and part headers gone)
    const raw = readFileSync(corpusDir + 'lab__ooknosi-tools_lab_2__spf_fail.eml', 'latin1');
    const shown = raw
      .split('\n')
      .filter((line) => !/^(?:--C35B282142|Content-(?:Description|Type|Transfer-Encoding):|\tboundary=)/.test(line))
      .join('\n')
      .slice(raw.indexOf('This is the mail system'));
    expect(readBounceText(shown)).toMatchObject({
      authFailure: true,
      mechanism: 'spf',
      ip: '10.0.2.9',
      domain: 'sender.com',
      sender: 'user1@sender.com',
      recipient: 'user2@receiver.com',
      status: '550 5.7.23',
      dsnStatus: '5.7.23',
      reportingMta: 'sender.Home',
    });
  });

  it('reads the refusal among text in other languages', () => {
    // Exchange NDR in German around the 5.7.23 reply (app.dmarcit.io/help/550-5-7-23)
    const german = [
      'Die Nachricht konnte an folgende Empfänger oder Gruppen nicht übermittelt werden:',
      '',
      'kunde@contoso.example',
      'Der E-Mail-Anbieter des Empfängers hat Ihre Nachricht abgelehnt.',
      '',
      'Diagnoseinformationen für Administratoren:',
      '',
      'Generierender Server: AM0PR01MB1234.eurprd01.prod.outlook.com',
      '',
      'kunde@contoso.example',
      "Remote Server returned '550 5.7.23 The message was rejected because of Sender Policy Framework violation'",
    ].join('\n');
    expect(readBounceText(german)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '550 5.7.23', recipient: 'kunde@contoso.example', receiver: 'microsoft' });
    // Japanese notice lines around a Postfix report (corpus lhost-postfix-04 has ISO-2022-JP lines of this kind)
    const japanese = 'このメールは配送できませんでした。\n\n<user@example.jp>: host mx.example.jp[192.0.2.8] said: 550 5.7.1 Email rejected per\n    DMARC policy for example.org (in reply to end of DATA command)\n\n送信者にお問い合わせください。';
    expect(readBounceText(japanese)).toMatchObject({ authFailure: true, mechanism: 'dmarc', domain: 'example.org', recipient: 'user@example.jp' });
  });

  it('reports one entry per refused recipient when they differ', () => {
    const text = [
      '<a@example.org>: host mx.example.org[192.0.2.1] said: 550 5.7.1 Email rejected per',
      '    DMARC policy for example.com (in reply to end of DATA command)',
      '',
      '<b@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1 <b@example.org>:',
      '    Recipient address rejected: User unknown (in reply to RCPT TO command)',
    ].join('\n');
    const facts = readBounceText(text);
    expect(facts.recipients).toEqual([
      { recipient: 'a@example.org', status: '550 5.7.1', diagnostic: '550 5.7.1 Email rejected per DMARC policy for example.com', dsnStatus: null },
      { recipient: 'b@example.org', status: '550 5.1.1', diagnostic: '550 5.1.1 <b@example.org>: Recipient address rejected: User unknown', dsnStatus: null },
    ]);
    expect(facts).toMatchObject({ authFailure: true, recipient: 'a@example.org', status: '550 5.7.1' });
  });
});

describe('addresses', () => {
  const spf = (address: string) => readBounceText(`550 5.7.1 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=a@example.org;ip=${address};r=mx.example.net`).ip;
  it('takes IPv4, IPv6, IPv4-mapped and ported forms, validated', () => {
    expect(spf('192.0.2.1')).toBe('192.0.2.1');
    expect(spf('2001:DB8::1')).toBe('2001:db8::1');
    expect(spf('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(spf('192.0.2.1:25')).toBe('192.0.2.1');
    expect(spf('999.0.2.1')).toBeNull();
    expect(spf('0x7f.1')).toBeNull();
    expect(spf('1.2.3')).toBeNull();
  });
  it('takes bracketed addresses from the text, with a port', () => {
    expect(readBounceText('554 5.7.1 Client host [2001:db8::9]:25 rejected: listed at zen.spamhaus.org').ip).toBe('2001:db8::9');
    expect(readBounceText('554 5.7.1 Client host [192.0.2.9] blocked').ip).toBe('192.0.2.9');
    expect(readBounceText('554 5.7.1 Blocked: ip-192-0-2-9.example.net (host192.0.2.9.example.net) rejected').ip).toBeNull();
  });
});
