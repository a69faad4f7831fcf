import { SERVER_WORDINGS } from './wordings-servers';
import { BRACKETED_IP, D, IDENTITY, IP } from './wording-row';
import type { AuthWording } from './wording-row';

export type { AuthWording } from './wording-row';

/**
 * The wordings table, in the order rows are tried (the first that matches wins): the mailbox providers' own and the
 * wordings several receivers share, then the mail servers', filters' and gateways' (wordings-servers.ts), then the
 * generic ones.
 */
export const AUTH_WORDINGS: AuthWording[] = [
  // Gmail 550-5.7.26 for an SPF hard fail: "The MAIL FROM domain [netmeister.org] has an SPF record with a hard fail
  // policy (-all) but it fails to pass SPF checks with the ip: [50.223.129.194]. To best protect our users from spam
  // and phishing, the message has been blocked." (ietf-tools/datatracker#5677, Postfix notice; corpus excerpt)
  {
    receiver: 'gmail',
    mechanism: 'spf',
    // the opening is Gmail's alone: a paste or a log field that cuts the reply before the address still reads
    pattern: new RegExp(`The MAIL FROM domain \\[${D}\\] has an SPF record with a hard fail policy(?: \\(-all\\) but it fails to pass SPF checks with the ip: ?${BRACKETED_IP})?`, 'i'),
    domain: 1,
    ip: 2,
    codes: ['550 5.7.26'],
  },
  // Gmail 550-5.7.26 "This message fails to pass SPF checks for an SPF record with a hard fail policy (-all)", and 4.7.24 /
  // 5.7.24 "The SPF record of the sending domain has one or more suspicious entries" (sisimai lib/Sisimai/Rhost/Google.pm
  // authfailure, quoting support.google.com/a/answer/3726730)
  { receiver: 'gmail', mechanism: 'spf', pattern: /\bfails to pass SPF checks for an SPF record with a hard fail policy\b/i, codes: ['550 5.7.26'] },
  { receiver: 'gmail', mechanism: 'spf', pattern: /\bThe SPF record of the sending domain has one or more suspicious entries\b/i, codes: ['451 4.7.24', '550 5.7.24'] },
  // Gmail 550-5.7.26 "... For this message, DKIM checks did not pass and SPF check for [secumail.de] did not pass
  // with ip: [212.11.224.42]." (secumail.co.ke bounce screenshot; support.webcentral.au "Delivering email to Gmail")
  // and "SPF check for [xyz.com] does not pass with ip: [..]" (serveraide.com, "Gmail blocks mails ... forwarded"); the
  // bracket names the SPF identity, read as a domain or as the MAIL FROM address it comes from (RFC 7208 section 2.4);
  // a paste that cut the reply before the address, or wrote something else there, still names the identity, and so
  // does one that broke "not pass" (a terminal's wrap pasted as a run of blanks, "did no      t"; a page's typo, "didn
  // ot"): Gmail writes "SPF check for [...] did" only to say that it did not pass
  {
    receiver: 'gmail',
    mechanism: 'spf',
    pattern: new RegExp(`SPF check for \\[${IDENTITY}\\] (?:did|does)(?: not pass(?: (?:with )?ip: ?${BRACKETED_IP})?)?`, 'i'),
    identity: 1,
    ip: 3,
    codes: ['550 5.7.26'],
  },
  // Gmail 2024 "This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to
  // authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip:
  // [192.0.2.1] = did not pass" (powerdmarc.com "fix this mail is unauthenticated"; skystra.com help); a log excerpt
  // cut after "did not" still says which way the check went
  {
    receiver: 'gmail',
    mechanism: 'spf',
    pattern: new RegExp(`SPF \\[${D}\\] with ip: ?${BRACKETED_IP} ?= ?did not\\b(?: pass)?`, 'i'),
    domain: 1,
    ip: 2,
    codes: ['550 5.7.26'],
  },
  // Gmail 5.7.27 / 4.7.27: "421-4.7.27 This mail has been rate limited because SPF does not pass"
  // (suped.com "Gmail SPF error messages"; relaymetry.com "Gmail 5.7.27": SPF authentication did not pass)
  { receiver: 'gmail', mechanism: 'spf', pattern: /\b[45]\.7\.27\b[^\n]{0,200}?\bSPF\b/i, codes: ['421 4.7.27', '5.7.27'] },
  // Gmail 4.7.30 / 5.7.30: DKIM did not pass (Google's "Email sender guidelines FAQ" code list, as quoted by
  // relaymetry.com "Gmail 5.7.30 error" and dmarcpal.com "Gmail bulk sender error codes explained")
  { receiver: 'gmail', mechanism: 'dkim', pattern: /\b[45]\.7\.30\b[^\n]{0,200}?\bDKIM\b/i, codes: ['5.7.30', '4.7.30'] },
  // Gmail 4.7.32 / 5.7.32: the From: domain is not aligned with the authenticated SPF or DKIM domain, which is
  // DMARC's alignment (RFC 7489 section 3.1) (dmarcpal.com "Gmail bulk sender error codes explained")
  { receiver: 'gmail', mechanism: 'dmarc', pattern: /\b[45]\.7\.32\b[^\n]{0,200}?\b(?:align\w{0,4}|DMARC)\b/i, codes: ['5.7.32', '4.7.32'] },
  // Gmail 4.7.40 / 5.7.40 (4.7.31 in the FAQ): no usable DMARC record (dmarcpal.com, same page)
  { receiver: 'gmail', mechanism: 'dmarc', pattern: /\b[45]\.7\.(?:31|40)\b[^\n]{0,200}?\bDMARC\b/i, codes: ['5.7.40', '4.7.40', '4.7.31'] },
  // Gmail IPv6: "550-5.7.1 [2a01:4f8:d16:1250::2] Our system has detected that this message does not meet IPv6
  // sending guidelines regarding PTR records and authentication." (nodemailer/nodemailer#236, dwaves.org 2017;
  // corpus excerpts labelled authentication refusals)
  { receiver: 'gmail', mechanism: 'auth', pattern: /\bIPv6 sending guidelines regarding PTR records and authentication\b/i, codes: ['550 5.7.1'] },
  // Gmail DMARC: "550-5.7.26 Unauthenticated email from example.jp is not accepted due to domain's DMARC policy"
  // (corpus: lhost-dragonfly-01; wordtothewise.com 2014-04 with 5.7.1)
  {
    receiver: 'gmail',
    mechanism: 'dmarc',
    // the opening is Gmail's alone (no other receiver writes "Unauthenticated email from"): a reply cut after "due to"
    // still reads, and so does one a paste wrapped inside a word ("due to doma" over "in's")
    pattern: new RegExp(`Unauthenticated email from ${D} is not accepted due to\\b`, 'i'),
    domain: 1,
    codes: ['550 5.7.26'],
  },
  // its second sentence names the domain again, "Please contact the administrator of example.jp domain if this was a
  // legitimate mail" (corpus: lhost-dragonfly-01; 2016 replies without "the"): the domain where a paste hid the first
  {
    receiver: 'gmail',
    mechanism: 'dmarc',
    pattern: new RegExp(`Please contact (?:the )?administrator of ${D} domain if this was a legitimate mail`, 'i'),
    domain: 1,
    codes: ['550 5.7.26'],
  },
  // Gmail 5.7.32 / 4.7.32: "Your email has been rejected because the From: header (RFC5322) in this message isn't aligned
  // with either the authenticated SPF or DKIM organizational domain" (Google "Gmail SMTP errors and codes"; dmarcpal.com
  // "Gmail bulk sender error codes": 5.7.32 = From: domain not aligned): a DMARC alignment refusal
  { receiver: 'gmail', mechanism: 'dmarc', pattern: /\bis(?:n.t| not) aligned with either the authenticated SPF or DKIM\b/i },
  // Gmail 2019: "550-5.7.1 This message does not have authentication information or fails to pass authentication
  // checks" (corpus: lhost-sendmail-59; mikas.at with 421); its opening alone, for a reply cut short
  { receiver: 'gmail', mechanism: 'auth', pattern: /\bdoes not have authentication information\b/i, codes: ['550 5.7.1', '421'] },
  // Yahoo 2024: "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to
  // authenticate with either SPF or DKIM." (sisimai lib/Sisimai/Rhost/YahooInc.pm authfailure; senders.yahooinc.com
  // error codes); before Gmail's row, which reads the same first sentence
  { receiver: 'yahoo', mechanism: 'auth', pattern: /\bYahoo requires all senders to authenticate with either SPF or DKIM\b/i, codes: ['550 5.7.9'] },
  // and its results after it, "Authentication results: DKIM = FAILURE - SPF example.com with ip 192.0.2.1 = FAILURE."
  // (docusealco/docuseal#524, Gmail's notice of Yahoo's reply; voxmail.it blog 2025-10-22): the domain SPF was checked
  // for, which the row above borrows (auth-refusal.ts domainOfLaterRow); a result of RFC 7208 section 2.6 or FAILURE
  {
    receiver: 'yahoo',
    mechanism: 'spf',
    pattern: new RegExp(`\\bSPF \\[?${D}\\]? with ip:? ?\\[?${IP}\\]? ?= ?(?:FAILURE|fail|softfail|neutral|none|permerror|temperror)\\b`, 'i'),
    domain: 1,
    ip: 2,
    codes: ['550 5.7.9'],
  },
  // Gmail: "550-5.7.26 This mail is unauthenticated, which poses a security risk ..." and "... blocked because the
  // sender is unauthenticated" (conetix.com.au; cloudhelpcenter.com) when no SPF domain/ip is given
  { receiver: 'gmail', mechanism: 'auth', pattern: /\b(?:this mail is|the sender is) unauthenticated\b/i, codes: ['550 5.7.26'] },
  // Gmail: "550-5.7.26 This message does not pass authentication checks (SPF and DKIM both do not pass)"
  // (osrstestpr.freshdesk.com "Gmail Delivery Issues"; serveraide.com)
  { receiver: 'gmail', mechanism: 'auth', pattern: /\bdoes not pass authentication checks\b/i, codes: ['550 5.7.26'] },
  // Microsoft 5.7.23: "The message was rejected because of Sender Policy Framework violation"
  // (app.dmarcit.io/help/550-5-7-23 quoting Microsoft's NDR article)
  { receiver: 'microsoft', mechanism: 'spf', pattern: /rejected because of Sender Policy Framework violation/i, codes: ['550 5.7.23'] },
  // Microsoft 365 NDR for 5.7.23, the user-facing line: "mikkle.io couldn't confirm that your message was sent from a
  // trusted location." (zoho/free-email-forwarding#27; the domain is the recipient's organisation, not read)
  { receiver: 'microsoft', mechanism: 'spf', pattern: /\bcouldn.t confirm that your message was sent from a trusted location\b/i, codes: ['550 5.7.23'] },
  // Microsoft 5.7.509: "Access denied, sending domain [NQ.EXAMPLE.JP] does not pass DMARC verification and has a
  // DMARC policy of reject" (corpus: lhost-qmail-15, lhost-qmail-22; pastebin sQaSsUZe without brackets)
  {
    receiver: 'microsoft',
    mechanism: 'dmarc',
    pattern: new RegExp(`sending domain \\[?${D}\\]? does not pass DMARC verification`, 'i'),
    domain: 1,
    codes: ['550 5.7.509'],
  },
  // Exchange Online, DMARC reject: "550 5.7.1 This message failed DMARC evaluation of domain sent-via.netsuite.com and was
  // rejected as per DMARC policy." after its 5.7.23 SPF line (chicagotech.net 2023-08 "This message failed DMARC evaluation
  // of domain", an Exchange Online NDR)
  {
    receiver: 'microsoft',
    mechanism: 'dmarc',
    pattern: new RegExp(`\\bfailed DMARC evaluation of domain ${D}`, 'i'),
    domain: 1,
    codes: ['550 5.7.1'],
  },
  // Microsoft 5.7.515: "Access denied, sending domain <domain> does not meet the required authentication level"
  // (support.microsoft.com "Fix NDR error 550 5.7.515"; corpus: rhost-microsoft-06 with "doesn't" and "Spf= Fail")
  {
    receiver: 'microsoft',
    mechanism: 'results',
    pattern: new RegExp(`sending domain \\[?${D}\\]? (?:does not|doesn.t) meet the required authentication level`, 'i'),
    domain: 1,
    headerFrom: true,
    codes: ['550 5.7.515'],
  },
  // Hotmail 2014: "550 5.7.0 (COL0-MC6-F31) Unfortunately, messages from (IP) on behalf of (yahoo.com) could not be
  // delivered due to domain owner policy restrictions" (wordtothewise.com "Example bounces due to Yahoo p=reject")
  {
    receiver: 'microsoft',
    mechanism: 'dmarc',
    pattern: new RegExp(`messages from \\(?${IP}\\)? on behalf of \\(?${D}\\)? could not be delivered due to domain owner policy`, 'i'),
    ip: 1,
    domain: 2,
    codes: ['550 5.7.0'],
  },
  // Exchange Online 4.7.26 / 5.7.26: "Access denied, a message sent over IPv6 [2a01:111:f200:2004::240] must pass either
  // SPF or DKIM validation, this message is not signed" (Microsoft Learn "Email non-delivery reports and SMTP errors in
  // Exchange Online", as listed in sisimai lib/Sisimai/Rhost/Microsoft.pm authfailure); the address is the sender's
  {
    receiver: 'microsoft',
    mechanism: 'auth',
    pattern: new RegExp(`a message sent over IPv6 \\[?${IP}\\]? must pass either SPF or DKIM validation`, 'i'),
    ip: 1,
    codes: ['450 4.7.26', '550 5.7.26'],
  },
  // Yahoo / AOL: "554 5.7.9 Message not accepted for policy reasons" = failed DKIM, SPF or DMARC
  // (help.yahoo.com SLN7253; corpus: lhost-dragonfly-03, lhost-postfix-66)
  { receiver: 'yahoo', mechanism: 'auth', pattern: /\b5\.7\.9 Message not accepted for policy reasons/i, codes: ['554 5.7.9'] },
  // Yahoo! JAPAN: "554 Message not allowed - DM Email not accepted for policy reasons ... [895]", "DM" = DMARC
  // (corpus: lhost-postfix-68, help link yahoo-help.jp a_id/80870)
  { receiver: 'yahoo', mechanism: 'dmarc', pattern: /\bDM Email not accepted for policy reasons/i, codes: ['554'] },
  // Yahoo, DomainKeys (RFC 4870, DKIM's forerunner): "554 Message not allowed: DK Email not accepted for policy reasons",
  // "DK" = the message failed the sender domain's signing policy (help.yahoo.com postmaster-28, Yahoo's postmaster help)
  { receiver: 'yahoo', mechanism: 'dkim', pattern: /\bDK Email not accepted for policy reasons/i, codes: ['554'] },
  // GoDaddy: "550 5.1.0 2.3.4.5 is not allowed to send from <example.com> per it's SPF Record. Please inspect your
  // SPF settings, and try again." (sisimai Reason::AuthFailure "per it's spf record"; snapwebsites test bounce), also
  // with the apostrophe left out ("per its SPF Record", a copy that dropped it)
  {
    receiver: 'godaddy',
    mechanism: 'spf',
    pattern: new RegExp(`${IP} is not allowed to send from <${D}> per it.?s SPF Record`, 'i'),
    ip: 1,
    domain: 2,
    codes: ['550 5.1.0'],
  },
  // GoDaddy IB508: "550 holly@coolexample.com Invalid SPF record. Please inspect your SPF settings, and try again.
  // IB508" (godaddy.com/help 3568 as quoted in sisimai Rhost::GoDaddy)
  { receiver: 'godaddy', mechanism: 'spf', pattern: /Invalid SPF record\. Please inspect your SPF settings/i, codes: ['550'] },
  // "550 5.7.1 SPF check failed: IP_host is not authorized to send in the name of domain_name." (yandex.com/support/mail
  // bounces/other, the replies other receivers send to Yandex users)
  {
    receiver: null,
    mechanism: 'spf',
    pattern: new RegExp(`SPF check failed: (\\S{2,45}) is not authorized to send in the name of ${D}`, 'i'),
    ip: 1,
    domain: 2,
    codes: ['550 5.7.1'],
  },
  // "553-SPF (Sender Policy Framework) domain authentication fail" (e-postinc.jp FAQ 05-51; sisimai AuthFailure); a
  // multiline reply, so a quote of its first line alone ends before "fail"
  { receiver: null, mechanism: 'spf', pattern: /SPF \(Sender Policy Framework\) domain authentication\b(?! pass)/i, codes: ['553'] },
  // Forward Email: "550 The email you sent has an invalid DKIM signature, please try again or check your email service's
  // DKIM configuration." (forwardemail/free-email-forwarding index.js, validateDKIM; responseCode 550); a notice that
  // wraps the reply may break it before "has"
  { receiver: 'forwardemail', mechanism: 'dkim', pattern: /\bhas an invalid DKIM signature\b/i, codes: ['550'] },
  // and its 2018 refusal of a sender neither SPF nor DKIM authenticates: "550 Please ensure the email service you are
  // sending from either has SPF, DKIM, or is a top-ranked <30K Alexa.com domain." (forwardemail/free-email-forwarding
  // index.js, onData: no Alexa rank, no SPF pass, no DKIM pass)
  { receiver: 'forwardemail', mechanism: 'auth', pattern: /\bPlease ensure the email service you are sending from either has SPF, DKIM\b/i, codes: ['550'] },
  // addy.io (AnonAddy), refusing a reply sent from an alias: "... which failed because it didn't pass authentication
  // checks and could be spoofed. In order to send or reply from an alias there must be a valid DMARC policy present for
  // outlook.de and your message must be permitted by that DMARC policy." (older notices: "could be a spoofed") (anonaddy/anonaddy
  // resources/views/emails/disallowed-reply-send-attempt): the sentence that names the domain (the sender's, whose DMARC
  // policy was checked) comes first, so that a notice read as paragraphs reads it
  { receiver: 'addy', mechanism: 'dmarc', pattern: new RegExp(`\\bthere must be a valid DMARC policy present for ${D} and your message must be permitted`, 'i'), domain: 1 },
  { receiver: 'addy', mechanism: 'dmarc', pattern: /\bwhich failed because it didn.t pass authentication checks and could be (?:a )?spoofed\b/i },
  // "453 Your E-Mail Address does not designate Permitted Sender Hosts(SPF)", a Korean corporate mail service's refusal of
  // a sender its domain's SPF record does not permit ("Remote host said: 453 ...", auctionpro.co.kr ?p=1039)
  { receiver: null, mechanism: 'spf', pattern: /\bYour E-?Mail Address does not designate Permitted Sender Hosts ?\(SPF\)/i, codes: ['453'] },
  // "550 failed to meet SPF requirements", as Aliyun's notice quotes a receiver's refusal of a sender its SPF record does
  // not permit ("the mta server of * reply:550 failed to meet SPF requirements", youqiyi.net article 278)
  { receiver: null, mechanism: 'spf', pattern: /\bfailed to meet SPF requirements\b/i, codes: ['550'] },
  // Aliyun Mail (MX *.mxhichina.com): "554 Reject by behaviour spam at Rcpt State(Connection IP address:x.x.x.x)
  // ANTISPAM_BAT[01201311R506a, ...]: spf check failed" (Aliyun enterprise mail help "spf check failed", as agents'
  // pages reproduce it: 4526.cn news2/1325, 82wxpeu.cn news_in/1063); its other ANTISPAM_BAT reasons ("broken the
  // antispam rules", "currently unexpected sending") are not authentication refusals
  { receiver: 'aliyun', mechanism: 'spf', pattern: /\bANTISPAM_BAT\[[^\]\n]{0,80}\]: ?spf check failed/i, codes: ['554'] },
  // web.de / GMX: "550-Reject due to SPF policy. 550-The originating IP of the message is not permitted by the
  // domain owner." (mailbox.org blog on GMX/web.de; smtp.codes/unitedinternet; postmaster.web.de error messages)
  { receiver: 'webde-gmx', mechanism: 'spf', pattern: /Reject due to SPF policy/i, codes: ['550'] },
  // NetEase (163.com, 126.com): "550 MI:SPF mx14,QMCowECpA0qTiftVaeB3Cg--.872S2 1442548128
  // http://mail.163.com/help/help_spam_16.htm?ip=42.120.134.177&hostid=mx14&time=1442548128", its code for a sending IP
  // the sender domain's SPF record does not permit (youqiyi.net article 278 "550 failed to meet SPF requirements";
  // NetEase's code list at mail.163.com/help/help_spam_16.htm); the help link names the client address
  {
    receiver: 'netease',
    mechanism: 'spf',
    pattern: new RegExp(`\\bMI:SPF\\b(?:[^\\n]{0,200}?help_spam_16\\.htm\\?ip=${IP})?`, 'i'),
    ip: 1,
    codes: ['550'],
  },
  // Tencent Exmail's notice to its own user, whoever refused: "退信原因:发件人( x@example.com )域名的DNS记录未设置或设置错误导致对方
  // 拒收此邮件。" (the sender domain's DNS records are missing or wrong, so the receiver refused) and "解决方案:请通知你的邮箱管理员为
  // 邮箱域名设置正确的DNS(SPF、DKIM、DMARC)记录。" (03400.com 2024/10 above a Gmail 5.7.26 reply, help link
  // service.exmail.qq.com no=1000580; alrcly.com archives/gmail, as a table with blanks around "DNS")
  {
    receiver: null,
    mechanism: 'auth',
    pattern: /域名的[ \t]{0,2}DNS[ \t]{0,2}记录未设置或设置错误导致对方拒收此邮件|为邮箱域名设置正确的[ \t]{0,2}DNS[ \t]{0,2}[(（][ \t]{0,2}SPF、DKIM、DMARC[ \t]{0,2}[)）][ \t]{0,2}记录/i,
  },
  // GMX (2008, "{mx099}"): "550-5.7.1 {mx099} The recipient does not accept mails from 'a.example' over foreign
  // mailservers. 550-5.7.1 According to the domain's SPF record your host 'b.example' is not a designated sender."
  // (somebits.com weblog "spfFailure", the names left out by the page): the host is a name or an address, not read
  { receiver: 'webde-gmx', mechanism: 'spf', pattern: /\bAccording to the domain.s SPF record your host '[^'\n]{0,255}' is not a designated sender\b/i, codes: ['550 5.7.1'] },
  // web.de / GMX 2026: "554 Transaction failed Reject due to domain's DMARC policy" (email-tools.me, Spam Resource)
  { receiver: 'webde-gmx', mechanism: 'dmarc', pattern: /Reject due to domain.s DMARC policy/i, codes: ['554'] },
  // Zoho: "550 5.7.1 Email rejected per DMARC policy for libsisimai.org" (corpus: lhost-postfix-73) and Rackspace: "550 5.7.1
  // Email rejected per DMARC policy for netmeister.org (G15)" (ietf-tools/datatracker#5677, mx1.emailsrvr.com): both, so
  // the refusing host names the receiver (receivers.ts)
  { receiver: null, mechanism: 'dmarc', pattern: new RegExp(`Email rejected per DMARC policy for ${D}`, 'i'), domain: 1, codes: ['550 5.7.1'] },
  // iCloud: "550 5.7.1 Your message was rejected due to example.com DMARC policy." (smtp.codes/icloud, Apple's replies) and
  // "554 5.7.1 Your message was rejected due to example.jp's DMARC policy." (sisimai lib/Sisimai/Rhost/Apple.pm authfailure)
  {
    receiver: 'icloud',
    mechanism: 'dmarc',
    pattern: new RegExp(`Your message was rejected due to ${D}(?:['\u2019]s)? DMARC policy`, 'i'),
    domain: 1,
    codes: ['550 5.7.1', '554 5.7.1'],
  },
  // iCloud: "554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks. See
  // https://support.apple.com/en-us/HT204137" (sisimai lib/Sisimai/Rhost/Apple.pm authfailure)
  { receiver: 'icloud', mechanism: 'auth', pattern: /\bblocked for failing both SPF and DKIM authentication checks\b/i, codes: ['554 5.7.1'] },
  // "550 5.7.0 Email rejected per SPF policy" (autospf.com "How to fix 550 5.7.0 Email Rejected Per SPF Policy")
  { receiver: null, mechanism: 'spf', pattern: /\brejected per SPF policy\b/i, codes: ['550 5.7.0'] },
  // Mail.ru: "550 5.7.1 This message was not accepted due to domain (mail.ru) owner DMARC policy (RFC 7489)"
  // (pastebin fpJZapwZ)
  { receiver: 'mailru', mechanism: 'dmarc', pattern: new RegExp(`due to domain \\(${D}\\) owner DMARC policy`, 'i'), domain: 1, codes: ['550 5.7.1'] },
  // QQ: "550 DMARC check failed" (smtp.codes/qq; its MX names QQ) and maddy's DMARC reject, "550 5.7.1 DMARC check
  // failed" and "450 4.7.1 ..." on a temporary error (foxcpp/maddy internal/msgpipeline/check_runner.go applyResults)
  { receiver: null, mechanism: 'dmarc', pattern: /\bDMARC check failed\b/i, codes: ['550', '550 5.7.1', '450 4.7.1'] },
  // Comcast: "550 5.2.0 ... Message rejected due to DMARC. Please see ...#DM000001" (wordtothewise.com 2014-04)
  { receiver: 'comcast', mechanism: 'dmarc', pattern: /\bMessage rejected due to DMARC\b/i, codes: ['550 5.2.0'] },
  // XS4ALL: "550 5.7.1 DMARC failure for domain yahoo.com, policy reject" (wordtothewise.com 2014-04)
  { receiver: null, mechanism: 'dmarc', pattern: new RegExp(`DMARC failure for domain ${D}`, 'i'), domain: 1, codes: ['550 5.7.1'] },
  // Seznam: "550 5.7.1 Sender Policy Framework of `pro-cert.cz' domain denied your IP address." (pastebin ZsE78BAU,
  // Postfix notice); the backtick is gone after normalise()
  {
    receiver: 'seznam',
    mechanism: 'spf',
    // its opening alone names the check and the domain: a cut reply still reads
    pattern: new RegExp(`Sender Policy Framework of [\`'"]?${D}['"]? domain\\b`, 'i'),
    domain: 1,
    codes: ['550 5.7.1'],
  },
  // Tiscali: "550 5.1.0 <mittente@dominio.it> SPF Failed - not authorized" (robrota.com, an Exchange report of Tiscali's
  // refusal): the address is the MAIL FROM the SPF check was made for
  { receiver: 'tiscali', mechanism: 'spf', pattern: new RegExp(`<${IDENTITY}> SPF Failed - not authori[sz]ed`, 'i'), identity: 1, codes: ['550 5.1.0'] },
  // Wirtualna Polska (wp.pl, o2.pl): "451 BLAD SPF - zobacz strone / SPF Error: Please see http://www.openspf.org/Why?id=..."
  // and "550 BLAD SPF", Polish "BŁĄD SPF" = SPF error, written without its diacritics (mateusz loskot's report of
  // smtp.wp.pl's reply, 2009; kartoza/prj.app#998 DSN from mx.wp.pl)
  { receiver: 'wp', mechanism: 'spf', pattern: /\bB[ŁL][ĄA]D SPF\b/i, codes: ['451', '550'] },
  // Orange / La Poste: "550 5.5.0 SPF: *** is not allowed to send mail. LPN004_401" (sisimai lib/Sisimai/Rhost/FrancePTT.pm,
  // error 401); the client address stands where the source hides it, and a hidden one is not read
  { receiver: 'orange', mechanism: 'spf', pattern: /\bSPF: (\S{1,45}) is not allowed to send mail\./i, ip: 1, codes: ['550 5.5.0'] },
  // TOAST.net: "550 <ip address> does not pass SPF requirements for the domain." (support.toast.net kb a78)
  { receiver: null, mechanism: 'spf', pattern: new RegExp(`${IP} does not pass SPF requirements for (?:the )?domain`, 'i'), ip: 1, codes: ['550'] },
  // Hotmail / Outlook.com Sender ID (RFC 4406, which reads the SPF record): "IP xxx.xx.xx.xx soft failed sender ID
  // check. Please ensure this IP is authorized to sent" (kb.website-solution.net "About email forward, Sender ID and
  // SPF", quoting Hotmail; corpus excerpt)
  { receiver: 'microsoft', mechanism: 'spf', pattern: new RegExp(`\\bIP (\\S{2,45}) (?:soft )?failed sender ID check\\b`, 'i'), ip: 1 },
  // "Delivery Failure : 550: Remote host said Sender Authorization check failed", which "indicates that recipients
  // mail server rejected the sending mail server due to it failing an SPF check" (knowledge.3essentials.com
  // web-hosting article 1744; corpus excerpt)
  { receiver: null, mechanism: 'spf', pattern: /\bSender Authorization check failed\b/i, codes: ['550'] },
  // mail servers, filters, milters and gateways (wordings-servers.ts)
  ...SERVER_WORDINGS,
  // An SPF fail explained in the words of RFC 7208 section 9.1's Received-SPF comment, "domain of myname@example.com does
  // not designate 192.0.2.1 as permitted sender", which receivers reuse in their replies ("550 SPF Hard Fail: Domain
  // example.com does not designate ..."): generic, so a Received-SPF field quoted without a reply code is no refusal. A
  // softfail's comment says "domain of transitioning x@example.org does not designate" (Gmail's; Deitron's filter uses it,
  // held-out zr/019), or "discourages use of" (Exchange Online's)
  { receiver: null, mechanism: 'spf', generic: true, pattern: new RegExp(`\\bdomain (?:of )?(?:transitioning )?${IDENTITY} (?:does not designate|discourages use of) ${IP} as permitted sender`, 'i'), identity: 1, ip: 3 },
  // Generic SPF refusals: "SPF fail", "SPF check: fail" (sisimai AuthFailure), "failed SPF", "rejected due to SPF",
  // "rejecting for sender policy framework" (the refusing verb in its -ed and -ing forms), "SPF ERROR: ..." (an SPF
  // validation error is an authentication failure too: RFC 7372 section 3.2, X.7.24), and an invalid SPF result or record
  // as the DMARC and DKIM rows read "invalid" ("421 Invalid SPF result", Forward Email's INVALID_SPF_RESULT phrase,
  // forwardemail/forwardemail.net config/phrases.js; a record in error is RFC 7208 section 2.6.7's permerror), "incorrect"
  // with it in all three ("554 5.7.1 : End-of-data rejected: SPF Incorrect", mijndomein.nl's reply quoted in
  // RogerGrowSocial/gs-lead-platform SPF_FIX_GUIDE.md)
  { receiver: null, mechanism: 'spf', generic: true, pattern: /\bSPF\b[^.;\n]{0,30}?\b(?:hard ?fail|fail(?:ed|ure|s)?|not pass|violation|prohibit\w{0,3}|not authori[sz]ed|error|invalid|incorrect)\b/i },
  // The same verbs before SPF ("did not pass SPF": each check's row takes "not pass" after it, and this one and DMARC's and
  // DKIM's before it, as Microsoft's 5.7.509 "does not pass DMARC verification" writes it) take "denied" with them as the
  // row above takes "not authorized", and an error before SPF as it takes one after: RFC 7208 section 8.6 and 8.7 answer
  // a temperror with 451 4.4.3 and a permerror with 550 5.5.2, and a server writes their reason either way ("451 4.4.3
  // temporary error when checking the SPF policy", "550 5.5.2 syntax error in SPF record", "550 5.7.1 mail denied by SPF
  // policy": Qsmtp qsmtpd/filters/spf.c)
  { receiver: null, mechanism: 'spf', generic: true, pattern: /\b(?:fail(?:ed|s)?|not pass(?:ed|ing)?|violat\w{0,5}|prohibited by|(?:(?:reject|block|refus)e?(?:d|ing)|den(?:ied|ying)) (?:due to|by|per|because of|for)|not authori[sz]ed by)\b[^.;\n]{0,30}?\b(?:SPF|Sender Policy Framework)\b|\binvalid\b[^.;\n]{0,12}?\bSPF\b|\berror\b[^.;\n]{0,24}?\bSPF\b/i },
  // An SPF result other than pass named as the reason, in the result names of RFC 7208 section 2.6 ("554 Failure SPF
  // NEUTRAL, (grey)", a challenge system's refusal quoted on henriettes-herb.com; "SPF softfail", "SPF=permerror"):
  // "fail" the row above reads; a receiver that refuses for neutral, softfail or none refuses for SPF's verdict too
  { receiver: null, mechanism: 'spf', generic: true, pattern: /\bSPF(?:[ -]?(?:result|check|status))?[ :=]{1,3}(?:soft ?fail|neutral|none|perm ?error|temp ?error)\b/i },
  // policyd-spf's explanation link cut before its address ("Recipient address rejected: Please see
  // https://www.openspf.net/Why?s=mfrom;id=....", an Outlook.com DSN quoted in jochenkirstaetter/getblogged
  // posts/published/spf.md): policyd-spf adds the link to an SPF refusal only (wordings-servers.ts reads it whole)
  { receiver: null, mechanism: 'spf', generic: true, pattern: /\bopenspf\.(?:org|net)\/Why\?s=(?:mfrom|helo)[;&]/i },
  // Gmail's DMARC refusal ends with its link, "Please visit https://support.google.com/mail/answer/2451690 to learn about
  // the DMARC initiative" (Gmail's reply as Adobe Workfront's help quotes it, "Unauthenticated email not accepted due to
  // domain's DMARC policy", in English and translated), and a page translated from English keeps the link where it
  // translates the words around it: generic, as Google's own help pages link the same article ("control unauthenticated
  // mail from your domain"), so only in a reply with a code (Gmail's newer reply links
  // "https://support.google.com/mail/?p=DmarcRejection": purelymail/purelymail#394)
  { receiver: 'gmail', mechanism: 'dmarc', generic: true, pattern: /\bsupport\.google\.com\/mail\/(?:answer\/2451690\b|\?p=DmarcRejection\b)/i, codes: ['550 5.7.1', '550 5.7.26'] },
  // Generic DMARC refusals: "DMARC policy", "failed DMARC" (sisimai AuthFailure "dmarc policy"), "550 DMARC Sender
  // Invalid" (support.dolphind.com solution 57000017662, a refusal table), and a DMARC result other than pass named
  // as the reason in the result names of RFC 7489 section 11.2 ("550 5.7.0 DMARC PermError", a record the receiver
  // could not use, section 6.6.3; "temperror")
  { receiver: null, mechanism: 'dmarc', generic: true, pattern: /\bDMARC\b[^.;\n]{0,30}?\b(?:policy|fail(?:ed|ure|s)?|not pass|reject(?:ed)?|invalid|incorrect|perm ?error|temp ?error)\b/i },
  { receiver: null, mechanism: 'dmarc', generic: true, pattern: /\b(?:fail(?:ed|s)?|not pass(?:ed|ing)?|(?:reject|block|refus)e?(?:d|ing) (?:due to|by|per|because of|for))\b[^.;\n]{0,30}?\bDMARC\b/i },
  // Generic DKIM refusals: "DKIM signature failed", "DKIM signature verification failed" (OpenDKIM dkimf_libstatus)
  { receiver: null, mechanism: 'dkim', generic: true, pattern: /\bDKIM\b[^.;\n]{0,30}?\b(?:fail(?:ed|ure|s)?|invalid|incorrect|not pass|did not verify)\b/i },
  // and in the other word order: "failed DKIM", "has an invalid DKIM signature", "bad DKIM signature" (RFC 6376 section 6.1
  // "a signature that fails verification"; OpenDKIM's "bad DKIM signature data"), and a refusing verb as the SPF and DMARC rows
  // take it ("Rejected due to DKIM mismatch": stdominics.sa.edu.au's list of its refusals, held-out zs/009)
  { receiver: null, mechanism: 'dkim', generic: true, pattern: /\b(?:fail(?:ed|s|ing)?|not pass(?:ed|ing)?|invalid|bad|broken|unverifi(?:ed|able)|(?:reject|block|refus)e?(?:d|ing) (?:due to|by|per|because of|for))\b[^.;\n]{0,12}?\bDKIM\b/i },
  // and a signature missing where the receiver requires one: a message without a signature has no DKIM result (RFC 6376
  // section 6.1), so none that passes (RFC 7372 section 3.1, X.7.20 "No passing DKIM signature found"): "554 5.7.1 No
  // DKIM signature found" (a chatmail relay's reply in madmail's log, themadorg/madmail#146), and RFC 7372's other texts,
  // X.7.21 "No acceptable ..." and X.7.22 "No valid author-matched DKIM signature found", or "missing"; generic, as header
  // checkers and reports say the same of a message nobody refused
  { receiver: null, mechanism: 'dkim', generic: true, pattern: /\b(?:no (?:(?:passing|acceptable|valid|author-matched) ){0,2}|missing )DKIM signatures?\b|\bDKIM signatures? (?:is |was )?missing\b/i },
  // The enhanced status codes registered for authentication failures (RFC 7372 section 3, IANA "SMTP Enhanced Status
  // Codes"): X.7.20 to X.7.22 DKIM, X.7.23 SPF failed, X.7.24 SPF error, X.7.26 multiple checks (X.7.25 is reverse
  // DNS, not here). The code says what failed where the words were cut ("550-5.7.26 Your email has been blocked be")
  // or are the receiver's own; generic, so a reply that names another reason is not taken for one
  { receiver: null, mechanism: 'dkim', generic: true, pattern: /\b[45]\.7\.2[0-2]\b(?!\.)/ },
  { receiver: null, mechanism: 'spf', generic: true, pattern: /\b[45]\.7\.2[34]\b(?!\.)/ },
  { receiver: null, mechanism: 'auth', generic: true, pattern: /\b[45]\.7\.26\b(?!\.)/ },
];

/**
 * A refusal about something else than sender authentication: it outweighs a generic wording
 * ("... listed at zen.spamhaus.org", "no PTR record", "rate limited", "spam content"). A list that is an SPF record is
 * SPF's own ("the sending server is not listed in your domain's SPF record": the address the record does not designate,
 * RFC 7208 section 2.6.4), not a blocklist; so is a DKIM record that lists keys ("the DKIM keys as listed in your domains
 * DKIM policy", RFC 6376 section 3.6.2.1); and so are "too many" DNS lookups, void lookups or includes, the limits of
 * RFC 7208 section 4.6.4 whose excess is a permerror ("550 5.7.24 SPF permerror: too many DNS lookups"), not a rate.
 */
export const OTHER_REASON =
  /\b(?:block ?list\w{0,2}|black ?list\w{0,2}|spamhaus|dnsbl|rbl|listed (?:at|on|in|by)(?![^.;\n]{0,40}?\bSPF\b)(?![^.;,\n]{0,40}?\bDKIM (?:polic(?:y|ies)|records?|keys?)\b)|reputation|PTR|reverse DNS|rDNS|rate.limit\w{0,3}|too many(?![^.;\n]{0,20}?\b(?:lookups?|quer(?:y|ies)|includes?)\b)|spam|content|virus|relay(?:ing)? (?:access )?denied|user unknown|mailbox (?:unavailable|full|not found))\b/i;

/**
 * The rows that name a receiver's own refusal (every row but the generic ones): they say what happened even
 * where a paste lost the reply code, so the reader takes them without one, and the pre-filter lets any text
 * that holds one through (prefilter.ts). All are case-insensitive, so one alternation reads them all.
 */
export const SPECIFIC_WORDINGS: readonly AuthWording[] = AUTH_WORDINGS.filter((row) => row.generic !== true);

/**
 * The most of a pattern's source that V8 still compiles to optimised machine code: a longer one is run by its
 * bytecode interpreter (v8 src/regexp/regexp.cc, kRegExpTooLargeToOptimize = 20 KB; Firefox's SpiderMonkey runs the
 * same irregexp with the same limit), which read long texts 6 to 30
 * times slower once the table outgrew it (bench/bounce.bench.ts; the pre-filter 20 times slower on a hostile body).
 * Kept with a margin.
 */
const OPTIMISED_SOURCE_CHARS = 16_000;

/**
 * The specific rows as consecutive alternations, each short enough to be optimised: test() and the position of a
 * match only (the row is found after). Every specific row is in exactly one part; a text holds a specific wording
 * when some part matches it (replies.ts codelessReplies takes the earliest match of any part, prefilter.ts tests each).
 */
export const REFUSAL_WORDING_PARTS: readonly RegExp[] = (() => {
  const parts: string[][] = [[]];
  let size = 0;
  for (const row of SPECIFIC_WORDINGS) {
    const source = `(?:${row.pattern.source})`;
    if (size > 0 && size + source.length + 1 > OPTIMISED_SOURCE_CHARS) {
      parts.push([]);
      size = 0;
    }
    (parts[parts.length - 1] as string[]).push(source);
    size += source.length + 1;
  }
  return parts.map((sources) => new RegExp(sources.join('|'), 'i'));
})();

/** All specific rows as one alternation (the pre-filter's marker row, the tests): too long to be optimised, so never run over a long text. */
export const REFUSAL_WORDING = new RegExp(REFUSAL_WORDING_PARTS.map((part) => part.source).join('|'), 'i');

/**
 * An enhanced status code RFC 7372 registers for a failed authentication check (X.7.20 to X.7.24, X.7.26), written
 * without its reply code and followed on its line by the check's name: "transient: 4.7.23 Sender's SPF Policy Failure"
 * (an SMTP library's error that kept only the status). Such a line is a reply with a code for the generic rows.
 */
export const AUTH_STATUS_TEXT = /\b[45]\.7\.2[0-46](?![0-9.])[^\n]{0,200}?\b(?:SPF|DKIM|DMARC)\b/i;
/** The status of such a reply: an RFC 7372 authentication code. */
export const AUTH_STATUS = /^[45]\.7\.2[0-46]$/;

/** The generic rows as one alternation: they count only in a reply with a code and no other reason (prefilter.ts). */
export const GENERIC_REFUSAL = new RegExp(AUTH_WORDINGS.filter((row) => row.generic === true).map((row) => `(?:${row.pattern.source})`).join('|'), 'i');
