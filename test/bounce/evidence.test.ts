import { describe, expect, it } from 'vitest';
import { readBounce, readBounceText } from '../../src/core/bounce/index';
import { mtaLogFacts, mtaLogLines, transcriptMailFrom } from '../../src/core/bounce/transcript';
import { receiverFields, sameHost } from '../../src/core/bounce/evidence';
import { headerFields } from '../../src/core/bounce/returned-headers';
import { multipartReport } from '../helpers/report';
import { postfixNotice } from './notice-shells';

/** What the MTA log lines of a text say, read as the reader reads them (the lines once, then their facts). */
const logFacts = (text: string) => mtaLogFacts(text, mtaLogLines(text));

// Bounces built in the layouts of RFC 3464 / RFC 6522 reports, Postfix notices and logs and sendmail
// transcripts; addresses are documentation ones (RFC 5737, RFC 3849, RFC 2606).

/** A Postfix-style notice refused by `host`, with the returned message's headers. */
function postfixBounce(host: string, reply: string, returned: string[]): string {
  return [
    'This is the mail system at host mail.example.org.',
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    `<b@example.net>: host ${host}[198.51.100.25] said: ${reply} (in reply to end of DATA command)`,
    '',
    '--- Below this line is a copy of the message.',
    '',
    ...returned,
    '',
    'hello',
  ].join('\n');
}

// the receiver mx.example.net took the message (its Received hop), checked it and refused it after DATA
const RECEIVED_BY_RECEIVER = [
  'Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=a@example.org; dmarc=fail (p=reject) header.from=example.org',
  'Received-SPF: fail (mx.example.net: domain of a@example.org does not designate 192.0.2.10 as permitted sender) receiver=mx.example.net; client-ip=192.0.2.10; envelope-from=a@example.org; helo=out.example.org;',
  'Received: from out.example.org (out.example.org [192.0.2.10]) by mx.example.net (Postfix) with ESMTPS id 4AB; Mon, 1 Jan 2024 00:00:05 +0000',
  'Received: from laptop (unknown [203.0.113.9]) by out.example.org (Postfix) with ESMTPSA id 1CD; Mon, 1 Jan 2024 00:00:00 +0000',
  'Return-Path: <a@example.org>',
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=sel1; h=from:subject; bh=abc=; b=def=',
  'From: =?UTF-8?Q?Andr=C3=A9?= <andre@example.org>',
  'Subject: =?UTF-8?B?UmFwcG9ydCDDqXTDqQ==?=',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
];

describe('facts from the receiver\u2019s own header fields', () => {
  it('reads the IP, the domain and the sender where the reply names none, and says where', () => {
    const facts = readBounceText(postfixBounce('mx.example.net', '550 5.7.1 Rejected by SPF policy', RECEIVED_BY_RECEIVER));
    expect(facts.authFailure).toBe(true);
    expect(facts.mechanism).toBe('spf');
    expect(facts.ip).toBe('192.0.2.10');
    expect(facts.domain).toBe('example.org');
    expect(facts.domainRole).toBe('mail-from');
    expect(facts.sender).toBe('a@example.org');
    expect(facts.evidence).toEqual({ ip: 'received-spf', domain: 'authentication-results', sender: 'authentication-results' });
    expect(facts.evidenceConflicts).toEqual([]);
  });

  it('reads the returned From, DKIM signatures, Subject (RFC 2047) and Date', () => {
    const facts = readBounceText(postfixBounce('mx.example.net', '550 5.7.1 Rejected by SPF policy', RECEIVED_BY_RECEIVER));
    expect(facts.headerFrom).toBe('andre@example.org');
    expect(facts.dkim).toEqual([{ domain: 'example.org', selector: 'sel1', algorithm: 'rsa-sha256' }]);
    expect(facts.returnedSubject).toBe('Rapport été');
    expect(facts.returnedDate).toBe('Mon, 1 Jan 2024 00:00:00 +0000');
  });

  it('reads the DMARC header.from of the receiver for a DMARC refusal that names no domain', () => {
    const facts = readBounceText(postfixBounce('mx.example.net', '550 5.7.1 Message rejected due to DMARC', RECEIVED_BY_RECEIVER));
    expect(facts.mechanism).toBe('dmarc');
    expect(facts.domain).toBe('example.org');
    expect(facts.domainRole).toBe('header-from');
    expect(facts.evidence?.domain).toBe('authentication-results');
  });

  it('never reads another host\u2019s fields as the receiver\u2019s: a refusal at SMTP time by another host names no IP', () => {
    const facts = readBounceText(postfixBounce('mx.other.example', '550 5.7.1 Rejected by SPF policy', RECEIVED_BY_RECEIVER));
    expect(facts.authFailure).toBe(true);
    expect(facts.ip).toBeNull();
    expect(facts.domain).toBeNull();
    expect(facts.evidence?.ip).toBeUndefined();
    // what the sending side wrote still gives the envelope sender
    expect(facts.sender).toBe('a@example.org');
    expect(facts.evidence?.sender).toBe('return-path');
  });

  it('never reads a field below the hop before the receiver\u2019s, even when it claims the receiver\u2019s name (RFC 8601 section 5)', () => {
    const forged = [
      'Received: from out.example.org (out.example.org [192.0.2.10]) by mx.example.net (Postfix); Mon, 1 Jan 2024 00:00:05 +0000',
      'Received: from laptop (unknown [203.0.113.9]) by out.example.org (Postfix); Mon, 1 Jan 2024 00:00:00 +0000',
      'Received-SPF: fail (mx.example.net: domain of a@example.org does not designate 203.0.113.66 as permitted sender) receiver=mx.example.net; client-ip=203.0.113.66',
      'Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=forged.example',
      'From: a@example.org',
    ];
    const facts = readBounceText(postfixBounce('mx.example.net', '550 5.7.1 Rejected by SPF policy', forged));
    // only the receiver's own hop: the client it saw
    expect(facts.ip).toBe('192.0.2.10');
    expect(facts.evidence?.ip).toBe('received');
    expect(facts.domain).toBeNull();
  });

  it('does not read the headers for a refusal that is not about authentication', () => {
    const facts = readBounceText(postfixBounce('mx.example.net', '552 5.2.2 Mailbox full', RECEIVED_BY_RECEIVER));
    expect(facts.authFailure).toBe(false);
    expect(facts.ip).toBeNull();
    expect(facts.headerFrom).toBe('andre@example.org');
  });

  it('keeps the receiver\u2019s reply when a header names another value, and records the disagreement', () => {
    const facts = readBounceText(
      postfixBounce(
        'mx.example.net',
        '550-5.7.26 SPF check for [example.org] did not pass with ip: [192.0.2.99]. 550 5.7.26 gsmtp',
        RECEIVED_BY_RECEIVER,
      ),
    );
    expect(facts.ip).toBe('192.0.2.99');
    expect(facts.evidence?.ip).toBe('rejection');
    expect(facts.evidenceConflicts).toContainEqual({ field: 'ip', value: '192.0.2.99', source: 'rejection', other: '192.0.2.10', otherSource: 'received-spf' });
  });

  it('an authentication refusal that names no IP anywhere leaves it null', () => {
    const facts = readBounceText(postfixBounce('mx.example.net', '550 5.7.26 This mail is unauthenticated', ['From: a@example.org', 'Subject: x']));
    expect(facts.authFailure).toBe(true);
    expect(facts.ip).toBeNull();
    expect(facts.evidence).toEqual({});
  });

  it('reads the same from a raw RFC 6522 report with a text/rfc822-headers part', async () => {
    const raw = multipartReport({
      from: 'MAILER-DAEMON@mail.example.org',
      to: 'a@example.org',
      notice: ['Your message could not be delivered.'],
      deliveryStatus: ['Reporting-MTA: dns; mail.example.org', 'X-Postfix-Sender: rfc822; a@example.org', '', 'Final-Recipient: rfc822; b@example.net', 'Action: failed', 'Status: 5.7.1', 'Remote-MTA: dns; mx.example.net', 'Diagnostic-Code: smtp; 550 5.7.1 Rejected by SPF policy'],
      returned: { type: 'text/rfc822-headers', content: RECEIVED_BY_RECEIVER.join('\r\n') },
    });
    const facts = await readBounce(new TextEncoder().encode(raw));
    expect(facts.ip).toBe('192.0.2.10');
    expect(facts.domain).toBe('example.org');
    expect(facts.evidence).toEqual({ ip: 'received-spf', domain: 'authentication-results', sender: 'authentication-results' });
    expect(facts.dkim).toHaveLength(1);
    expect(facts.returnedSubject).toBe('Rapport été');
  });
});

describe('the results a receiver\u2019s notice quotes of its own checks', () => {
  // anonaddy/anonaddy resources/views/mail/disallowed_reply_send_attempt.blade.php, as the alias service mails it
  const addyNotice = (results: string): string =>
    [
      'An attempt to send or reply from your alias someone@anonaddy.me was just made from someone@example.de which failed because it didn\'t pass authentication checks and could be spoofed.',
      '',
      'In order to send or reply from an alias there must be a valid DMARC policy present for example.de and your message must be permitted by that DMARC policy.',
      '',
      'The attempt was trying to send the message to the following destination: b@example.net',
      '',
      'These are the authentication results for the message:',
      '',
      results,
      '',
      'If this attempt was made by yourself, then you need to inspect the authentication results above and make sure your recipient\'s domain (example.de) has the correct DNS records in place; SPF, DKIM and DMARC.',
    ].join('\n');
  const results = (authservId: string): string =>
    `${authservId}; dkim=none; spf=pass (${authservId}: domain of someone@example.de designates 192.0.2.77 as permitted sender) smtp.mailfrom=someone@example.de; dmarc=none`;

  it('reads the client IP from the results addy.io quotes, written by its own host', () => {
    const facts = readBounceText(addyNotice(results('mail2.anonaddy.me')));
    expect(facts).toMatchObject({ authFailure: true, mechanism: 'dmarc', ip: '192.0.2.77', domain: 'example.de', receiver: 'addy' });
    expect(facts.evidence).toMatchObject({ ip: 'authentication-results', domain: 'rejection' });
  });

  it('never reads results another host wrote, nor results the notice does not introduce as its own', () => {
    expect(readBounceText(addyNotice(results('mx.example.net'))).ip).toBeNull();
    const without = addyNotice(results('mail2.anonaddy.me')).replace('These are the authentication results for the message:', 'Forwarded:');
    expect(readBounceText(without)).toMatchObject({ authFailure: true, ip: null });
  });

  it('reads at most a field\u2019s worth after the lead-in: a notice with no results after it, or a huge run of them, names nothing', () => {
    expect(readBounceText(addyNotice('')).ip).toBeNull();
    const huge = addyNotice(`mail2.anonaddy.me; ${'spf=pass '.repeat(100_000)}(designates 192.0.2.78 as permitted sender)`);
    expect(readBounceText(huge)).toMatchObject({ authFailure: true, ip: null });
  });
});

describe('the receiver\u2019s fields', () => {
  it('matches a host and the names under it, never a sibling or a bare label', () => {
    expect(sameHost('mx.example.net', 'example.net')).toBe(true);
    expect(sameHost('example.net', 'mx1.example.net')).toBe(true);
    expect(sameHost('mx.example.net', 'mx.example.com')).toBe(false);
    expect(sameHost('net', 'mx.example.net')).toBe(false);
  });

  it('without a Received hop by the refusing host there are none', () => {
    const fields = headerFields(['Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=example.org', 'Received: by out.example.org; Mon, 1 Jan 2024 00:00:00 +0000'].join('\n'));
    expect(receiverFields(fields, 'mx.example.net').fields).toEqual([]);
    expect(receiverFields(fields, null).fields).toEqual([]);
  });
});

describe('SMTP transcript and Postfix logs', () => {
  it('reads the sender of a sendmail transcript and the IP of a <<< reply', () => {
    const text = [
      '   ----- Transcript of session follows -----',
      '... while talking to mx.example.net.:',
      '>>> MAIL From:<a@example.org> SIZE=1234',
      '<<< 550 5.7.1 SPF fail: 192.0.2.44 is not allowed to send mail from example.org',
      '554 5.0.0 Service unavailable',
    ].join('\n');
    const facts = readBounceText(text);
    expect(transcriptMailFrom(text)).toBe('a@example.org');
    expect(facts.authFailure).toBe(true);
    expect(facts.ip).toBe('192.0.2.44');
    expect(facts.sender).toBe('a@example.org');
    expect(facts.evidence).toEqual({ ip: 'transcript', domain: 'transcript', sender: 'transcript' });
  });

  it('reads a Postfix delivery log entry: to=, dsn= and the sender of the same queue ID', () => {
    const log = [
      'Jan  1 00:00:01 mail postfix/qmgr[11]: 4AB12C: from=<a@example.org>, size=1200, nrcpt=1 (queue active)',
      'Jan  1 00:00:02 mail postfix/smtp[12]: 4AB12C: to=<b@example.net>, relay=mx.example.net[198.51.100.25]:25, delay=1, dsn=5.7.26, status=bounced (host mx.example.net[198.51.100.25] said: 550 5.7.26 Unauthenticated email from example.org is not accepted due to domain\u2019s DMARC policy (in reply to end of DATA command))',
      'Jan  1 00:00:02 mail postfix/qmgr[11]: 9ZZ99Z: from=<>, size=3000, nrcpt=1 (queue active)',
    ].join('\n');
    expect(logFacts(log)).toEqual({ sender: 'a@example.org', recipient: 'b@example.net', dsn: '5.7.26', clientIp: null });
    const facts = readBounceText(log);
    expect(facts.recipient).toBe('b@example.net');
    expect(facts.dsnStatus).toBe('5.7.26');
    expect(facts.sender).toBe('a@example.org');
    expect(facts.evidence?.sender).toBe('transcript');
  });

  it('reads the client of a receiving smtpd reject line', () => {
    const line =
      'Jan  1 00:00:01 mx postfix/smtpd[7]: NOQUEUE: reject: RCPT from out.example.org[2001:db8::25]: 550 5.7.1 <b@example.net>: Recipient address rejected: SPF fail; from=<a@example.org> to=<b@example.net> proto=ESMTP helo=<out.example.org>';
    expect(logFacts(line)).toEqual({ sender: 'a@example.org', recipient: 'b@example.net', dsn: null, clientIp: '2001:db8::25' });
    const facts = readBounceText(line);
    expect(facts.ip).toBe('2001:db8::25');
    expect(facts.evidence?.ip).toBe('transcript');
  });

  it("reads the client of a milter's refusal that Postfix's cleanup logs after the message (DMARC, DKIM milters)", () => {
    const line =
      'Feb  1 10:00:02 mx postfix/cleanup[9]: 4A2B3C4D5E: milter-reject: END-OF-MESSAGE from out.example.org[192.0.2.44]: 5.7.1 rejected by DMARC policy for example.org; from=<a@example.org> to=<b@example.net> proto=ESMTP helo=<out.example.org>';
    expect(logFacts(line)).toEqual({ sender: 'a@example.org', recipient: 'b@example.net', dsn: null, clientIp: '192.0.2.44' });
    expect(readBounceText(line)).toMatchObject({ authFailure: true, mechanism: 'dmarc', ip: '192.0.2.44', domain: 'example.org', evidence: { ip: 'transcript' } });
  });

  it("reads the client and the sender of maddy's JSON log events", () => {
    const log = [
      '2022-05-03T11:21:20.610Z smtp: incoming message\t{"msg_id":"5b63fbdb","sender":"bounce@example.org","src_host":"out.example.org","src_ip":"192.0.2.193:57053"}',
      '2022-05-03T11:21:20.874Z smtp: DATA error\t{"check":"check.spf","msg_id":"5b63fbdb","reason":"too many MX records","smtp_code":550,"smtp_enchcode":"5.7.23","smtp_msg":"SPF authentication failed with a permanent error"}',
    ].join('\n');
    expect(readBounceText(log)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.193', sender: 'bounce@example.org', evidence: { ip: 'transcript' } });
    const v6 = log.replace('192.0.2.193:57053', '[2001:db8::c1]:25');
    expect(readBounceText(v6).ip).toBe('2001:db8::c1');
  });

  it("reads the address and the MAIL FROM of Mailgun's failed event, whose envelope names them", () => {
    // documentation.mailgun.com Events: a "failed" event's delivery-status and envelope, pretty-printed as the API returns it
    const event = [
      '{',
      '  "event": "failed",',
      '  "severity": "permanent",',
      '  "delivery-status": {',
      '    "mx-host": "mx.example.net",',
      '    "code": 550,',
      '    "message": "550 5.7.23 SPF validation failed"',
      '  },',
      '  "envelope": {',
      '    "transport": "smtp",',
      '    "sender": "bounce@mg.example.org",',
      '    "sending-ip": "192.0.2.160",',
      '    "targets": "a@example.net"',
      '  }',
      '}',
    ].join('\n');
    expect(readBounceText(event)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.160', sender: 'bounce@mg.example.org', domain: 'mg.example.org', evidence: { ip: 'transcript' } });
    // a "sender" outside the envelope is not its MAIL FROM
    expect(readBounceText(event.replace('"envelope": {', '"other": {')).domain).toBeNull();
  });

  it("reads maddy's refusal from its logged fields, and not a failed check whose action is to do nothing", () => {
    const log = [
      '2022-05-15T09:33:06.307Z smtp: incoming message\t{"msg_id":"f0359554","sender":"info@example.org","src_host":"mail.example.net","src_ip":"192.0.2.115:37838"}',
      '2022-05-15T09:33:06.419Z smtp/pipeline: no check action\t{"check":"check.dkim","msg_id":"f0359554","reason":"No DKIM signatures","smtp_code":550,"smtp_enchcode":"5.7.20","smtp_msg":"No DKIM signatures"}',
      '2022-05-15T09:33:07.652Z smtp: DATA error\t{"check":"check.spf","msg_id":"f0359554","reason":"lookup limit reached","smtp_code":550,"smtp_enchcode":"5.7.23","smtp_msg":"SPF authentic',
    ].join('\n');
    // the SPF refusal's message is cut short: its code and enhanced status (RFC 7372: X.7.23) still say what it is
    expect(readBounceText(log)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '550 5.7.23', ip: '192.0.2.115', domain: 'example.org' });
    // the DKIM check refused nothing: alone, the log names no refusal
    expect(readBounceText(log.split('\n').slice(0, 2).join('\n')).authFailure).toBe(false);
    const rcpt = 'submission: RCPT error\t{"rcpt":"a@example.net","reason":"reject directive used","smtp_code":501,"smtp_enchcode":"5.1.8","smtp_msg":"Non-local sender domain"}';
    expect(readBounceText(rcpt)).toMatchObject({ authFailure: false, status: '501 5.1.8' });
  });

  it("gives an SPF refusal that names no domain the domain of the transaction's own MAIL FROM, never of a returned Return-Path", () => {
    // RFC 7208 section 2.4: the MAIL FROM identity's domain is the one checked
    const reject = 'postfix/cleanup[3816]: 1C923F1570: milter-reject: END-OF-MESSAGE from srv.example.net[192.0.2.2]: 5.7.23 SPF validation failed. : Reason: mechanism; from=<john@example.org> to=<b@example.com> proto=ESMTP';
    expect(readBounceText(reject)).toMatchObject({ mechanism: 'spf', domain: 'example.org', domainRole: 'mail-from', evidence: { domain: 'transcript', sender: 'transcript' } });
    // as a page shows the line after taking its "<...>" for HTML tags
    expect(readBounceText(reject.replace('<john@example.org>', 'john@example.org').replace('<b@example.com>', 'b@example.com'))).toMatchObject({ domain: 'example.org', sender: 'john@example.org' });
    const dsn = postfixNotice('b@example.com', 'mx.example.com[192.0.2.9]', ['553 Sender Policy Framework (SPF) fail'], 'DATA') + '\nX-Postfix-Sender: rfc822; john@example.org\n';
    expect(readBounceText(dsn)).toMatchObject({ mechanism: 'spf', domain: 'example.org', evidence: { domain: 'dsn' } });
    // a HELO refusal checked the HELO name, and a DMARC refusal the From domain: the MAIL FROM says neither
    const helo = reject.replace('5.7.23 SPF validation failed. : Reason: mechanism', '5.7.1 <b@example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=helo;id=srv.example.net;ip=192.0.2.2;r=b@example.com');
    expect(readBounceText(helo)).toMatchObject({ mechanism: 'spf', domain: 'srv.example.net', domainRole: 'helo' });
    // and so does one whose HELO name a paste hid: the link still says which identity was checked
    const hidden = helo.replace('id=srv.example.net', 'id=[REDACTED]');
    expect(readBounceText(hidden)).toMatchObject({ mechanism: 'spf', domain: null, sender: 'john@example.org' });
    const dmarc = reject.replace('5.7.23 SPF validation failed. : Reason: mechanism', '5.7.1 rejected by DMARC policy');
    expect(readBounceText(dmarc).domain).toBeNull();
    // the returned message's Return-Path tells what an earlier hop carried
    const returned = postfixNotice('b@example.com', 'mx.example.com[192.0.2.9]', ['553 Sender Policy Framework (SPF) fail'], 'DATA') + '\n--- returned message ---\nReturn-Path: <john@example.org>\nFrom: john@example.org\n';
    expect(readBounceText(returned)).toMatchObject({ mechanism: 'spf', domain: null });
  });

  it('takes the client address from a copy of the refusal where the first one shows it masked', () => {
    const reply = (ip: string): string[] => [`550 5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [${ip}].`];
    const text = `${postfixNotice('b@example.com', 'mx.example.com[192.0.2.9]', reply('***'), 'RCPT TO')}\n\nDiagnostic-Code: smtp; ${reply('192.0.2.45')[0]}`;
    expect(readBounceText(text)).toMatchObject({ authFailure: true, ip: '192.0.2.45', domain: 'example.org' });
    // another refusal is no copy: its address is not taken
    const other = `${postfixNotice('b@example.com', 'mx.example.com[192.0.2.9]', reply('***'), 'RCPT TO')}\n\nDiagnostic-Code: smtp; 550 5.7.1 Service unavailable; client [192.0.2.46] blocked using zen.spamhaus.org`;
    expect(readBounceText(other).ip).toBeNull();
  });

  it('reads a reject line whose log head a paste broke off or left out (IPv6 client)', () => {
    const pasted = 'postfix/cleanup [2968]\n5613110: milter-reject: END-OF-MESSAGE from out.example.org[2001:db8::1a]: 5.7.23 SPF validation failed.; from=<a@example.org> to=<b@example.net> proto=ESMTP';
    expect(readBounceText(pasted)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '2001:db8::1a', sender: 'a@example.org' });
    const bare = 'NOQUEUE: reject: RCPT from out.example.org[192.0.2.8]: 550 5.7.23 <b@example.net>: Recipient address rejected: SPF validation failed; from=<a@example.org> to=<b@example.net>';
    expect(readBounceText(bare)).toMatchObject({ authFailure: true, ip: '192.0.2.8', sender: 'a@example.org' });
    // a line of ordinary text with the words in it is no reject line
    expect(logFacts('see the note: reject: RCPT from x[192.0.2.9] in the docs').clientIp).toBeNull();
  });
});
