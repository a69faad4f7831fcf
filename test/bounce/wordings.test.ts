import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';
import { NOTICE_SHELLS, postfixNotice } from './notice-shells';

/**
 * One case per researched wording. Each text is built from the wording as documented or seen
 * (the comment names where), put in the notice layout of the MTA that would report it; addresses
 * and names are documentation ones (RFC 5737, RFC 2606) unless the source's own are kept.
 */
interface WordingCase {
  name: string;
  text: string;
  expected: Partial<BounceFacts>;
}

// Exim's notice: the reply indented under "SMTP error from remote mail server after ..."
function exim(recipient: string, host: string, after: string, reply: string[]): string {
  return [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${recipient}`,
    `    host ${host}`,
    `    SMTP error from remote mail server after ${after}:`,
    ...reply.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

// Exchange / Microsoft 365 NDR as a webmail shows it
function exchange(recipient: string, reply: string): string {
  return [
    'Delivery has failed to these recipients or groups:',
    '',
    recipient,
    "Your message wasn't delivered because the recipient's email provider rejected it.",
    '',
    'Diagnostic information for administrators:',
    '',
    'Generating server: DM6PR17MB3996.namprd17.prod.outlook.com',
    '',
    recipient,
    `Remote Server returned '${reply}'`,
    '',
    'Original message headers:',
    '',
    'Received: from DM6PR17MB3996.namprd17.prod.outlook.com (2603:10b6:5:251::19)',
  ].join('\n');
}

const CASES: WordingCase[] = [
  {
    // secumail.co.ke bounce screenshot and support.webcentral.au "Delivering email to Gmail" (Gmail 550-5.7.26)
    name: 'Gmail 5.7.26, SPF check for [domain] did not pass with ip: [..]',
    text: exim('someone@gmail.com', 'gmail-smtp-in.l.google.com [74.125.130.27]', 'end of data', [
      '550-5.7.26 This mail is unauthenticated, which poses a security risk to the',
      '550-5.7.26 sender and Gmail users, and has been blocked. The sender must',
      '550-5.7.26 authenticate with at least one of SPF or DKIM. For this message,',
      '550-5.7.26 DKIM checks did not pass and SPF check for [example-domain.com.au]',
      '550-5.7.26 did not pass with ip: [192.0.2.77]. The sender should visit',
      '550-5.7.26 https://support.google.com/mail/answer/81126#authentication for',
      '550 5.7.26 instructions on setting up authentication. y17-20020a17090322d100b001a654cdcce0si31054240plg.103 - gsmtp',
    ]),
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.77', domain: 'example-domain.com.au', domainRole: 'mail-from', recipient: 'someone@gmail.com', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    // powerdmarc.com and skystra.com on the 2024 Gmail text: "Authentication results: DKIM = did not pass SPF [..] with ip: [..] = did not pass"
    name: 'Gmail 5.7.26 2024, sender is unauthenticated with authentication results',
    text: postfixNotice('someone@gmail.com', 'gmail-smtp-in.l.google.com[142.250.27.26]', [
      '550-5.7.26 This mail has been blocked because the sender is',
      'unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with',
      'either SPF or DKIM. 550-5.7.26  550-5.7.26  Authentication results:',
      '550-5.7.26  DKIM = did not pass 550-5.7.26  SPF [example.org] with ip:',
      '[2001:db8:4:1::25] = did not pass 550-5.7.26  550-5.7.26  For instructions',
      'on setting up authentication, go to 550 5.7.26',
      'https://support.google.com/mail/answer/81126#authentication',
      '41be03b00d2f7-5e0b1cd2a4asi1234567a12.123 - gsmtp',
    ], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'spf', ip: '2001:db8:4:1::25', domain: 'example.org', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    // serveraide.com "Gmail blocks mails in case they are forwarded": "... SPF check for [xyz.com] does not pass with ip: [..]"
    name: 'Gmail 5.7.26, SPF and DKIM both do not pass',
    text: exim('someone@gmail.com', 'gmail-smtp-in.l.google.com [142.250.27.27]', 'end of data', [
      '550-5.7.26 This message does not pass authentication checks (SPF and DKIM both',
      '550-5.7.26 do not pass). SPF check for [xyz.example] does not pass with',
      '550-5.7.26 ip: [198.51.100.7].To best protect our users from spam, the message',
      '550-5.7.26 has been blocked',
    ]),
    expected: { authFailure: true, mechanism: 'spf', ip: '198.51.100.7', domain: 'xyz.example', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    // suped.com "Gmail SPF error messages": "421-4.7.27 This mail has been rate limited because SPF does not pass"
    name: 'Gmail 4.7.27, rate limited because SPF does not pass',
    text: postfixNotice('someone@gmail.com', 'gmail-smtp-in.l.google.com[142.250.27.26]', [
      '421-4.7.27 This mail has been rate limited because SPF does not pass.',
      '421-4.7.27 For more information, go to 421 4.7.27',
      'https://support.google.com/mail/answer/81126#authentication',
      'a640c23a62f3a-a9e0c1c6a4dsi1234567a12.123 - gsmtp',
    ], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'spf', ip: null, domain: null, status: '421 4.7.27', receiver: 'gmail' },
  },
  {
    // wordtothewise.com "Example bounces due to Yahoo p=reject" (Gmail 2014, typographic apostrophe)
    name: "Gmail 5.7.1, Unauthenticated email from <domain> is not accepted due to domain’s DMARC policy",
    text: 'smtp;550 5.7.1 Unauthenticated email from yahoo.com is not accepted due to domain’s DMARC policy. Please contact administrator of yahoo.com domain if this was a legitimate mail. Please visit http://support.google.com/mail/answer/2451690 to learn about DMARC initiative. 100si2781324qgv.4 – gsmtp',
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'yahoo.com', ip: null, status: '550 5.7.1', receiver: 'gmail' },
  },
  {
    // app.dmarcit.io/help/550-5-7-23 quoting Microsoft's NDR: "The message was rejected because of Sender Policy Framework violation"
    name: 'Microsoft 5.7.23, Sender Policy Framework violation',
    text: exchange('user@contoso.example', '550 5.7.23 The message was rejected because of Sender Policy Framework violation'),
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.23', receiver: 'microsoft', recipient: 'user@contoso.example', reportingMta: 'DM6PR17MB3996.namprd17.prod.outlook.com', ip: null },
  },
  {
    // pastebin sQaSsUZe (an Exchange Online NDR): "550 5.7.509 Access denied, sending domain bar.com does not pass DMARC verification ..."
    name: 'Microsoft 5.7.509, does not pass DMARC verification',
    text: exchange('user@contoso.example', '550 5.7.509 Access denied, sending domain bar.example does not pass DMARC verification and has a DMARC policy of reject.'),
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'bar.example', status: '550 5.7.509', receiver: 'microsoft' },
  },
  {
    // support.microsoft.com "Fix NDR error 550 5.7.515 in Outlook.com": "550 5.7.515 Access denied, sending domain <domain> does not meet the required authentication level."
    name: 'Microsoft 5.7.515 without per-mechanism verdicts',
    text: postfixNotice('someone@outlook.com', 'outlook-com.olc.protection.outlook.com[52.101.68.24]', [
      '550 5.7.515 Access denied, sending domain example.com does not meet the',
      'required authentication level. The sender\'s domain in the 5322.From address',
      "doesn't meet the authentication requirements defined for the sender.",
    ], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'auth', domain: 'example.com', domainRole: 'header-from', status: '550 5.7.515', receiver: 'microsoft' },
  },
  {
    // filewords.com on 5.7.515: the NDR "often includes clues like `Spf=Fail` or `Dkim=Fail`"; form as in corpus rhost-microsoft-06
    name: 'Microsoft 5.7.515 naming DKIM as the failed check',
    text: 'Remote host said: 550 5.7.515 Access denied, sending domain EXAMPLE.ORG doesn\'t meet the required authentication level. Spf= Pass , Dkim= Fail , DMARC= Fail',
    expected: { authFailure: true, mechanism: 'dkim', domain: 'EXAMPLE.ORG', status: '550 5.7.515' },
  },
  {
    // wordtothewise.com 2014-04 (Hotmail): "messages from (IP) on behalf of (yahoo.com) could not be delivered due to domain owner policy restrictions"
    name: 'Hotmail 2014, domain owner policy restrictions',
    text: postfixNotice('someone@hotmail.com', 'mx1.hotmail.com[65.55.92.152]', [
      '550 5.7.0 (COL0-MC6-F31) Unfortunately, messages from (192.0.2.5) on behalf of',
      '(yahoo.com) could not be delivered due to domain owner policy restrictions.',
    ], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'dmarc', ip: '192.0.2.5', domain: 'yahoo.com', status: '550 5.7.0', receiver: 'microsoft' },
  },
  {
    // wordtothewise.com 2014-04 (Yahoo): "554 5.7.9 Message not accepted for policy reasons.  See http://postmaster.yahoo.com/errors/postmaster-28.html"
    name: 'Yahoo 5.7.9, Message not accepted for policy reasons',
    text: postfixNotice('someone@yahoo.com', 'mta6.am0.yahoodns.net[98.136.96.91]', [
      '554 5.7.9 Message not accepted for policy reasons.  See',
      'http://postmaster.yahoo.com/errors/postmaster-28.html',
    ], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'auth', ip: null, domain: null, status: '554 5.7.9', receiver: 'yahoo' },
  },
  {
    // sisimai Reason::AuthFailure pair "is not allowed to send from <" + " per it's spf record"; snapwebsites test bounce from smtp.example.net
    name: "GoDaddy, is not allowed to send from <domain> per it's SPF Record",
    text: postfixNotice('someone@example.com', 'smtp.secureserver.net[68.178.213.203]', [
      '550 5.1.0',
      "192.0.2.45 is not allowed to send from <example.org> per it's SPF",
      'Record. Please inspect your SPF settings, and try again.',
    ], 'MAIL FROM'),
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.45', domain: 'example.org', status: '550 5.1.0', receiver: 'godaddy' },
  },
  {
    // godaddy.com/help 3568 as quoted by sisimai Rhost::GoDaddy: "550 holly@coolexample.com Invalid SPF record. Please inspect your SPF settings, and try again. IB508"
    name: 'GoDaddy IB508, Invalid SPF record',
    text: exim('someone@coolexample.com', 'smtp.secureserver.net [68.178.213.37]', 'MAIL FROM:<holly@coolexample.com>', [
      '550 holly@coolexample.com Invalid SPF record. Please inspect your SPF settings, and try again. IB508',
    ]),
    // the domain is the MAIL FROM's: an SPF refusal that names none checked that one (RFC 7208 section 2.4)
    expected: { authFailure: true, mechanism: 'spf', ip: null, domain: 'coolexample.com', sender: 'holly@coolexample.com', status: '550', receiver: 'godaddy' },
  },
  {
    // pastebin 2bSecGd2 (Postfix log of a cPanel/Exim refusal) and ventraip.com.au: "550 SPF: x.x.x.x is not allowed to send mail from <domain>"
    name: 'cPanel / Exim, is not allowed to send mail from',
    text: postfixNotice('titampa@emailrobot.example', 'emailrobot.example[203.0.113.113]', [
      '550 SPF: 203.0.113.96 is not allowed to send mail from server.example.com',
    ], 'RCPT TO'),
    expected: { authFailure: true, mechanism: 'spf', ip: '203.0.113.96', domain: 'server.example.com', status: '550', receiver: 'exim' },
  },
  {
    // pastebin 8dwUawUy (Postfix + policyd-spf): "Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=..;ip=..;r=.."
    name: 'Postfix policyd-spf, s=mfrom',
    text: postfixNotice('sylvia@w.example.at', 'wrcrelay05.example.at[193.105.181.175]', [
      '550 5.7.1 <sylvia@w.example.at>: Recipient address rejected:',
      'Message rejected due to: SPF fail - not authorized. Please see',
      'http://www.openspf.net/Why?s=mfrom;id=sylvia@kladler.example;ip=198.51.100.90;r=sylvia@w.example.at',
    ], 'RCPT TO'),
    expected: { authFailure: true, mechanism: 'spf', ip: '198.51.100.90', domain: 'kladler.example', sender: 'sylvia@kladler.example', status: '550 5.7.1', receiver: 'policyd-spf' },
  },
  {
    // policyd-spf writes s=helo when it checked the HELO identity (same URL as pastebin 8dwUawUy); RFC 7208 section 2.3
    name: 'Postfix policyd-spf, s=helo: the domain is the HELO name, the sender is not the id',
    text: postfixNotice('someone@example.net', 'mx.example.net[203.0.113.5]', [
      '550 5.7.23 <someone@example.net>: Recipient address rejected: Message',
      'rejected due to: SPF fail - not authorized. Please see',
      'http://www.openspf.net/Why?s=helo;id=mta.example.org;ip=192.0.2.9;r=<UNKNOWN>',
    ], 'RCPT TO'),
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.9', domain: 'mta.example.org', domainRole: 'helo', sender: null, status: '550 5.7.23' },
  },
  {
    // mailreport.co.uk SPF FAQ: "550 5.7.1 <sender@example.com>: Sender address rejected: Please see http://www.openspf.org/Why?id=sender%40example.com&ip=..."
    name: 'older SPF filter, openspf.org/Why?id=..&ip=..',
    text: '550 5.7.1 <sender@example.com>: Sender address rejected: Please see http://www.openspf.org/Why?id=sender%40example.com&ip=192.0.2.10&receiver=an.mta.example.com',
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.10', domain: 'example.com', sender: 'sender@example.com', status: '550 5.7.1' },
  },
  {
    // hostmyservices.blogspot.com 2014-11: "Remote Server returned '<mx.mail.google.com #5.0.0 smtp; 551 5.0.0 Rejected, look at http://www.openspf.org/why.html?sender=..&ip=..&receiver=..>'"
    name: 'Exchange relaying an SPF refusal, openspf.org/why.html?sender=..&ip=..',
    text: exchange('al@example.com', '<mx.example.net #5.0.0 smtp; 551 5.0.0 Rejected, look at http://www.openspf.org/why.html?sender=al@topel.example&ip=192.0.2.239&receiver=mailin1.example.net>'),
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.239', domain: 'topel.example', status: '551 5.0.0' },
  },
  {
    // justingit/dada-mail#717: "host smtp.mailchannels.net [54.191.203.134] ... 550 5.7.1 [BFD] Sender prohibited by SPF"
    name: 'MailChannels [BFD] Sender prohibited by SPF',
    text: exim('kwcblade@gmail.com', 'smtp.mailchannels.net [54.191.203.134]', 'end of data', ['550 5.7.1 [BFD] Sender prohibited by SPF']),
    expected: { authFailure: true, mechanism: 'spf', ip: null, domain: null, status: '550 5.7.1', receiver: 'mailchannels', recipient: 'kwcblade@gmail.com' },
  },
  {
    // 404andmore.com "Proofpoint Essentials: Fixing the 550 5.7.1 SPF Rejected Error"
    name: "Proofpoint Essentials, Message rejected per sender's SPF policy",
    text: postfixNotice('someone@example.com', 'mx1-us1.ppe-hosted.com[67.231.154.162]', ["550 5.7.1 Message rejected per sender's SPF policy - OXSUS001_514"], 'MAIL FROM'),
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1', receiver: 'proofpoint' },
  },
  {
    // mailbox.org blog "Zustellprobleme von E-Mails an GMX und web.de wegen SPF-Policy-Fehlern" (Postfix notice as quoted)
    name: 'GMX / web.de, Reject due to SPF policy',
    text: postfixNotice('someone@gmx.de', 'mx00.emig.gmx.net[212.227.15.9]', [
      '550-Requested action not taken: mailbox unavailable 550-Reject due to SPF',
      'policy. 550-The originating IP of the message is not permitted by the',
      'domain owner. 550 For explanation visit',
      'http://postmaster.gmx.com/en/error-messages?ip=192.0.2.215&c=spf',
    ], 'MAIL FROM'),
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.215', status: '550', receiver: 'webde-gmx' },
  },
  {
    // email-tools.me (Spam Resource, 2026-05): "554 Transaction failed Reject due to domain's DMARC policy"
    name: "GMX / web.de, Reject due to domain's DMARC policy",
    text: postfixNotice('someone@web.de', 'mx-ha03.web.de[212.227.17.8]', ["554 Transaction failed Reject due to domain's DMARC policy"], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'dmarc', status: '554', receiver: 'webde-gmx' },
  },
  {
    // help.iinet.net.au: "550 #5.7.1 SPF unauthorized mail is prohibited"
    name: 'iiNet, SPF unauthorized mail is prohibited',
    text: exim('someone@iinet.net.au', 'mx.iinet.net.au [203.0.113.40]', 'RCPT TO:<someone@iinet.net.au>', ['550 #5.7.1 SPF unauthorized mail is prohibited.']),
    expected: { authFailure: true, mechanism: 'spf', status: '550' },
  },
  {
    // pastebin fpJZapwZ (Postfix log): "host mxs.mail.ru[94.100.180.31] said: 550 5.7.1 This message was not accepted due to domain (mail.ru) owner DMARC policy (RFC 7489)"
    name: 'Mail.ru, domain owner DMARC policy',
    text: postfixNotice('emmaadams@mail.ru', 'mxs.mail.ru[94.100.180.31]', [
      '550 5.7.1 This message was not accepted due to domain (mail.ru) owner DMARC policy',
      '(RFC 7489) https://help.mail.ru/mail-help/postmaster/dmarc',
    ], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'mail.ru', status: '550 5.7.1', receiver: 'mailru' },
  },
  {
    // smtp.codes/qq: "550 DMARC check failed"
    name: 'QQ, DMARC check failed',
    text: postfixNotice('12345@qq.com', 'mx3.qq.com[203.205.219.57]', ['550 DMARC check failed http://service.mail.qq.com/cgi-bin/help?subtype=1&&no=1001508&&id=16.'], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'dmarc', status: '550', receiver: 'qq' },
  },
  {
    // wordtothewise.com 2014-04 (Comcast)
    name: 'Comcast, Message rejected due to DMARC',
    text: 'smtp;550 5.2.0 meQj1n01053u42A0HeQj3v Message rejected due to DMARC. Please see http://postmaster.comcast.net/smtp-error-codes.php#DM000001',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.2.0', receiver: 'comcast' },
  },
  {
    // wordtothewise.com 2014-04 (XS4ALL)
    name: 'XS4ALL, DMARC failure for domain',
    text: 'smtp;550 5.7.1  DMARC failure for domain yahoo.com, policy reject',
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'yahoo.com', status: '550 5.7.1' },
  },
  {
    // e-postinc.jp FAQ 05-51: "553-SPF (Sender Policy Framework) domain authentication fail"
    name: 'SPF (Sender Policy Framework) domain authentication fail',
    text: exim('someone@example.jp', 'mx.example.jp [192.0.2.53]', 'MAIL FROM:<me@example.org>', ['553-SPF (Sender Policy Framework) domain authentication', '553 fail']),
    expected: { authFailure: true, mechanism: 'spf', status: '553', sender: 'me@example.org' },
  },
  {
    // autospf.com "How to Fix 550 5.7.0 Email Rejected Per SPF Policy"
    name: 'Email rejected per SPF policy',
    text: postfixNotice('someone@example.com', 'mx.zoho.example[192.0.2.60]', ['550 5.7.0 Email rejected per SPF policy'], 'MAIL FROM'),
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.0' },
  },
  {
    // ietf-tools/datatracker#5677: Rackspace's refusal in a Postfix notice, the wording Zoho also sends: the host names
    // the receiver
    name: 'Rackspace: Email rejected per DMARC policy for <domain> (G15)',
    text: postfixNotice('schneier@example.com', 'mx1.emailsrvr.com[184.106.54.1]', ['550 5.7.1 Email rejected per DMARC policy for netmeister.org (G15)'], 'end of DATA'),
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'netmeister.org', domainRole: 'header-from', status: '550 5.7.1', receiver: 'rackspace' },
  },
  {
    // issue 11: a continuation marker folded in right after "[", its code and enhanced code on two lines (Postfix
    // rewrapping), the lines run together in Exchange's "Remote Server returned '...'"
    name: 'Gmail 5.7.26 with a marker split between "[" and the domain',
    text: NOTICE_SHELLS.exchange!([
      '550-5.7.26 The MAIL FROM domain 550-5.7.26 [ 550',
      '    5.7.26 netmeister.org] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [50.223.129.194].',
    ]),
    expected: { authFailure: true, mechanism: 'spf', domain: 'netmeister.org', ip: '50.223.129.194', status: '550 5.7.26' },
  },
];

describe('researched receiver wordings', () => {
  for (const wording of CASES) {
    it(wording.name, () => {
      expect(readBounceText(wording.text)).toMatchObject(wording.expected);
    });
  }
});
