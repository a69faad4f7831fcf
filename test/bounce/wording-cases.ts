/**
 * Receivers' refusals, one per researched wording, each as the source shows it (the reply as one line, its
 * multiline markers already joined; the source is named in `source`), and the facts a reader must take from it.
 * Used by wordings-added.test.ts (each reply alone and inside notices) and fold.properties.test.ts (each reply
 * folded, quoted and wrapped in notice shells: the same facts).
 */
import type { BounceFacts } from '../../src/core/bounce/index';

export interface WordingCase {
  name: string;
  /** where the wording is documented or was seen */
  source: string;
  /** the reply: code, enhanced status, text */
  reply: string;
  expected: Partial<BounceFacts>;
}

export const WORDING_CASES: WordingCase[] = [
  {
    name: 'Gmail 5.7.26, MAIL FROM domain with a hard fail policy',
    source: 'ietf-tools/datatracker#5677 (Postfix notice of a Gmail refusal); corpus excerpt',
    reply:
      '550 5.7.26 The MAIL FROM domain [netmeister.org] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [50.223.129.194]. To best protect our users from spam and phishing, the message has been blocked. Please visit https://support.google.com/mail/answer/81126#authentication for more information. 21-20020a170902c21500b001a8d80c7bb1si4630857pll.128 - gsmtp',
    expected: { authFailure: true, mechanism: 'spf', domain: 'netmeister.org', domainRole: 'mail-from', ip: '50.223.129.194', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    name: 'Gmail 5.7.26, SPF check for [domain] did not pass with ip (IPv6)',
    source: 'secumail.co.ke bounce screenshot, support.webcentral.au "Delivering email to Gmail"',
    reply:
      '550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. For this message, DKIM checks did not pass and SPF check for [example.com.au] did not pass with ip: [2001:db8:4:1::25]. The sender should visit https://support.google.com/mail/answer/81126#authentication for instructions on setting up authentication. y17si31054240plg.103 - gsmtp',
    expected: { authFailure: true, mechanism: 'spf', domain: 'example.com.au', ip: '2001:db8:4:1::25', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    name: 'Gmail 5.7.26 DMARC',
    source: 'purelymail/purelymail#394; corpus excerpt',
    reply:
      "550 5.7.26 Unauthenticated email from branan.org is not accepted due to domain's DMARC policy. Please contact the administrator of branan.org domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection 38308e7fff4ca-389f2f1fdd7sor3282081fa.1 - gsmtp",
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'branan.org', domainRole: 'header-from', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    name: 'Gmail 4.7.27, SPF temporary form',
    source: 'suped.com "Gmail SPF error messages"; relaymetry.com "Gmail 5.7.27"',
    reply: '421 4.7.27 This mail has been rate limited because SPF does not pass. gsmtp',
    expected: { authFailure: true, mechanism: 'spf', status: '421 4.7.27', receiver: 'gmail' },
  },
  {
    name: 'Gmail 5.7.30, DKIM',
    source: 'Google "Email sender guidelines FAQ" code list as quoted by relaymetry.com "Gmail 5.7.30 error" (DKIM did not pass)',
    reply: '550 5.7.30 This mail has been blocked because DKIM authentication did not pass. gsmtp',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.30', receiver: 'gmail' },
  },
  {
    name: 'Gmail 4.7.32, From: domain not aligned',
    source: 'dmarcpal.com "Gmail bulk sender error codes explained" (4.7.32 / 5.7.32: From: domain is not aligned)',
    reply: "451 4.7.32 This mail has been rate limited because the From: header isn't aligned with either the authenticated SPF or DKIM organizational domain. gsmtp",
    expected: { authFailure: true, mechanism: 'dmarc', status: '451 4.7.32', receiver: 'gmail' },
  },
  {
    name: 'Gmail IPv6 PTR and authentication',
    source: 'nodemailer/nodemailer#236 (qmail notice); dwaves.org 2017; corpus excerpts',
    reply:
      '550 5.7.1 [2a01:4f8:d16:1250::2] Our system has detected that this message does not meet IPv6 sending guidelines regarding PTR records and authentication. Please review https://support.google.com/mail/?p=ipv6_authentication_error for more information. q43si37022102eeo.243 - gsmtp',
    expected: { authFailure: true, mechanism: 'auth', ip: '2a01:4f8:d16:1250::2', status: '550 5.7.1', receiver: 'gmail' },
  },
  {
    name: 'Microsoft 5.7.23, "couldn\'t confirm ... trusted location"',
    source: 'zoho/free-email-forwarding#27 (Microsoft 365 NDR); corpus excerpt',
    reply: "550 5.7.23 mikkle.io couldn't confirm that your message was sent from a trusted location.",
    expected: { authFailure: true, mechanism: 'spf', domain: null, status: '550 5.7.23', receiver: 'microsoft' },
  },
  {
    name: 'Microsoft 5.7.515 with the results line',
    source: 'sisimai/go-sisimai#150; support.microsoft.com "Fix NDR error 550 5.7.515"',
    reply:
      "550 5.7.515 Access denied, sending domain EXAMPLE.JP doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender. To learn how to fix this see: https://go.microsoft.com/fwlink/p/?linkid=2319303 Spf= Fail , Dkim= Pass , DMARC= Pass",
    expected: { authFailure: true, mechanism: 'spf', domain: 'EXAMPLE.JP', domainRole: 'header-from', status: '550 5.7.515', receiver: 'microsoft' },
  },
  {
    name: 'Microsoft 5.7.509 DMARC',
    source: 'corpus lhost-qmail-15; Microsoft NDR 5.7.509',
    reply: '550 5.7.509 Access denied, sending domain [NQ.EXAMPLE.JP] does not pass DMARC verification and has a DMARC policy of reject.',
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'NQ.EXAMPLE.JP', domainRole: 'header-from', status: '550 5.7.509', receiver: 'microsoft' },
  },
  {
    name: 'Yahoo 5.7.9',
    source: 'help.yahoo.com SLN7253; corpus lhost-postfix-66',
    reply: '554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes',
    expected: { authFailure: true, mechanism: 'auth', status: '554 5.7.9', receiver: 'yahoo' },
  },
  {
    name: 'GMX / WEB.DE SPF',
    source: 'mailbox.org blog on GMX/web.de; postmaster.web.de error messages',
    reply: '550 5.7.1 Reject due to SPF policy. The originating IP of the message is not permitted by the domain owner.',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1', receiver: 'webde-gmx' },
  },
  {
    name: 'NetEase MI:SPF, the client in the help link',
    source: 'youqiyi.net article 278 (a NetEase refusal quoted whole); NetEase code list mail.163.com/help/help_spam_16.htm',
    reply: '550 MI:SPF mx14,QMCowECpA0qTiftVaeB3Cg--.872S2 1442548128 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.77&hostid=mx14&time=1442548128',
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.77', status: '550', receiver: 'netease' },
  },
  {
    name: 'GMX {mx099} SPF: your host is not a designated sender',
    source: 'somebits.com weblog "spfFailure" (names left out by the page)',
    reply:
      "550 5.7.1 {mx099} The recipient does not accept mails from 'example.org' over foreign mailservers. According to the domain's SPF record your host 'mail.example.net' is not a designated sender.",
    expected: { authFailure: true, mechanism: 'spf', ip: null, status: '550 5.7.1', receiver: 'webde-gmx' },
  },
  {
    name: 'Comcast DMARC',
    source: 'wordtothewise.com 2014-04 "Example bounces due to Yahoo p=reject"',
    reply: '550 5.2.0 RAFoa1M7H6nzA Message rejected due to DMARC. Please see http://postmaster.comcast.net/smtp-error-codes.php#DM000001',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.2.0', receiver: 'comcast' },
  },
  {
    name: 'Seznam SPF',
    source: 'pastebin ZsE78BAU (Postfix notice of a Seznam refusal)',
    reply: "550 5.7.1 Sender Policy Framework of `pro-cert.cz' domain denied your IP address.",
    expected: { authFailure: true, mechanism: 'spf', domain: 'pro-cert.cz', domainRole: 'mail-from', status: '550 5.7.1', receiver: 'seznam' },
  },
  {
    name: 'TOAST.net SPF',
    source: 'support.toast.net kb a78 "Does not pass SPF requirements for domain"',
    reply: '550 192.0.2.71 does not pass SPF requirements for the domain.',
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.71', status: '550' },
  },
  {
    name: 'Mimecast SPF Sender Invalid',
    source: 'Mimecast community "Mimecast SMTP Error Codes" (as listed in sisimai rhost/mimecast.go)',
    reply: '550 SPF Sender Invalid - envelope rejected',
    expected: { authFailure: true, mechanism: 'spf', status: '550', receiver: 'mimecast' },
  },
  {
    name: 'Mimecast DKIM Sender Invalid',
    source: 'Mimecast community "Mimecast SMTP Error Codes" (as listed in sisimai rhost/mimecast.go)',
    reply: '550 DKIM Sender Invalid - envelope rejected',
    expected: { authFailure: true, mechanism: 'dkim', status: '550', receiver: 'mimecast' },
  },
  {
    name: 'Mimecast DMARC Sender Invalid',
    source: 'Mimecast community "Mimecast SMTP Error Codes" (as listed in sisimai rhost/mimecast.go)',
    reply: '550 DMARC Sender Invalid - envelope rejected',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550', receiver: 'mimecast' },
  },
  {
    name: 'Proofpoint Essentials SPF',
    source: '404andmore.com "OXSUS001_514"',
    reply: "550 5.7.1 Message rejected per sender's SPF policy - OXSUS001_514",
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1', receiver: 'proofpoint' },
  },
  {
    name: 'Barracuda ESS SPF or DKIM',
    source: 'zoho/free-email-forwarding#77; corpus excerpt',
    reply: '550 permanent failure for one of more recipients (someone@example.org Please ensure the email service you are sending from either has SPF or DKIM.)',
    expected: { authFailure: true, mechanism: 'auth', status: '550', receiver: 'barracuda' },
  },
  {
    name: 'policyd-spf MAIL FROM',
    source: 'corpus lab spf_fail; netdata/netdata-cloud#530',
    reply:
      '550 5.7.23 <user2@receiver.example>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=bounces+86@em1860.example.net;ip=208.117.61.246;r=<UNKNOWN>',
    expected: { authFailure: true, mechanism: 'spf', domain: 'em1860.example.net', domainRole: 'mail-from', ip: '208.117.61.246', status: '550 5.7.23', receiver: 'policyd-spf' },
  },
  {
    name: 'policyd-spf HELO check',
    source: 'postfix-policyd-spf-python policyd-spf (HELO_reject): "Why?s=helo;id=<helo name>"; simple-nixos-mailserver#301 for the wording',
    reply:
      '550 5.7.23 <someone@receiver.example>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=helo;id=mail.sender.example;ip=192.0.2.41;r=<UNKNOWN>',
    expected: { authFailure: true, mechanism: 'spf', domain: 'mail.sender.example', domainRole: 'helo', ip: '192.0.2.41', status: '550 5.7.23', receiver: 'policyd-spf' },
  },
  {
    name: 'Haraka SPF, MAIL FROM',
    source: 'haraka/haraka-plugin-spf index.js return_results (next(DENY, "sender <mfrom> SPF Fail"); Haraka connection.js mail_respond: 550)',
    reply: '550 sender <someone@sender.example> SPF Fail',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', sender: 'someone@sender.example', status: '550', receiver: 'haraka' },
  },
  {
    name: 'Haraka SPF permanent error, with the transaction UUID',
    source: 'haraka/haraka-plugin-spf index.js return_results ("SPF Permanent Error"); Haraka connection.js respond ("[uuid@host] " with uuid.deny_chars)',
    reply: '550 [8C9F2A51-3D7E-4B1A-9E6C-2F4A7B0D1E35.1@mx01] sender <someone@sender.example> SPF Permanent Error',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', ip: null, status: '550', receiver: 'haraka' },
  },
  {
    name: 'Haraka SPF temporary error',
    source: 'haraka/haraka-plugin-spf index.js return_results (next(DENYSOFT, "... SPF Temporary Error"); mail_respond: 450)',
    reply: '450 sender <someone@sender.example> SPF Temporary Error',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', status: '450', receiver: 'haraka' },
  },
  {
    name: 'Haraka SPF, no record',
    source: 'haraka/haraka-plugin-spf index.js return_results (deny.mfrom_none: "sender <mfrom> SPF record not found")',
    reply: '550 sender <someone@sender.example> SPF record not found',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', status: '550', receiver: 'haraka' },
  },
  {
    name: 'Haraka SPF, HELO of a null sender',
    source: 'haraka/haraka-plugin-spf index.js hook_mail (null sender: return_results scope helo, sender "<> via <helo host>")',
    reply: '550 sender <> via mail.sender.example SPF Fail',
    expected: { authFailure: true, mechanism: 'spf', domain: 'mail.sender.example', domainRole: 'helo', status: '550', receiver: 'haraka' },
  },
  {
    name: 'Haraka SPF with openspf_text',
    source: 'haraka/haraka-plugin-spf index.js return_results ("http://www.openspf.org/Why?s=${scope}&id=${sender_id}&ip=${ip}")',
    reply: '550 5.7.1 http://www.openspf.org/Why?s=mfrom&id=someone@sender.example&ip=192.0.2.42',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', ip: '192.0.2.42', status: '550 5.7.1' },
  },
  {
    name: 'OpenDMARC',
    source: 'OpenDMARC opendmarc/opendmarc.c ("rejected by DMARC policy for %s"); dailydotdev/daily#1760',
    reply: '550 5.7.1 rejected by DMARC policy for daily.example',
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'daily.example', domainRole: 'header-from', status: '550 5.7.1', receiver: 'opendmarc' },
  },
  {
    name: 'mox DMARC',
    source: 'mjl-/mox smtpserver/analyze.go: reject(550, 5.7.26, "rejecting per dmarc policy")',
    reply: '550 5.7.26 rejecting per dmarc policy',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.7.26', receiver: 'mox' },
  },
  {
    name: 'maddy SPF fail, with its message ID',
    source: 'foxcpp/maddy internal/check/spf/spf.go ("SPF authentication failed", 550 5.7.23); internal/endpoint/smtp wrapErr (" (msg ID = ...)")',
    reply: '550 5.7.23 SPF authentication failed (msg ID = 3f095e8a)',
    expected: { authFailure: true, mechanism: 'spf', ip: null, status: '550 5.7.23', receiver: 'maddy' },
  },
  {
    name: 'maddy SPF temporary error',
    source: 'foxcpp/maddy internal/check/spf/spf.go ("SPF authentication failed with a temporary error", 451 4.7.23)',
    reply: '451 4.7.23 SPF authentication failed with a temporary error (msg ID = 498ffc08)',
    expected: { authFailure: true, mechanism: 'spf', status: '451 4.7.23', receiver: 'maddy' },
  },
  {
    name: 'maddy no SPF policy',
    source: 'foxcpp/maddy internal/check/spf/spf.go (none_action: "No SPF policy", 550 5.7.23)',
    reply: '550 5.7.23 No SPF policy (msg ID = 913b2863)',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.23', receiver: 'maddy' },
  },
  {
    name: 'maddy neutral SPF result',
    source: 'foxcpp/maddy internal/check/spf/spf.go (neutral_action: "Neutral SPF result is not permitted", 550 5.7.23)',
    reply: '550 5.7.23 Neutral SPF result is not permitted (msg ID = 3cd6abd7)',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.23', receiver: 'maddy' },
  },
  {
    name: 'maddy no DKIM signatures',
    source: 'foxcpp/maddy internal/check/dkim/dkim.go (no_sig_action: "No DKIM signatures", 550 5.7.20)',
    reply: '550 5.7.20 No DKIM signatures (msg ID = 3f095e8a)',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.20', receiver: 'maddy' },
  },
  {
    name: 'maddy no passing DKIM signatures',
    source: 'foxcpp/maddy internal/check/dkim/dkim.go (broken_sig_action: "No passing DKIM signatures", 550 5.7.20)',
    reply: '550 5.7.20 No passing DKIM signatures (msg ID = 498ffc08)',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.20', receiver: 'maddy' },
  },
  {
    name: 'maddy DKIM temporary error',
    source: 'foxcpp/maddy internal/check/dkim/dkim.go ("Temporary error during DKIM verification", 421 4.7.20)',
    reply: '421 4.7.20 Temporary error during DKIM verification (msg ID = 913b2863)',
    expected: { authFailure: true, mechanism: 'dkim', status: '421 4.7.20', receiver: 'maddy' },
  },
  {
    name: 'maddy DMARC (the wording QQ shares: no receiver from the wording alone)',
    source: 'foxcpp/maddy internal/msgpipeline/check_runner.go applyResults ("DMARC check failed", 550 5.7.1); smtp.codes/qq',
    reply: '550 5.7.1 DMARC check failed (msg ID = 3cd6abd7)',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.7.1', receiver: null },
  },
  {
    name: 'rspamd DMARC reject with a force_actions message',
    source: 'rspamd/rspamd#3174 (force_actions rule on DMARC_POLICY_REJECT: "554 5.7.1 Email rejected per DMARC policy")',
    reply: '554 5.7.1 Email rejected per DMARC policy',
    expected: { authFailure: true, mechanism: 'dmarc', status: '554 5.7.1', receiver: null },
  },
  {
    name: 'rmilter SPF',
    source: 'vstakhov/rmilter src/rmilter.c mlfi_eom ("SPF policy violation. Host %s[%s] is not allowed to send mail as %s."; src/rmilter.h 554 5.7.1)',
    reply: '554 5.7.1 SPF policy violation. Host mail.sender.example[192.0.2.44] is not allowed to send mail as someone@sender.example.',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', sender: 'someone@sender.example', ip: '192.0.2.44', status: '554 5.7.1', receiver: 'rmilter' },
  },
  {
    name: 'rmilter SPF, unresolved IPv6 client',
    source: 'vstakhov/rmilter src/rmilter.c mlfi_eom (host "unresolved" when the client has no name)',
    reply: '554 5.7.1 SPF policy violation. Host unresolved[2001:db8:5::44] is not allowed to send mail as someone@sender.example.',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', ip: '2001:db8:5::44', status: '554 5.7.1', receiver: 'rmilter' },
  },
  {
    name: 'OpenDKIM bad signature',
    source: 'trusteddomainproject/OpenDKIM opendkim/opendkim.c dkimf_libstatus (DKIM_STAT_BADSIG: "bad DKIM signature data", 550 5.7.0)',
    reply: '550 5.7.0 bad DKIM signature data',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.0', receiver: 'opendkim' },
  },
  {
    name: 'OpenDKIM no signature',
    source: 'trusteddomainproject/OpenDKIM opendkim/opendkim.c dkimf_libstatus (DKIM_STAT_NOSIG: "no DKIM signature data")',
    reply: '550 5.7.0 no DKIM signature data',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.0', receiver: 'opendkim' },
  },
  {
    name: 'OpenDKIM key retrieval',
    source: 'trusteddomainproject/OpenDKIM opendkim/opendkim.c dkimf_libstatus (DKIM_STAT_KEYFAIL, DKIM_STAT_NOKEY: "DKIM key retrieval failed")',
    reply: '550 5.7.0 DKIM key retrieval failed',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.0', receiver: 'opendkim' },
  },
  {
    name: 'Exchange Server Sender ID filter',
    source: 'askit.ttu.edu KB0029005; knowledge.broadcom.com 154549; markgossa.blogspot.com 2015-09 (Exchange 2010/2013 Sender ID filtering)',
    reply: '550 5.7.1 Sender ID (PRA) Not Permitted',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1', receiver: null },
  },
  {
    name: 'cPanel / Exim SPF with the address',
    source: 'bobcares.com "cPanel Exim SPF: not allowed to send mail from"; ventraip.com.au FAQ',
    reply: '550 SPF: 192.0.2.43 is not allowed to send mail from sender@domain1.example',
    expected: { authFailure: true, mechanism: 'spf', domain: 'domain1.example', domainRole: 'mail-from', sender: 'sender@domain1.example', ip: '192.0.2.43', status: '550', receiver: 'exim' },
  },
  {
    name: 'iCloud DMARC',
    source: 'smtp.codes/icloud ("550 5.7.1 Your message was rejected due to example.com DMARC policy.")',
    reply: '550 5.7.1 Your message was rejected due to example.com DMARC policy.',
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'example.com', domainRole: 'header-from', status: '550 5.7.1', receiver: 'icloud' },
  },
  {
    name: 'Stalwart SPF',
    source: 'stalwartlabs/mail-server crates/smtp/src/inbound/mail_from.rs ("550 5.7.23 SPF validation failed, status: {result}.")',
    reply: '550 5.7.23 SPF validation failed, status: fail.',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.23', receiver: 'stalwart' },
  },
  {
    name: 'Stalwart DKIM',
    source: 'stalwartlabs/mail-server crates/smtp/src/inbound/data.rs ("550 5.7.20 No passing DKIM signatures found.")',
    reply: '550 5.7.20 No passing DKIM signatures found.',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.20', receiver: 'stalwart' },
  },
  {
    name: 'Stalwart DMARC, temporary',
    source: 'stalwartlabs/mail-server crates/smtp/src/inbound/data.rs ("451 4.7.1 Email temporarily rejected per DMARC policy.")',
    reply: '451 4.7.1 Email temporarily rejected per DMARC policy.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '451 4.7.1', receiver: 'stalwart' },
  },
  {
    name: 'Cisco Secure Email DMARC default',
    source: 'Cisco AsyncOS for Email Security User Guide, "DMARC Verification" (default reject: 550, "#5.7.1 DMARC unauthenticated mail is prohibited.")',
    reply: '550 #5.7.1 DMARC unauthenticated mail is prohibited.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550', receiver: 'cisco' },
  },
  {
    name: 'Cisco Secure Email DKIM, the same words and "#" form',
    source: 'docker-mailserver/docker-mailserver discussion 2599 (a government receiver\'s reply, quoted)',
    reply: '550 #5.7.5 DKIM unauthenticated mail is prohibited',
    expected: { authFailure: true, mechanism: 'dkim', status: '550', receiver: 'cisco' },
  },
  {
    name: 'Cisco Secure Email SPF default',
    source: 'Cisco IronPort AsyncOS for Email Advanced Configuration Guide, SPF/SIDF (Reject code 550, "#5.7.1 SPF unauthorized mail is prohibited.")',
    reply: '550 #5.7.1 SPF unauthorized mail is prohibited.',
    expected: { authFailure: true, mechanism: 'spf', status: '550' },
  },
  {
    name: 'Cisco Secure Email SPF default when the check could not be made',
    source: 'Cisco AsyncOS CLI Reference, SPF/SIDF settings (Defer code 451, "#4.4.3 Temporary error occurred during SPF verification.")',
    reply: '451 #4.4.3 Temporary error occurred during SPF verification.',
    expected: { authFailure: true, mechanism: 'spf', status: '451', receiver: 'cisco' },
  },
  {
    name: 'Cisco Secure Email DMARC default when the check could not be made',
    source: 'Cisco AsyncOS for Email Security User Guide, "DMARC Verification" (temporary failure: 451, "#4.7.1 Unable to perform DMARC verification.")',
    reply: '451 #4.7.1 Unable to perform DMARC verification.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '451', receiver: 'cisco' },
  },
  {
    name: 'RFC 7208 section 8.6: an SPF temperror deferred with 451 4.4.3',
    source: 'DerDakon/Qsmtp qsmtpd/filters/spf.c ("451 4.4.3 temporary error when checking the SPF policy")',
    reply: '451 4.4.3 temporary error when checking the SPF policy',
    expected: { authFailure: true, mechanism: 'spf', status: '451 4.4.3' },
  },
  {
    name: 'RFC 7208 section 8.7: an SPF permerror refused with 550 5.5.2',
    source: 'DerDakon/Qsmtp qsmtpd/filters/spf.c ("550 5.5.2 syntax error in SPF record")',
    reply: '550 5.5.2 syntax error in SPF record',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.5.2' },
  },
  {
    name: 'An SPF fail, "denied by SPF policy"',
    source: 'DerDakon/Qsmtp qsmtpd/filters/spf.c ("550 5.7.1 mail denied by SPF policy")',
    reply: '550 5.7.1 mail denied by SPF policy',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1' },
  },
  {
    name: 'Sophos Email SPF code',
    source: 'docs.sophos.com Sophos Central Email "SMTP error codes" (XGEMAIL_0002: Message failed a SPF check), in the reply form of its other codes ("550 5.7.1 XGEMAIL_0008 Command rejected")',
    reply: '550 5.7.1 XGEMAIL_0002 Command rejected',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1', receiver: 'sophos' },
  },
  {
    name: 'Sophos Email DKIM code',
    source: 'docs.sophos.com Sophos Central Email "SMTP error codes" (XGEMAIL_0001: Message didn\'t contain a valid DKIM signature.)',
    reply: "550 5.7.1 XGEMAIL_0001 Message didn't contain a valid DKIM signature.",
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.1', receiver: 'sophos' },
  },
  {
    name: 'Sophos Email DMARC code',
    source: 'docs.sophos.com Sophos Central Email "SMTP error codes" (XGEMAIL_0003: Message failed a DMARC check.)',
    reply: '550 5.7.1 XGEMAIL_0003 Message failed a DMARC check.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.7.1', receiver: 'sophos' },
  },
  {
    name: 'Gmail 5.7.26, fails SPF checks for a hard fail policy',
    source: 'sisimai lib/Sisimai/Rhost/Google.pm authfailure (support.google.com/a/answer/3726730)',
    reply:
      '550 5.7.26 This message fails to pass SPF checks for an SPF record with a hard fail policy (-all). To best protect our users from spam and phishing, the message has been blocked. Please visit https://support.google.com/mail/answer/81126 for more information.',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    name: 'Gmail 4.7.24, suspicious SPF entries',
    source: 'sisimai lib/Sisimai/Rhost/Google.pm authfailure (support.google.com/a/answer/3726730)',
    reply:
      '451 4.7.24 The SPF record of the sending domain has one or more suspicious entries. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. For more information, go to Email sender guidelines. https://support.google.com/mail/answer/81126#authentication',
    expected: { authFailure: true, mechanism: 'spf', status: '451 4.7.24', receiver: 'gmail' },
  },
  {
    name: 'Yahoo 5.7.9, unauthenticated sender',
    source: 'sisimai lib/Sisimai/Rhost/YahooInc.pm authfailure (senders.yahooinc.com error codes)',
    reply: '550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.',
    expected: { authFailure: true, mechanism: 'auth', status: '550 5.7.9', receiver: 'yahoo' },
  },
  {
    name: 'Yahoo 5.7.9, unauthenticated sender with its authentication results',
    source: 'docusealco/docuseal#524 (Gmail\'s notice of Yahoo\'s reply; names filled in)',
    reply: '550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = FAILURE - SPF bounces.example.org with ip 192.0.2.170 = FAILURE. See https://senders.yahooinc.com/smtp-error-codes/#authentication-failures for more information.',
    expected: { authFailure: true, mechanism: 'auth', status: '550 5.7.9', receiver: 'yahoo', domain: 'bounces.example.org', domainRole: 'mail-from', ip: '192.0.2.170' },
  },
  {
    name: 'Exchange Online 4.7.26, IPv6 without SPF or DKIM',
    source: 'Microsoft Learn "Email non-delivery reports and SMTP errors in Exchange Online", as listed in sisimai lib/Sisimai/Rhost/Microsoft.pm',
    reply: '450 4.7.26 Access denied, a message sent over IPv6 [2a01:111:f200:2004::240] must pass either SPF or DKIM validation, this message is not signed',
    expected: { authFailure: true, mechanism: 'auth', ip: '2a01:111:f200:2004::240', status: '450 4.7.26', receiver: 'microsoft' },
  },
  {
    name: "iCloud DMARC, the domain's policy",
    source: 'sisimai lib/Sisimai/Rhost/Apple.pm authfailure',
    reply: "554 5.7.1 Your message was rejected due to example.jp's DMARC policy. See https://support.apple.com/en-us/HT204137 for",
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'example.jp', domainRole: 'header-from', status: '554 5.7.1', receiver: 'icloud' },
  },
  {
    name: 'iCloud HME1, failing both SPF and DKIM',
    source: 'sisimai lib/Sisimai/Rhost/Apple.pm authfailure',
    reply: '554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks. See https://support.apple.com/en-us/HT204137 for mailing best practices',
    expected: { authFailure: true, mechanism: 'auth', status: '554 5.7.1', receiver: 'icloud' },
  },
  {
    name: 'Orange / La Poste SPF (LPN004_401)',
    source: 'sisimai lib/Sisimai/Rhost/FrancePTT.pm (error 401; the hidden address "***" written as one)',
    reply: '550 5.5.0 SPF: 192.0.2.8 is not allowed to send mail. LPN004_401',
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.8', status: '550 5.5.0', receiver: 'orange' },
  },
  {
    name: 'RFC 7372 5.7.21, no acceptable DKIM signature',
    source: 'RFC 7372 section 3.1; vsmtp.rs docs global::code c550_7_21',
    reply: '550 5.7.21 No acceptable DKIM signature found',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.21', receiver: null },
  },
  {
    name: 'RFC 7372 5.7.22, no author-matched DKIM signature',
    source: 'RFC 7372 section 3.1; vsmtp.rs docs global::code c550_7_22',
    reply: '550 5.7.22 No valid author-matched DKIM signature found',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.22', receiver: null },
  },
  {
    name: 'RFC 7372 5.7.24, SPF validation error',
    source: 'RFC 7372 section 3.2; vsmtp.rs docs global::code c550_7_24',
    reply: '550 5.7.24 SPF validation error',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.24', receiver: null },
  },
  {
    name: 'openspf why.html with the sender only (GoDaddy relay)',
    source: 'support.kerioconnect.gfi.com 360015187600 (the domain written as a reserved one)',
    reply: '550 5.7.0 Please see http://www.openspf.net/why.html?sender=johndoe%40connect.example',
    expected: { authFailure: true, mechanism: 'spf', domain: 'connect.example', domainRole: 'mail-from', status: '550 5.7.0' },
  },
  {
    name: 'Mail::SPF policy server, not a designated mailserver',
    source: 'help.xilo.net "Mail returned with 5.7.1 Rejected by SPF" (the text after "Recipient address rejected: "; its address, sender and host filled in)',
    reply: '550 5.7.1 Rejected by SPF: 192.0.2.7 is not a designated mailserver for user%40sender.example (context mfrom, on mx.receiver.example)',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', ip: '192.0.2.7', status: '550 5.7.1' },
  },
  {
    name: 'SPF check failed, not authorized to send in the name of',
    source: 'yandex.com/support/mail/bounces/other ("IP_host", "domain_name" filled in)',
    reply: '550 5.7.1 SPF check failed: 192.0.2.5 is not authorized to send in the name of example.org.',
    expected: { authFailure: true, mechanism: 'spf', domain: 'example.org', domainRole: 'mail-from', ip: '192.0.2.5', status: '550 5.7.1' },
  },
  {
    name: "mail.com's SPF explanation, not allowed to send mail for",
    source: "CenturyLink Cloud SMTP Relay API docs, GetInvalidAddresses (mx.mail.com's reason; addresses filled in)",
    reply: "550 5.7.0 192.0.2.77 is not allowed to send mail for 'service@example.org' : Reason: mechanism",
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.77', domain: 'example.org', domainRole: 'mail-from', sender: 'service@example.org', status: '550 5.7.0' },
  },
  {
    name: 'Wirtualna Polska, BLAD SPF',
    source: "smtp.wp.pl's reply as quoted in a 2009 report ('451 BLAD SPF - zobacz strone / SPF Error: Please see ...')",
    reply: '451 BLAD SPF - zobacz strone / SPF Error: Please see http://www.openspf.org/Why?id=someone%40example.org&ip=192.0.2.67&receiver=smtp.wp.pl',
    expected: { authFailure: true, mechanism: 'spf', status: '451', receiver: 'wp' },
  },
  {
    name: 'Forward Email 2018, neither SPF nor DKIM',
    source: 'forwardemail/free-email-forwarding index.js (onData, 2018)',
    reply: '550 Please ensure the email service you are sending from either has SPF, DKIM, or is a top-ranked <30K Alexa.com domain.',
    expected: { authFailure: true, mechanism: 'auth', status: '550', receiver: 'forwardemail' },
  },
  {
    name: 'smf-spf milter',
    source: 'jcbf/smf-spf smf-spf.c smf_envfrom (550 5.7.1 "Rejected, look at http://www.openspf.org/why.html?sender=%s&ip=%s&receiver=%s")',
    reply: '550 5.7.1 Rejected, look at http://www.openspf.org/why.html?sender=someone@sender.example&ip=192.0.2.45&receiver=mx.receiver.example',
    expected: { authFailure: true, mechanism: 'spf', domain: 'sender.example', domainRole: 'mail-from', sender: 'someone@sender.example', ip: '192.0.2.45', status: '550 5.7.1' },
  },
  {
    name: 'Courier pythonfilter spfcheck',
    source: 'courier-pythonfilter spfcheck.py do_filter ("517 SPF returns deny")',
    reply: '517 SPF returns deny',
    expected: { authFailure: true, mechanism: 'spf', status: '517', receiver: 'courier' },
  },
  {
    name: 'qmail-dmarc, DKIM required for a local From domain',
    source: 'fany/App-Qmail-DMARC bin/qmail-dmarc ("Valid DKIM signature required for sender domain " . $header_from_domain; 554)',
    reply: '554 Valid DKIM signature required for sender domain sender.example',
    expected: { authFailure: true, mechanism: 'dkim', domain: 'sender.example', domainRole: 'header-from', status: '554', receiver: 'qmail-dmarc' },
  },
  {
    name: 'qmail-dmarc, failed DMARC test',
    source: 'fany/App-Qmail-DMARC bin/qmail-dmarc ("554 Failed DMARC test.")',
    reply: '554 Failed DMARC test.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '554' },
  },
  {
    name: 'qpsmtpd SPF forgery',
    source: 'smtpd/qpsmtpd plugins/sender_permitted_from handle_code_fail (DENY "SPF - forgery: $why"); the explanation after it as help.xilo.net shows a Mail::SPF one',
    reply: '550 SPF - forgery: 192.0.2.7 is not a designated mailserver for user%40sender.example (context mfrom, on mx.receiver.example)',
    expected: { authFailure: true, mechanism: 'spf', ip: '192.0.2.7', status: '550', receiver: 'qpsmtpd' },
  },
  {
    name: 'Aliyun Mail, ANTISPAM_BAT spf check failed',
    source: 'Aliyun enterprise mail help "spf check failed" as agents reproduce it (4526.cn news2/1325, 82wxpeu.cn news_in/1063)',
    reply: '554 Reject by behaviour spam at Rcpt State(Connection IP address:192.0.2.61)ANTISPAM_BAT[01201311R506a, ay29a033002195083]: spf check failed',
    expected: { authFailure: true, mechanism: 'spf', status: '554', receiver: 'aliyun' },
  },
  {
    name: 'Yahoo DomainKeys, DK Email not accepted for policy reasons',
    source: 'help.yahoo.com postmaster-28 (Yahoo postmaster help, DomainKeys)',
    reply: '554 Message not allowed: DK Email not accepted for policy reasons',
    expected: { authFailure: true, mechanism: 'dkim', status: '554', receiver: 'yahoo' },
  },
  {
    name: 'failed to meet SPF requirements',
    source: 'youqiyi.net article 278 (Aliyun notice quoting the receiver: "the mta server of * reply:550 failed to meet SPF requirements")',
    reply: '550 failed to meet SPF requirements',
    expected: { authFailure: true, mechanism: 'spf', status: '550' },
  },
  {
    name: 'Gmail DMARC, the domain hidden in the first sentence and named in the second',
    source: 'corpus lhost-dragonfly-01 (both sentences); openaustralia/righttoknow#551 (2016 wording, 5.7.1, the first name hidden)',
    reply: "550 5.7.1 Unauthenticated email from [redacted] is not accepted due to domain's DMARC policy. Please contact administrator of example.dk domain if this was a legitimate mail. Please visit https://support.google.com/mail/answer/2451690 to learn about DMARC initiative. gi2si19593886pac.105 - gsmtp",
    expected: { authFailure: true, mechanism: 'dmarc', domain: 'example.dk', domainRole: 'header-from', status: '550 5.7.1', receiver: 'gmail' },
  },
  {
    name: 'Forward Email, invalid DKIM signature',
    source: 'forwardemail/free-email-forwarding index.js validateDKIM (responseCode 550)',
    reply: "550 The email you sent has an invalid DKIM signature, please try again or check your email service's DKIM configuration.",
    expected: { authFailure: true, mechanism: 'dkim', status: '550', receiver: 'forwardemail' },
  },
  {
    name: 'Korean corporate mail, 453 does not designate Permitted Sender Hosts(SPF)',
    source: "a Korean blog's bounce ('Remote host said: 453 ...'), held-out set h",
    reply: '453 Your E-Mail Address does not designate Permitted Sender Hosts(SPF)',
    expected: { authFailure: true, mechanism: 'spf', status: '453' },
  },
  {
    name: 'DMARC permerror named as the reason (generic DMARC row, RFC 7489 section 11.2 result names)',
    source: 'emailkarma.net "Microsoft to start honouring DMARC reject" (a list of refusals)',
    reply: '550 5.7.0 DMARC PermError. Please engage your IT support to fix this.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.7.0' },
  },
  {
    name: "Gmail DMARC, a translated page: only the reply's link is Gmail's words",
    source: 'Adobe Workfront help, Dutch edition (AdobeDocs workfront.nl-NL, "unauthenticated-email-not-accepted-domains-dmarc-policy"), its lines joined',
    reply:
      '550 5.7.1 Niet-geverifieerde e-mail van "customer domain.com" wordt niet geaccepteerd vanwege Het DMARC-beleid van het domein 550-5.7.1. Neem contact op met de beheerder van "customer domain.com" 550-5.7.1 domein als dit een wettige post was. Ga naar 550-5.7.1 https://support.google.com/mail/answer/2451690 om over DMARC te leren 550 5.7.1 initiatief.',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.7.1', receiver: 'gmail' },
  },
  {
    name: "rspamd's DMARC module forcing the policy's action",
    source: 'rspamd/rspamd src/plugins/lua/dmarc.lua (maybe_force_action), in the reply form of rspamd\'s reject ("554 5.7.1 ...")',
    reply: '554 5.7.1 Action set by DMARC',
    expected: { authFailure: true, mechanism: 'dmarc', status: '554 5.7.1', receiver: 'rspamd' },
  },
  {
    name: "fuglu's DomainAuthPlugin: the header From domain must authenticate",
    source: 'fumail/fuglu fuglu/src/fuglu/plugins/domainauth.py (the default rejectmessage, its placeholder filled in)',
    reply: '554 5.7.1 sender domain example.org must pass DKIM and/or SPF authentication',
    expected: { authFailure: true, mechanism: 'auth', domain: 'example.org', domainRole: 'header-from', status: '554 5.7.1', receiver: 'fuglu' },
  },
  {
    name: "Apache James's SPF handler on a temperror",
    source: 'apache/james-project server/protocols/protocols-smtp fastfail/SPFHandler.java (denySoft, DSN status 4.4.3)',
    reply: '451 4.4.3 Temporarily rejected: Problem on SPF lookup',
    expected: { authFailure: true, mechanism: 'spf', status: '451 4.4.3', receiver: 'james' },
  },
  {
    name: 'a DKIM signature missing where the receiver requires one (generic DKIM row)',
    source: "themadorg/madmail#146 (a chatmail relay's reply in madmail's federation log); RFC 7372 section 3.1 X.7.20",
    reply: '554 5.7.1 No DKIM signature found',
    expected: { authFailure: true, mechanism: 'dkim', status: '554 5.7.1' },
  },
  {
    name: 'DMARC Sender Invalid (generic DMARC row)',
    source: 'support.dolphind.com solution 57000017662 (a table of refusals)',
    reply: '550 DMARC Sender Invalid',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550' },
  },
  {
    name: 'Tiscali, <address> SPF Failed - not authorized',
    source: 'robrota.com (tag tiscali: an Exchange report quoting Tiscali\'s refusal)',
    reply: '550 5.1.0 <sender@example.it> SPF Failed - not authorized',
    expected: { authFailure: true, mechanism: 'spf', domain: 'example.it', domainRole: 'mail-from', status: '550 5.1.0', receiver: 'tiscali' },
  },
  {
    name: 'SPF neutral named as the reason (generic SPF result row, RFC 7208 section 2.6)',
    source: 'henriettes-herb.com "opt-email-servers" (a challenge system\'s refusal quoted in a Postfix notice)',
    reply: '554 Failure SPF NEUTRAL, (grey) to fix send an email to allow-mkey-192.0.2.8@mx4.example.net then resend original email',
    expected: { authFailure: true, mechanism: 'spf', status: '554' },
  },
  {
    name: 'SPF softfail and permerror named as the reason (generic SPF result row)',
    source: 'RFC 7208 section 2.6 result names, as receivers write them after "SPF"',
    reply: '550 5.7.1 Rejected: SPF=softfail for the sender domain',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1' },
  },
  {
    name: 'Gmail 5.7.26 unauthenticated, the excerpt cut after "= did not"',
    source: 'skylines-project/skylines#2501 (a Postfix log line of a Gmail refusal, cut in the thread)',
    reply:
      '550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.aero] with ip: [192.0.2.222] = did not',
    expected: { authFailure: true, mechanism: 'spf', domain: 'example.aero', domainRole: 'mail-from', ip: '192.0.2.222', status: '550 5.7.26', receiver: 'gmail' },
  },
  {
    name: "a softfail in its Received-SPF comment's words, \"domain of transitioning\" (generic SPF comment row)",
    source: 'deitron.de help on its spam filter\'s SPF refusal (the filter\'s text; the server adds the code); Gmail\'s Received-SPF softfail comment',
    reply: '550 5.7.1 SPF (softfail (receiver.example: domain of transitioning someone@example.org does not designate 192.0.2.71 as permitted sender))',
    expected: { authFailure: true, mechanism: 'spf', domain: 'example.org', domainRole: 'mail-from', ip: '192.0.2.71', status: '550 5.7.1' },
  },
  {
    name: 'a softfail in Exchange Online\'s Received-SPF words, "discourages use of" (generic SPF comment row)',
    source: "Exchange Online's Received-SPF SoftFail comment (\"domain of transitioning example.org discourages use of ... as permitted sender\") quoted as the reason",
    reply: '550 5.7.1 Rejected: domain of transitioning example.org discourages use of 192.0.2.72 as permitted sender',
    expected: { authFailure: true, mechanism: 'spf', domain: 'example.org', ip: '192.0.2.72', status: '550 5.7.1' },
  },
  {
    name: 'Rejected due to DKIM mismatch, the keys "as listed in" the DKIM policy (generic DKIM row)',
    source: 'stdominics.sa.edu.au "email" (the school\'s list of its refusals; the server adds the code)',
    reply: "550 5.7.1 Rejected due to DKIM mismatch - The e-mail wasn't signed with the DKIM keys as listed in your domains DKIM policy.",
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.1' },
  },
  {
    name: 'did not pass the DMARC, "not pass" before the check (generic DMARC row)',
    source: "help.leadconnectorhq.com article 155000003680 (a sending platform's bounce classification: \"rejected ... because it did not pass the DMARC\"); Microsoft's 5.7.509 \"does not pass DMARC verification\"",
    reply: '550 5.7.1 The message was rejected because it did not pass the DMARC check of example.org',
    expected: { authFailure: true, mechanism: 'dmarc', status: '550 5.7.1' },
  },
  {
    name: 'did not pass SPF, "not pass" before the check (generic SPF row)',
    source: 'generic rows (wordings.ts): each check named after "not pass" as the rows take it before',
    reply: '550 5.7.1 Message did not pass SPF check',
    expected: { authFailure: true, mechanism: 'spf', status: '550 5.7.1' },
  },
  {
    name: 'does not pass DKIM, "not pass" before the check (generic DKIM row)',
    source: 'generic rows (wordings.ts): each check named after "not pass" as the rows take it before',
    reply: '554 5.7.1 Message does not pass DKIM verification',
    expected: { authFailure: true, mechanism: 'dkim', status: '554 5.7.1' },
  },
  {
    name: "RFC 7372's text for X.7.22 under another status (generic DKIM row)",
    source: 'RFC 7372 section 3.1 (X.7.22 "No valid author-matched DKIM signature found"), as a receiver writes it with 5.7.1',
    reply: '550 5.7.1 No valid author-matched DKIM signature found',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.1' },
  },
  {
    name: 'a DKIM signature missing (generic DKIM row)',
    source: 'generic rows (wordings.ts): "missing" as "no" DKIM signature, RFC 7372 section 3.1 X.7.20',
    reply: '550 5.7.1 DKIM signature missing',
    expected: { authFailure: true, mechanism: 'dkim', status: '550 5.7.1' },
  },
];
