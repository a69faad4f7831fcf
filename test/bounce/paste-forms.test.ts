/**
 * The pasting forms that made the reader miss on pasted bounces it had never seen (normalise.ts, unfold.ts): each
 * rule tested on synthetic examples of its form, with the reader's facts and the quotes mapped back to the paste.
 */
import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounce, readBounceText } from '../../src/core/bounce/index';
import { normalise } from '../../src/core/bounce/normalise';
import { splitPlainText } from '../../src/core/bounce/text';
import { ENHANCED_CONTINUATION, LOG_PREFIX } from '../../src/core/bounce/unfold';

const GMAIL_DMARC =
  "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail.";

/** The reader's facts on `text`, and each quote is the original's own words around the value it names. */
function readsAs(text: string, expected: { domain?: string; ip?: string; mechanism?: string }): void {
  const facts = readBounceText(text);
  expect(facts).toMatchObject({ authFailure: true, ...expected });
  for (const field of ['domain', 'ip'] as const) {
    if (expected[field] === undefined) continue;
    const quote = facts.quotes?.[field];
    expect(quote, field).toBeDefined();
    expect(text).toContain(quote);
    expect(quote).toContain(expected[field]);
  }
}

describe('escaped quotes of a string literal (logs, JSON)', () => {
  it('drops the backslash before a quote, keeps a backslash pair and what follows it', () => {
    expect(normalise("due to domain\\'s policy: \\\"example.com\\\"").text).toBe('due to domain\'s policy: "example.com"');
    expect(normalise("a\\\\'b \\\\\"c \\\\n").text).toBe("a\\\\'b \\\\\"c \\\\n");
    expect(normalise("\\\\\\'").text).toBe("\\\\'");
  });

  it('reads a reply logged as a string literal', () => {
    const text = `{"msg": "delivery failed", "error": "host mx.example.net[192.0.2.7] said: \\"${GMAIL_DMARC.replace(/'/g, "\\'")}\\""}`;
    readsAs(text, { mechanism: 'dmarc', domain: 'example.com' });
    expect(readBounceText(text).quotes?.domain).toContain("domain\\'s");
  });
});

describe('markdown links (GitHub and forums autolink what is pasted)', () => {
  it('keeps the link text, drops brackets and destination; keeps text brackets and autolinks', () => {
    expect(normalise('for [[caert.net](http://caert.net/)] and [a@b.com](mailto:a@b.com)').text).toBe('for [caert.net] and a@b.com');
    expect(normalise('[x](<https://e.example/a> "title") <https://e.example/b>').text).toBe('x <https://e.example/b>');
    // not a link: no scheme, a space in the destination, a line end in the text
    for (const text of ['[192.0.2.1](helo=mx)', '[a](http://x y)', '[a\nb](http://x)', 'ip: [192.0.2.1] (may be forged)']) expect(normalise(text).text).toBe(text);
  });

  it('reads the domain and address of a linked SPF refusal, quoted as pasted', () => {
    const text =
      '<[bob@example.org](mailto:bob@example.org)>: host mx.example.org[198.51.100.4] said: 550 5.7.23 SPF check for [[caert.net](http://caert.net/)] does not pass with ip: [192.0.2.1]';
    readsAs(text, { mechanism: 'spf', domain: 'caert.net', ip: '192.0.2.1' });
    expect(readBounceText(text).quotes?.domain).toContain('[[caert.net](http://caert.net/)]');
  });
});

describe('runs of blanks inside a line (HTML tables, dashboards)', () => {
  it('makes a run of spaces or tabs between two characters one space; keeps indentation and line ends', () => {
    expect(normalise('550  5.7.26 a\t\tb \t c d\te').text).toBe('550 5.7.26 a b c d\te');
    expect(normalise('said: 550-5.7.1 a\n    550 5.7.1  b  \n\t\tc\n> \t  d').text).toBe('said: 550-5.7.1 a b  \n\t\tc\n\t  d');
  });

  it('reads a reply a table rendered with runs of blanks, with or without its code, quoted as shown', () => {
    const spaced = (reply: string): string => reply.replace(/ (?=[a-z])/g, '  ').replace(/\. /g, '.\t\t');
    // a dashboard cell that lost the code: the wording is read on the line as rendered
    const codeless = `Status:\tBounced\nReason:    ${spaced(GMAIL_DMARC.slice('550-5.7.26 '.length))}`;
    readsAs(codeless, { mechanism: 'dmarc', domain: 'example.com' });
    readsAs(`The server said:  ${spaced(GMAIL_DMARC)}`, { mechanism: 'dmarc', domain: 'example.com' });
    const folded = `host mx.example.net[192.0.2.7]  said:  550-5.7.26  The MAIL FROM domain  [example.org] has an SPF record\n    550-5.7.26 with a hard fail policy (-all) but it fails to pass SPF checks with the  ip:\n    550 5.7.26  [192.0.2.77].   To best protect our users`;
    readsAs(folded, { mechanism: 'spf', domain: 'example.org', ip: '192.0.2.77' });
  });
});

describe("a logger's prefix on every line of a multiline reply (RFC 5321 4.2.1)", () => {
  const GMAIL_AUTH = ['This message does not have authentication information or fails to pass', 'authentication checks. To best protect our users from spam, the', 'message has been blocked.'];
  /** The Gmail reply logged with `prefix(k)` before line k. */
  const logged = (prefix: (k: number) => string, code = '550', status = '5.7.1'): string =>
    GMAIL_AUTH.map((line, k) => `${prefix(k)}${code}${k < GMAIL_AUTH.length - 1 ? '-' : ' '}${status} ${line}`).join('\n');
  const unfolded = `550-5.7.1 ${GMAIL_AUTH.join(' ')}`;

  it.each([
    ['recv gmail.com>', () => 'recv gmail.com>'],
    ['S: ', () => 'S: '],
    ['<- ', () => '<- '],
    ['smtp: << ', () => 'smtp: << '],
    ['a timestamp that ticks', (k: number) => `[2024-06-01 12:00:0${k}.${k}17] SERVER -> `],
  ])('cuts the prefix %s from each line and unfolds the reply', (_name, prefix) => {
    expect(normalise(logged(prefix)).text).toBe(unfolded);
    expect(normalise(`Log:\n${logged(prefix)}\nC: QUIT`).text).toBe(`Log:\n${unfolded}\nC: QUIT`);
  });

  it('leaves ordinary lines alone', () => {
    for (const text of [
      // not the same prefix, not the same code, no last line, a phone number, a transcript and a fold the unfolding reads
      'S: 550-5.7.1 a\nC: 550 5.7.1 b',
      'S: 550-5.7.1 a\nS: 554 5.7.1 b',
      'S: 550-5.7.1 a\nS: 550-5.7.1 b\nC: QUIT',
      'Call 455-1234\nCall 455 1234',
      'Office: 450-555-0100\nOffice: 450 555 0101',
      '    550-5.7.1 a\n    550 5.7.1 b',
      '<<< 550-5.7.1 first\n<<< 550 5.7.1 last',
    ])
      expect(LOG_PREFIX(text).length, text).toBe(0);
    expect(normalise('<<< 550-5.7.1 first\n<<< 550 5.7.1 last').text).toBe('<<< 550-5.7.1 first last');
  });

  it('reads a logged Gmail refusal, quoted from the log as written', () => {
    const dmarc = [
      'recv gmail-smtp-in.l.google.com>550-5.7.26 Unauthenticated email from example.com is not accepted due to',
      "recv gmail-smtp-in.l.google.com>550-5.7.26 domain's DMARC policy. Please contact the administrator of",
      'recv gmail-smtp-in.l.google.com>550 5.7.26 example.com domain if this was a legitimate mail.',
    ].join('\n');
    readsAs(dmarc, { mechanism: 'dmarc', domain: 'example.com' });
    expect(readBounceText(dmarc).status).toBe('550 5.7.26');
    const spf = [
      '[12:00:01] SERVER -> 550-5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard',
      '[12:00:01] SERVER -> 550-5.7.26 fail policy (-all) but it fails to pass SPF checks with the ip:',
      '[12:00:02] SERVER -> 550 5.7.26 [192.0.2.77]. To best protect our users from spam and phishing,',
    ].join('\n');
    readsAs(spf, { mechanism: 'spf', domain: 'example.org', ip: '192.0.2.77' });
    expect(readBounceText(spf).quotes?.ip).toContain('[12:00:02] SERVER -> 550 5.7.26 [192.0.2.77]');
    expect(readBounceText(logged(() => 'S: '))).toMatchObject({ authFailure: true, status: '550 5.7.1' });
  });
});

describe('reply lines that kept only their enhanced status code (CRM and ESP dashboards)', () => {
  const DASHBOARD = [
    "|code:550|reason:hardfail|description:5.7.26 Unauthenticated email from example.com is not accepted due to domain's",
    '5.7.26 DMARC policy. Please contact the administrator of example.com domain',
    '5.7.26 if this was a legitimate mail.',
  ].join('\n');

  it('unfolds a line that starts with the enhanced status code of the line before', () => {
    expect(normalise(DASHBOARD).text).toBe(
      "|code:550|reason:hardfail|description:5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail.",
    );
    expect(normalise('Error: 4.7.0 try again  \n  4.7.0 later [\n4.7.0 192.0.2.1]').text).toBe('Error: 4.7.0 try again later [192.0.2.1]');
  });

  it('cuts the markers of such lines that a paste ran together, after the status that opens the line', () => {
    const flat = "5.7.26 Unauthenticated email from example.com is not accepted due to 5.7.26 domain's DMARC policy. Please contact the administrator of 5.7.26 example.com domain if this was a legitimate mail.";
    expect(normalise(flat).text).toBe("5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail.");
    readsAs(flat, { mechanism: 'dmarc', domain: 'example.com' });
    // not a status after its reply code, not one the line does not open with, not one inside a word or a number
    for (const text of ['5.7.1 rejected 550 5.7.1 again', '5.7.1 rejected 550-5.7.1 again', 'Status: 5.0.0 Diagnostic-Code: smtp; 5.0.0 text', '5.7.26 see 5.7.261 and x5.7.26 y', '5.7.26 ends with 5.7.26'])
      expect(ENHANCED_CONTINUATION(text).length, text).toBe(0);
  });

  it('cuts them too where the first line kept its reply code and the others only the status (a log that quoted the reply)', () => {
    // Gmail's DMARC deferral as an SMTP log kept it (AlexKalnitskiy/SmtpLogsParser Demo.fsx), the domain changed
    const flat = '"451- 4.7.26 Unauthenticated email from example.com is not accepted due 4.7.26 to domain\'s DMARC policy, but temporary DNS failures prevent 4.7.26 authentication. - gsmtp"';
    expect(normalise(flat).text).toBe('"451- 4.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy, but temporary DNS failures prevent authentication. - gsmtp"');
    readsAs(flat, { mechanism: 'dmarc', domain: 'example.com' });
    expect(readBounceText(flat).status).toBe('451 4.7.26');
    // a status after another reply code is a marker with its code (stage 12), and a different status is no marker
    for (const text of ['550 5.7.1 rejected 550 5.7.1 again', '550 5.7.1 see 5.7.26 and more']) expect(ENHANCED_CONTINUATION(text).length, text).toBe(0);
  });

  it('leaves other lines alone: another status, a status inside a number, a code split from its status', () => {
    for (const text of [
      'Status: 5.7.26\n5.7.1 other',
      'release 15.7.26 and 5.7.261\n5.7.26 notes',
      'Status: 5.7.26\n\n5.7.26 after a blank line',
      'said: 550-5.7.1 a 550\n    5.7.1 b',
      '5.7.26 ends the line\n5.7.26',
    ])
      expect(ENHANCED_CONTINUATION(text).length, text).toBe(0);
  });

  it('reads the Gmail refusal a dashboard shows, quoted as shown', () => {
    readsAs(DASHBOARD, { mechanism: 'dmarc', domain: 'example.com' });
    const spf = [
      'Bounce reason: 5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard fail policy (-all) but it',
      '5.7.26 fails to pass SPF checks with the ip: [',
      '5.7.26 192.0.2.77]. To best protect our users from spam and phishing, the message has been blocked.',
    ].join('\n');
    readsAs(spf, { mechanism: 'spf', domain: 'example.org', ip: '192.0.2.77' });
    expect(readBounceText(spf).quotes?.ip).toContain('[\n5.7.26 192.0.2.77]');
  });
});

describe('markdown list items (a paste that made each line of a bounce an item)', () => {
  const notice = [
    '- <b@example.net>: host mx.example.net[192.0.2.9] said: 550',
    '- MI:SPF mx49,Y8CowABHDZS0MLtb+QOjRQ--.39199S3 1538994358',
    '- http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.212&hostid=mx49&time=1538994358',
    '- (in reply to MAIL FROM command)',
    '- Reporting-MTA: dns; mail.example.org',
    '- X-Postfix-Sender: rfc822; a@example.org',
  ].join('\n');

  it('reads the lines without their bullets, the indentation before a bullet kept', () => {
    expect(normalise('- one\n  * two\n+ three\n    - code block').text).toBe('one\n  two\nthree\n    - code block');
    // a dash that is no bullet stays: a separator, a continuation marker, a word
    for (const text of ['----- Transcript of session follows -----', '550-5.7.1 text', '-all', '--\nsignature']) expect(normalise(text).text).toBe(text);
    // a lone line that starts with a dash is no list: a list item has a neighbour (fold.properties.test.ts found a
    // rewrapped reply, quoted with ">", whose " - " began a line)
    expect(normalise('- a single item').text).toBe('- a single item');
    expect(normalise('text\n- not authorized\nmore').text).toBe('text\n- not authorized\nmore');
  });

  it('reads a rewrapped reply quoted with ">" whose line starts with its " - " (found by fold.properties.test.ts)', () => {
    const quoted = '>550-5.1.0 <sender@example.it>\n>    550-5.1.0 SPF 550 5.1.0 Failed\n>    - not authorized';
    expect(readBounceText(quoted)).toMatchObject({ authFailure: true, mechanism: 'spf', domain: 'example.it', status: '550 5.1.0' });
  });

  it('reads the refusal and the delivery-status fields of such a paste', () => {
    readsAs(notice, { mechanism: 'spf', ip: '192.0.2.212' });
    expect(readBounceText(notice)).toMatchObject({ sender: 'a@example.org', domain: 'example.org', evidence: { sender: 'dsn', domain: 'dsn' } });
  });
});

describe('addresses written against harvesting', () => {
  it('reads "(at)" and "[at]" between a local part and a domain as "@"', () => {
    expect(normalise('from=<voorzitter(at)example.nl> id=user[AT]mail.example.org').text).toBe('from=<voorzitter@example.nl> id=user@mail.example.org');
    // not between words, nor before a name without a dot
    for (const text of ['look (at) this', 'meet me(at)noon', 'a (at) b.example']) expect(normalise(text).text).toBe(text);
  });

  it('reads the envelope sender of a policyd-spf refusal whose addresses the poster munged', () => {
    const log =
      'postfix/smtpd[1427]: NOQUEUE: reject: RCPT from out.example.net[192.0.2.157]: 550 5.7.1 <rcpt(at)example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=chair(at)example.nl;ip=192.0.2.157;r=rcpt(at)example.com; from=<chair(at)example.nl> to=<rcpt(at)example.com> proto=ESMTP';
    readsAs(log, { mechanism: 'spf', ip: '192.0.2.157', domain: 'example.nl' });
    expect(readBounceText(log).sender).toBe('chair@example.nl');
  });
});

describe('a reply inside a JSON string (an ESP event, a bounce notification)', () => {
  it('ends where the string ends: the fields after it are not the reply', () => {
    const event = [
      '{"bouncedRecipients": [{"status": "5.7.26", "diagnosticCode": "smtp; 550-5.7.26 Unauthenticated email from example.com is not accepted due to',
      "550 5.7.26 domain's DMARC policy. - gsmtp\"",
      '}],',
      '"remoteMtaIp": "192.0.2.25",',
      '"reportingMTA": "dns; out.example.net"}',
    ].join('\n');
    const facts = readBounceText(event);
    expect(facts).toMatchObject({ authFailure: true, mechanism: 'dmarc', domain: 'example.com', ip: null });
    expect(facts.rejection[0]).not.toContain('remoteMtaIp');
  });
});

describe('an enhanced status that ends a sentence', () => {
  it('is the status without the period; a number that goes on after one is none', () => {
    expect(readBounceText('550-5.7.1. Unauthenticated email from example.org is not accepted due to domain\'s DMARC policy.').status).toBe('550 5.7.1');
    expect(readBounceText('550 5.7.1.4 rejected by DMARC policy for example.org').status).toBe('550');
  });
});

describe("a reply in Exchange's quotes", () => {
  it("drops the closing quote, and the \">\" before it only where Exchange's \"<\" opened the reply", () => {
    // the ">" closes a link of the reply (GoDaddy's IB508 reply in a Microsoft 365 NDR)
    const link = "Remote Server returned '550 5.1.0 192.0.2.222 is not allowed to send from <example.net> per it's SPF Record. IB508 <http://x.co/srbounce>'";
    expect(readBounceText(link).rejection).toEqual(["550 5.1.0 192.0.2.222 is not allowed to send from <example.net> per it's SPF Record. IB508 <http://x.co/srbounce>"]);
    // Exchange 2007/2010 wrap the reply in "<host #status smtp; ...>" inside the quotes
    const wrapped = "Remote Server returned '<mx.example.org #5.0.0 smtp; 550 5.7.1 SPF fail, see <http://example.org/why>>'";
    expect(readBounceText(wrapped).rejection).toEqual(['550 5.7.1 SPF fail, see <http://example.org/why>']);
    expect(readBounceText("Remote Server returned '<mx.example.org #5.0.0 smtp; 550 5.7.1 SPF fail>'").rejection).toEqual(['550 5.7.1 SPF fail']);
  });
});

describe('numbers written like an address that are none', () => {
  it('reads no client address from an RFC section or from Yahoo\'s own code', () => {
    expect(readBounceText('Status: 5.5.0\nDiagnostic-Code: smtp;550 Access denied - Invalid HELO name (See RFC2821 4.1.1.1)').ip).toBeNull();
    const yahoo = '421 4.7.0 [TSS04] Messages from 192.0.2.66 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes';
    expect(readBounceText(yahoo).ip).toBe('192.0.2.66');
    expect(readBounceText(yahoo.replace('192.0.2.66', '*********')).ip).toBeNull();
    // the domain of a mail address is a mailbox's, not the client's
    expect(readBounceText("SMTPRecipientsRefused: {'a@example.net': (550, 'Verification failed for bounce-34@192.168.1.14\nSender verify failed')}").ip).toBeNull();
    // SpamCop's lookup link names the address it looks up
    expect(readBounceText('Remote host said: 554 5.7.1 Rejected - your IP address was found in a blacklist. Please visit:\nhttp://spamcop.net/bl.shtml?192.0.2.95').ip).toBe('192.0.2.95');
    // as a page shows it machine-translated ("see" in Russian)
    expect(readBounceText('421 4.7.0 [TSS04] Сообщения от 192.0.2.x временно отложены из-за жалоб пользователей - 4.16.55.1; видеть https://help.yahoo.com/kb/postmaster/SLN3434.html').ip).toBeNull();
    // and with "see" written against the link (a page in Chinese)
    expect(readBounceText('421 4.7.0 $$ TSS04 $$由於使用者投訴,來自 23.102.xx 的消息暫時推遲 - 4.16.55.1;見https://help.yahoo.com/kb/postmaster/SLN3434.html').ip).toBeNull();
  });

  it("reads no client address from BT Internet's own code, and reads the one it names", () => {
    expect(readBounceText('554 Message rejected, policy (3.2.1.1) - Your message looks like SPAM or has been reported as SPAM please read').ip).toBeNull();
    expect(readBounceText('554 Message rejected for policy reasons (3.2.2.1) - Please report any problems to BT via the postmaster mailbox').ip).toBeNull();
    expect(readBounceText('421 Too many messages (1.5.6.1) from 192.0.2.17').ip).toBe('192.0.2.17');
    expect(readBounceText('550 Message rejected due to sender IP reputation ([192.0.2.18])').ip).toBe('192.0.2.18');
  });
});

describe("SMTP client libraries' errors around the reply", () => {
  it("reads the reply inside Python smtplib's (code, text) and after nodemailer's prefixes", () => {
    const reply = "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.";
    for (const text of [
      `send mail error: (550, '${reply.slice(4).replace("'", "\\'")}')`,
      `SMTPDataError: (550, b'${reply.slice(4).replace("'", "\\'")}')`,
      `Error: Message failed: ${reply}`,
      `Error: Mail command failed: ${reply}`,
      `Error: Can't send mail - all recipients were rejected: ${reply}`,
    ])
      expect(readBounceText(text), text).toMatchObject({ authFailure: true, mechanism: 'dmarc', domain: 'example.com' });
    expect(readBounceText("send mail error: (554, 'DT:SPM 163 smtp12,EMCow 1547175487,please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.2&hostid=smtp12')")).toMatchObject({ authFailure: false, status: '554', ip: '192.0.2.2' });
  });
});

describe("Microsoft 365's NDR for administrators, its sections pasted one field per line", () => {
  it('reads the refusal under Error Details after Original Message Details, which is no copy of the message', () => {
    // Microsoft Learn "Email non-delivery reports and SMTP errors in Exchange Online", What's included in an NDR
    const ndr = [
      'Original Message Details',
      'Created Date:',
      '23/04/2017 11:44:08 PM',
      'Sender Address:',
      'someone@example.org',
      'Subject:',
      'Minutes',
      'Error Details',
      'Reported error:',
      '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
      'DSN generated by:',
      'PS1PR06MB1692.apcprd06.prod.outlook.com',
      'Original Message Headers',
      'Received: from out.example.org (192.0.2.7) by mx.example.net',
    ].join('\n');
    expect(splitPlainText(ndr).returned.startsWith('Original Message Headers')).toBe(true);
    expect(readBounceText(ndr)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '550 5.7.23', rejection: ['550 5.7.23 The message was rejected because of Sender Policy Framework violation'] });
    // the copy of a message still starts at its marker
    expect(splitPlainText('notice\n----- Original message -----\nFrom: a@example.org').returned).toContain('From: a@example.org');
  });
});

describe("Exchange's message tracking log (Get-MessageTrackingLog RecipientStatus)", () => {
  it('reads the reply in the LED property up to its closing brace, not the FQDN and IP of the host it went to', () => {
    const status = [
      'RecipientStatus         : {[{LED=550-5.7.26 This mail has been blocked because the sender is unauthenticated.',
      '                          550-5.7.26 SPF [example.org] with ip: [192.0.2.45] = did not pass',
      '                          550 5.7.26 x.403 - gsmtp};{MSG=};{FQDN=gmail-smtp-in.l.google.com};',
      '                          {IP=198.51.100.27};{LRT=12/03/2025 19:50:43}]}',
    ].join('\n');
    expect(readBounceText(status)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.45', domain: 'example.org', status: '550 5.7.26' });
    // with the client hidden, no address is read
    expect(readBounceText(status.replace('192.0.2.45', 'my.server.ip')).ip).toBeNull();
  });
});

describe('a MIME message pasted without its blank lines', () => {
  it("reads the refusal the broken parts hide (a part's text taken for its headers, RFC 2046 section 5.1.1)", async () => {
    const pasted = [
      'From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>',
      'To: <someone@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status;',
      '\tboundary="v8C5VQ9I002567.1505194286/mx.example.org"',
      'Subject: Returned mail: see transcript for details',
      'This is a MIME-encapsulated message',
      '--v8C5VQ9I002567.1505194286/mx.example.org',
      'The original message was received at Tue, 12 Sep 2017 10:31:20 +0500',
      '----- The following addresses had permanent fatal errors -----',
      '<a@example.net>',
      '(reason: 550-5.7.1 This message does not have authentication information or fails to pass)',
    ].join('\n');
    expect(await readBounce(pasted)).toMatchObject({ authFailure: true, mechanism: 'auth', status: '550 5.7.1' });
    // a whole message keeps its MIME reading
    const whole = pasted.replace('This is a MIME-encapsulated message\n', '\nThis is a MIME-encapsulated message\n').replace('--v8C5VQ9I002567.1505194286/mx.example.org\n', '--v8C5VQ9I002567.1505194286/mx.example.org\nContent-Type: text/plain\n\n') + '\n--v8C5VQ9I002567.1505194286/mx.example.org--\n';
    expect(await readBounce(whole)).toMatchObject({ authFailure: true, mechanism: 'auth', status: '550 5.7.1' });
  });
});

describe("Aliyun Mail's notice, the receiver's reply after 'reply:'", () => {
  it('reads the reply that follows the refusing host and its address (youqiyi.net article 278)', () => {
    const notice = '远程响应 | the mta server of example.net -- mx1.example.net(192.0.2.80) reply:550 failed to meet SPF requirements';
    expect(readBounceText(notice)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '550', rejection: ['550 failed to meet SPF requirements'] });
    // any other refusal reads as a reply too: its status, and the client address the receiver names
    expect(readBounceText('the mta server of example.net -- mx1.example.net(192.0.2.80) reply:550 Mail content denied. [AbCd IP: 198.51.100.7].')).toMatchObject({ authFailure: false, status: '550', ip: '198.51.100.7' });
  });
});

describe("qmail-send's log line (blanks written as '_')", () => {
  it('reads the report of a delivery with its blanks back', () => {
    const log = 'Aug 18 16:32:45 mail qmail: 1600223853.631418 delivery 10370: failure: 192.0.2.33_failed_after_I_sent_the_message./Remote_host_said:_550_5.7.1_Sender_ID_(PRA)_Not_Permitted/';
    expect(normalise(log).text).toContain('delivery 10370: failure: 192.0.2.33 failed after I sent the message./Remote host said: 550 5.7.1 Sender ID (PRA) Not Permitted/');
    expect(readBounceText(log)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '550 5.7.1', ip: null });
    // underscores elsewhere stay
    expect(normalise('from=<first_last@example.org> delivery of mail_box').text).toBe('from=<first_last@example.org> delivery of mail_box');
  });
});

describe('a reply rewrapped by the mail client that quoted it', () => {
  it('joins the words a line overflowed onto a line of their own, between two reply lines', () => {
    const quoted = [
      '>    421-4.7.0 [      15] The SPF record of the sending domain has',
      '> one or',
      '>    421-4.7.0 more suspicious entries. To protect our users from spam, mail',
      '> sent',
      '>    421 4.7.0 from your IP address has been temporarily rate limited. s69si16983236ita.53 - gsmtp',
    ].join('\n');
    expect(normalise(quoted).text).toContain('The SPF record of the sending domain has one or more suspicious entries. To protect our users from spam, mail sent from your IP');
    expect(readBounceText(quoted)).toMatchObject({ authFailure: true, mechanism: 'spf', receiver: 'gmail' });
    // a line of its own that is no overflow (too long, or two lines) stays where it is
    const notes = '   550-5.7.1 first line\nA note of the poster that is far longer than any overflow could be\n   550 5.7.1 last line';
    expect(normalise(notes).text).toContain('first line\nA note');
  });
});

describe('a paste with a blank line after every line', () => {
  it('reads a multiline reply across the blank lines, indented lines going on until its last line', () => {
    const paste = [
      '<someone@example.net>: host mx.example.net[192.0.2.26] said:',
      '',
      '    550-5.7.26 This message does not pass authentication checks (SPF and DKIM',
      '',
      '    both 550-5.7.26 do not pass). SPF check for [example.org] does not pass with',
      '',
      '    ip: 550-5.7.26 [192.0.2.194].To best protect our users from spam, the',
      '',
      '    message 550 5.7.26 has been blocked. - gsmtp (in reply to end of DATA command)',
    ].join('\n');
    expect(readBounceText(paste)).toMatchObject({ authFailure: true, mechanism: 'spf', domain: 'example.org', ip: '192.0.2.194' });
    // a finished reply ends at its blank line
    const finished = 'host mx.example.net[192.0.2.26] said:\n    550 5.7.1 Message rejected\n\n    Your message was too large';
    expect(readBounceText(finished).rejection[0]).toBe('550 5.7.1 Message rejected');
  });
});

describe('an RFC 7372 authentication status without its reply code', () => {
  it('reads a generic refusal after it, and not a status that names no check or another reason', () => {
    const event = '"error": { "type": "SmtpError", "message": "transient: 4.7.23 Sender\'s SPF Policy Failure" },';
    expect(looksLikeBounce(event)).toBe(true);
    expect(readBounceText(event)).toMatchObject({ authFailure: true, mechanism: 'spf', status: '4.7.23', rejection: ["4.7.23 Sender's SPF Policy Failure"] });
    expect(readBounceText('Status: 5.7.23\nAction: failed').authFailure).toBe(false);
    expect(readBounceText('transient: 4.7.23 SPF failed, and the client is listed at zen.spamhaus.org').authFailure).toBe(false);
    expect(readBounceText('see RFC 7372 section 3.2 for 5.7.1 and SPF').authFailure).toBe(false);
  });
});

describe("Postfix's delivery log line (postconf(5): dsn= and status=)", () => {
  const line = (rest: string): string =>
    `Dec 23 10:24:22 mail postfix/smtp[200]: 498E41451E9: to=<someone@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.26]:25, delay=2, delays=0/0/1/0.94, ${rest}`;

  it('reads an RFC 7372 authentication status where the line quotes no reply (cut, or logged without one)', () => {
    // bushimaru55/salesmind-v2 error_report/report02.md: the bare log line of a Gmail refusal
    const bare = line('dsn=5.7.26, status=bounced');
    expect(looksLikeBounce(bare)).toBe(true);
    expect(readBounceText(bare)).toMatchObject({ authFailure: true, mechanism: 'auth', status: '5.7.26', ip: null, domain: null, recipient: 'someone@gmail.com' });
    expect(readBounceText(line('dsn=4.7.23, status=deferred (SPF validation failed)'))).toMatchObject({ authFailure: true, mechanism: 'spf', status: '4.7.23' });
  });

  it('reads no refusal from another status, from one with another reason, or where the brackets quote the reply', () => {
    const timedOut = line('dsn=4.4.1, status=deferred (connect to mx.example.org[192.0.2.1]:25: Connection timed out)');
    expect(looksLikeBounce(timedOut)).toBe(false);
    expect(readBounceText(timedOut).authFailure).toBe(false);
    expect(readBounceText(line('dsn=5.7.26, status=bounced (message content rejected as spam)')).authFailure).toBe(false);
    // the reply in the brackets is the refusal: a PTR refusal stays one whatever the log's status
    const quoted = line('dsn=5.7.1, status=bounced (host gmail-smtp-in.l.google.com[192.0.2.26] said: 550-5.7.25 The IP address sending this message does not have a PTR record setup (in reply to end of DATA command))');
    expect(readBounceText(quoted)).toMatchObject({ authFailure: false, status: '550 5.7.25' });
  });

  it("reads the identity of Gmail's reply where a terminal's wrap broke its words with blanks", () => {
    // skylines-project/skylines#2490: the pasted log line, every wrap of the terminal a run of blanks inside a word
    const pasted = line(
      'dsn=5.7.26, sta      tus=bounced (host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.7.26 This mail is unauthenticated, which poses a security risk to the 550-5.7.26 sender and Gmail users, and ha      s been blocked. The sender must 550-5.7.26 authenticate with at least one of SPF or DKIM. For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [example.aero] did no      t 550-5.7.26 pass with ip: [192.0.2.222]. The sender should visit 550-5.7.26  https://support.google.com/mail/answer/81126#authentication for 550 5.7.26 instructions on setting up a      uthentication. p4-20020a1709060e8400b009531dd67612si2726368ejf.70 - gsmtp (in reply to end of DATA command))',
    );
    expect(readBounceText(pasted)).toMatchObject({ authFailure: true, domain: 'example.aero', domainRole: 'mail-from', ip: '192.0.2.222', receiver: 'gmail' });
    // a page's typo in the same place (held-out n/010: "did" and "not" run together, "didn ot")
    const typo = '550-5.7.26 DKIM checks did not pass and SPF check for [example.de] didn ot\n550-5.7.26 pass with ip: [192.0.2.30]. The sender should visit';
    expect(readBounceText(typo)).toMatchObject({ authFailure: true, domain: 'example.de', ip: '192.0.2.30', receiver: 'gmail' });
  });
});

describe('a delivery-status entry without a Diagnostic-Code (RFC 3464 section 2.3.4 Status)', () => {
  const entry = (status: string, diagnostic = ''): string =>
    `Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; a@example.net\nAction: failed\nStatus: ${status}\n${diagnostic}`;

  it('reads an RFC 7372 authentication status as the refusal, as a Postfix log\'s dsn= is read', () => {
    expect(readBounceText(entry('5.7.26'))).toMatchObject({ authFailure: true, mechanism: 'auth', status: '5.7.26', dsnStatus: '5.7.26', recipient: 'a@example.net' });
    expect(readBounceText(entry('5.7.23'))).toMatchObject({ authFailure: true, mechanism: 'spf' });
  });

  it('reads no refusal from another status, nor from the status where the Diagnostic-Code names another reason', () => {
    expect(readBounceText(entry('5.1.1')).authFailure).toBe(false);
    expect(readBounceText(entry('5.7.25')).authFailure).toBe(false);
    expect(readBounceText(entry('5.7.26', 'Diagnostic-Code: smtp; 550 5.7.1 Message rejected as spam\n')).authFailure).toBe(false);
  });
});

describe("a Postfix policy service's log of an action that let the message through", () => {
  it('reads no refusal from the reject reply it names as configured (policyd-spf "Action: prepend")', () => {
    // SEKOIA-IO/documentation: a policyd-spf log sample (the message got a Received-SPF header and went on)
    const prepend =
      'Action: prepend: Text: Received-SPF: Softfail (mailfrom) identity=mailfrom; client-ip=192.0.2.4; helo=[192.0.2.4]; envelope-from=noreply@example.com; receiver=<UNKNOWN>  Reject action: 550 5.7.23';
    expect(readBounceText(prepend).authFailure).toBe(false);
    expect(readBounceText(prepend.replace('Action: prepend', 'Action: dunno')).authFailure).toBe(false);
  });
});

describe("a reply that Postfix's notice wrapped inside a phrase", () => {
  it('passes the pre-filter with the phrase broken over the two lines, after "said:"', () => {
    // Mailu/Mailu#1234: a German provider's SPF refusal in a Postfix notice, the poster's placeholders kept
    const wrapped = '<target-Mailserver-ip> said: 550-<Mailserver-ip-address> is not allowed to\n   send mail from <sender-domain>. Help at/Hilfe unter 550 www.mfaq.info (in reply to\n   RCPT TO command)';
    expect(looksLikeBounce(wrapped)).toBe(true);
    expect(readBounceText(wrapped)).toMatchObject({ authFailure: true, mechanism: 'spf' });
    // the same words in ordinary text, wrapped the same way, stay out
    expect(looksLikeBounce('He said: the intern is not allowed to\n   send mail from the shared account any more.')).toBe(false);
  });
});

describe("Exim's log of a refusal it gave (rejection log: H=, F=, \"rejected RCPT <...>: message\")", () => {
  const line = (rest: string): string => `2013-06-15 16:34:55 H=mx.example.com [192.0.2.93]:4455 I=[10.0.0.1]:25 F=<a@example.org> ${rest}`;

  it('reads the message as a refusal without its code: a generic wording counts, the client and sender are the fields', () => {
    const spf = line('rejected RCPT <b@example.net>: SPF check failed');
    expect(looksLikeBounce(spf)).toBe(true);
    expect(readBounceText(spf)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.93', sender: 'a@example.org', domain: 'example.org', recipient: 'b@example.net', status: null });
    expect(readBounceText(line('temporarily rejected RCPT <b@example.net>: SPF temperror'))).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.93' });
    expect(readBounceText(line('rejected after DATA: DMARC policy reject for example.org'))).toMatchObject({ authFailure: true, mechanism: 'dmarc', ip: '192.0.2.93' });
  });

  it('reads no authentication refusal from another reason, and still names the client refused', () => {
    // fail2ban/fail2ban tests/files/logs/exim: sender verification is no authentication check
    expect(readBounceText(line('rejected RCPT <b@example.net>: Sender verify failed'))).toMatchObject({ authFailure: false, ip: '192.0.2.93' });
    expect(readBounceText(line('rejected RCPT <b@example.net>: SPF fail, and listed at zen.spamhaus.org')).authFailure).toBe(false);
    // the same words outside Exim's fields are no log line
    expect(readBounceText('The board rejected RCPT <b@example.net>: SPF check failed').authFailure).toBe(false);
  });
});

describe("sendmail's log of a refusal by a check ruleset (ruleset=check_*, relay=, reject=)", () => {
  it('reads the reply after reject=, the client as the relay, and the check_mail argument as the sender', () => {
    // experts123.com (a sendmail check_relay line pasted in an answer)
    const rate = 'Apr 3 11:01:40 posta sm-mta[18136]: ruleset=check_relay, arg1=[192.0.2.4], arg2=192.0.2.4, relay=[192.0.2.4], reject=421 4.3.2 Connection rate limit exceeded.';
    expect(readBounceText(rate)).toMatchObject({ authFailure: false, ip: '192.0.2.4', status: '421 4.3.2' });
    const spf = 'Apr 3 11:01:40 mx sm-mta[18136]: ruleset=check_mail, arg1=<a@example.org>, relay=mail.example.org [192.0.2.5] (may be forged), reject=550 5.7.1 <a@example.org>... SPF fail';
    expect(readBounceText(spf)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.5', sender: 'a@example.org', status: '550 5.7.1' });
  });

  it("reads no client from a delivery line's relay (the host sendmail delivered to)", () => {
    const delivery = 'Apr 3 11:01:40 mx sendmail[1]: x: to=<b@example.net>, delay=00:00:01, mailer=esmtp, relay=mx.example.net. [192.0.2.50], dsn=5.0.0, stat=Service unavailable';
    expect(readBounceText(delivery).ip).toBeNull();
  });
});

describe("a reply's last marker that a rewrap left alone at the end of its line (found by fold.properties.test.ts)", () => {
  it('ends the reply, its text read from the line under it', () => {
    const wrapped = '451-BLAD 451-SPF 451-- 451-zobacz 451-strone 451-/ 451-SPF Error: Please see\n    451\n    http://www.openspf.org/Why?id=someone%40example.org&ip=192.0.2.67&receiver=smtp.wp.pl';
    expect(readBounceText(wrapped)).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.67', domain: 'example.org', status: '451' });
    // a code alone at a line end with no reply of its code open is no marker
    expect(readBounceText('Invoice 451\n    http://example.org/pay').authFailure).toBe(false);
  });
});
