/**
 * The wordings of mail server software, filters, milters and filtering gateways (MTAs and their SPF, DKIM and DMARC
 * plugins, cloud gateways in front of many domains): one row per wording, each with its source. The mailbox providers'
 * own wordings and the shared and generic ones are in wordings.ts, which tries these after its provider rows.
 */
import { BRACKETED_IP, CUT, D, IDENTITY, IP } from './wording-row';
import type { AuthWording } from './wording-row';

/** The %{s} macro of an SPF explanation link (RFC 7208 section 7.3), the sender with its "@" (or its "%40"): one group. */
const SENDER_MACRO = '([^&;\\s@%]{1,64}(?:@|%40)[^&;\\s@]{1,255})';

/** tumgreyspf's verdict for an SPF fail, up to the check's fields (the two rows below). */
const TUMGREYSPF_FAIL = 'tumgreyspf\\[[0-9]{1,10}\\]: SPF fail - not authorized: QUEUE_ID="[^"\\n]{0,40}";';

export const SERVER_WORDINGS: AuthWording[] = [
  // cPanel / Exim: "550 SPF: 216.158.229.96 is not allowed to send mail from server.elmo.com"
  // (pastebin 2bSecGd2 Postfix log; ventraip.com.au FAQ "550 SPF: x.x.x.x is not allowed to send mail from")
  {
    receiver: 'exim',
    mechanism: 'spf',
    // the address may be written whole ("from sender@domain1.com") and the IP hidden ("xx.xx.xx.xx", bobcares.com
    // "cPanel Exim SPF not allowed to send mail from"; corpus excerpt): the IP is then not read
    // read as the SPF identity: the whole address is the MAIL FROM (Exim's spec example writes the domain,
    // cPanel's ACL the address: "SPF: $sender_host_address is not allowed to send mail from $sender_address")
    // a paste may cut the reply after "from" (ventraip.com.au's FAQ title ends there): the reply still says it
    pattern: new RegExp(`(\\S{2,45}) is not allowed to send (?:e?mail )?from(?: ${IDENTITY}|${CUT})`, 'i'),
    ip: 1,
    identity: 2,
    codes: ['550'],
  },
  // an SPF fail explained "<ip> is not allowed to send mail for '<MAIL FROM>' : Reason: mechanism" (mx.mail.com's reason
  // in CenturyLink Cloud's SMTP Relay API docs, GetInvalidAddresses), also "Host <ip> is not allowed to send mail for ..."
  {
    receiver: null,
    mechanism: 'spf',
    // the words first and the address looked back for: a pattern that opens with a slot is tried at every position of a
    // text (bench/bounce: the reader 6 to 30 times slower on long texts); the address is read as the Exim row reads it
    pattern: new RegExp(`is not allowed to send mail for(?<=(?:^|[\\s(])(?:Host )?(\\S{2,45}) is not allowed to send mail for)(?: '?<?${IDENTITY}>?'?|${CUT}|\\.{3})`, 'i'),
    ip: 1,
    identity: 2,
    codes: ['550 5.7.0', '550'],
  },
  // pobox-era SPF filters: "550 Bad SPF records for [example.org:192.0.2.2], see http://spf.pobox.com/"
  // (corpus: lhost-exim-29; sisimai Reason::AuthFailure "bad spf records for")
  { receiver: null, mechanism: 'spf', pattern: new RegExp(`Bad SPF records for \\[${D}:${IP}\\]`, 'i'), domain: 1, ip: 2, codes: ['550'] },
  // Postfix policyd-spf: "Message rejected due to: SPF fail - not authorized. Please see
  // http://www.openspf.net/Why?s=mfrom;id=user1@sender.com;ip=10.0.2.9;r=<UNKNOWN>"
  // (corpus: lab spf_fail; pastebin 8dwUawUy; netdata/netdata-cloud#530)
  {
    receiver: 'policyd-spf',
    mechanism: 'spf',
    // Haraka's openspf_text writes the same link with "&": "Why?s=helo&id=mail.example.org&ip=..." (haraka-plugin-spf);
    // a Diagnostic-Code folded after a ";" (RFC 5322 section 2.2.3) reads back with a blank there
    pattern: new RegExp(`Why\\?s=(?:mfrom|helo)[;&] ?(?:amp;)?id=([^;&\\s]{1,320})[;&] ?(?:amp;)?ip=${IP}`, 'i'),
    identity: 1,
    ip: 2,
    codes: ['550 5.7.23'],
  },
  // Postfix policyd-spf (pypolicyd-spf / spf-engine): its reply is Reason_Message, "Message {rejectdefer} due to: {spf}. Please
  // see {url}" (spf-engine policyd-spf.conf defaults; _rejectmessage), the link often cut or configured away ("Message
  // {rejectdefer} due to: {spf}." in docker-mailserver); {spf} is pyspf's explanation (sdgathman/pyspf spf.py EXPLANATIONS:
  // "SPF fail - not authorized", softfail "domain owner discourages use of this host", neutral "access neither permitted nor
  // denied", "permanent error in processing", "temporary DNS error in processing"), or "Receiver policy for SPF Softfail"
  // (a local result policy; apache.org "Mail Rejection Policy"), "no SPF record"; the Why? row above reads a whole reply,
  // and a generic row in wordings.ts one cut before its address
  {
    receiver: 'policyd-spf',
    mechanism: 'spf',
    pattern:
      /\bMessage (?:rejected|deferred) due to: (?:SPF fail - not authori[sz]ed|domain owner discourages use of this host|access neither permitted nor denied|permanent error in processing|temporary (?:DNS )?error in processing|Receiver policy for SPF [A-Za-z]{4,9}|no SPF record|SPF (?:Permanent|Temporary) Error)\b/i,
    codes: ['550 5.7.23', '550 5.7.1'],
  },
  // pyspf's result text for an error, "SPF Permanent Error: <problem>" (550) and "SPF Temporary Error: <problem>" (451), which
  // filters built on it pass on (sdgathman/pyspf spf.py query.check); Haraka's "sender <..> SPF Permanent Error" has its row
  { receiver: null, mechanism: 'spf', pattern: /\bSPF (?:Permanent|Temporary) Error: /i, codes: ['550', '451'] },
  // older SPF filters: "550 5.7.1 <sender@example.com>: Sender address rejected: Please see
  // http://www.openspf.org/Why?id=sender%40example.com&ip=..." (mailreport.co.uk SPF FAQ). The link is Mail::SPF's default
  // explanation, "Why?id=%{S}&ip=%{C}&receiver=%{R}": %{s} is the sender, local-part "@" domain (RFC 7208 section 7.3;
  // postmaster@ the HELO name for an empty MAIL FROM, section 4.3), so an id without its "@" (a copy that lost the
  // percent signs of "%40": "lopes40example.com") names no identity
  {
    receiver: 'policyd-spf',
    mechanism: 'spf',
    pattern: new RegExp(`openspf\\.(?:org|net)/Why\\?id=(?:${SENDER_MACRO}|[^&;\\s]{1,320})&(?:amp;)?ip=${IP}`, 'i'),
    identity: 1,
    ip: 2,
    codes: ['550 5.7.1'],
  },
  // "551 5.0.0 Rejected, look at http://www.openspf.org/why.html?sender=al@topel.com&ip=69.84.129.239&receiver=..."
  // (hostmyservices.blogspot.com 2014-11; the smf-spf milter's 550 5.7.1 reject, jcbf/smf-spf smf-spf.c smf_envfrom), and
  // without the address, "550 5.7.0 Please see
  // http://www.openspf.net/why.html?sender=johndoe%40connect_domain.com" (support.kerioconnect.gfi.com 360015187600,
  // a GoDaddy relay's refusal)
  {
    receiver: null,
    mechanism: 'spf',
    // qmail-spf (Jana Saout's patch) explains a fail with "See http://spf.pobox.com/why.html?sender=%{S}&ip=%{I}&receiver=%{xR}"
    // (spf.h SPF_DEFEXP, as kept in sagredo-dev/qmail spf.h), answered "550 <explanation> (#5.7.1)" (qmail-smtpd.c err_spf)
    // (%{S} again: a sender without its "@" is read as none, as above)
    pattern: new RegExp(`(?:openspf\\.(?:org|net)|spf\\.pobox\\.com)/why\\.html\\?sender=(?:${SENDER_MACRO}|[^&\\s]{1,320})(?:&(?:amp;)?ip=${IP})?`, 'i'),
    identity: 1,
    ip: 2,
    codes: ['551 5.0.0', '550 5.7.0'],
  },
  // Mail::SPF based policy servers: "5.7.1 <..>: Recipient address rejected: Rejected by SPF: <ip> is not a designated
  // mailserver for <sender> (context mfrom, on <host>)" (help.xilo.net "Mail returned with 5.7.1 Rejected by SPF")
  {
    receiver: null,
    mechanism: 'spf',
    // a help page that hides the address and the sender writes nothing there: "Rejected by SPF: is not a designated
    // mailserver for (context mfrom, on"
    pattern: new RegExp(`Rejected by SPF: (?:${IP} )?is not a designated mailserver(?: for (?:([^\\s()]{1,320}) )?\\(context mfrom\\b)?`, 'i'),
    ip: 1,
    identity: 2,
    codes: ['550 5.7.1'],
  },
  // MailChannels: "550 5.7.1 [BFD] Sender prohibited by SPF" (justingit/dada-mail#717)
  { receiver: 'mailchannels', mechanism: 'spf', pattern: /\[BFD\][^\n]{0,60}?\bSPF\b/i, codes: ['550 5.7.1'] },
  // Symantec MessageLabs: "553 Sender Policy Framework (SPF) fail" (corpus: bounceparser warning-9)
  { receiver: null, mechanism: 'spf', pattern: /Sender Policy Framework \(SPF\) fail/i, codes: ['553'] },
  // Proofpoint Essentials: "550 5.7.1 Message rejected per sender's SPF policy - OXSUS001_514" (404andmore.com)
  { receiver: 'proofpoint', mechanism: 'spf', pattern: /rejected per sender.s SPF policy/i, codes: ['550 5.7.1'] },
  // iiNet: "550 #5.7.1 SPF unauthorized mail is prohibited" (help.iinet.net.au; pastebin WuNRM1VB via Gmail), which is
  // Cisco Secure Email's default SPF reject text, "Reject code: 550, Reject text: #5.7.1 SPF unauthorized mail is
  // prohibited." (Cisco IronPort AsyncOS for Email Advanced Configuration Guide, "Email Authentication", SPF/SIDF)
  { receiver: null, mechanism: 'spf', pattern: /SPF unauthori[sz]ed mail is prohibited/i, codes: ['550 5.7.1'] },
  // Stalwart: "451 4.7.1 Email temporarily rejected per DMARC policy." (stalwartlabs/mail-server crates/smtp/src/inbound/data.rs)
  { receiver: 'stalwart', mechanism: 'dmarc', pattern: /\bEmail temporarily rejected per DMARC policy\b/i, codes: ['451 4.7.1'] },
  // "550 5.7.1 Email rejected per DMARC policy." is Stalwart's (same file) and the message rspamd's users give its DMARC
  // reject through force_actions, "554 5.7.1 Email rejected per DMARC policy" (rspamd/rspamd#3174); Zoho's row above
  // names the domain after it
  { receiver: null, mechanism: 'dmarc', pattern: /\bEmail rejected per DMARC policy\b/i, codes: ['550 5.7.1', '554 5.7.1'] },
  // rspamd's DMARC module forces the action a DMARC policy asks for with the reply text "Action set by DMARC"
  // (src/plugins/lua/dmarc.lua, maybe_force_action: task:set_pre_result(action, 'Action set by DMARC', ...))
  { receiver: 'rspamd', mechanism: 'dmarc', pattern: /\bAction set by DMARC\b/i },
  // fuglu's DomainAuthPlugin, for a header From domain it requires to authenticate: "sender domain ${header_from_domain}
  // must pass DKIM and/or SPF authentication" (fuglu/src/fuglu/plugins/domainauth.py, the default rejectmessage)
  { receiver: 'fuglu', mechanism: 'auth', headerFrom: true, pattern: new RegExp(`\\bsender domain ${D} must pass DKIM and/or SPF authentication\\b`, 'i'), domain: 1 },
  // Apache James's SPF handler on an SPF temperror (RFC 7208 section 8.6): "451 4.4.3 Temporarily rejected: Problem on
  // SPF lookup" (server/protocols/protocols-smtp ... fastfail/SPFHandler.java, denySoft with DSN status 4.4.3)
  { receiver: 'james', mechanism: 'spf', pattern: /\bProblem on SPF lookup\b/i, codes: ['451 4.4.3'] },
  // Stalwart: "550 5.7.23 SPF validation failed, status: fail." (mail_from.rs, strict SPF, the result after "status:")
  { receiver: 'stalwart', mechanism: 'spf', pattern: /\bSPF validation failed, status: (?:fail|softfail|neutral|none|permerror|temperror)\b/i, codes: ['550 5.7.23'] },
  // Stalwart: "550 5.7.20 No passing DKIM signatures found." and its 451 4.7.20 form (data.rs, strict DKIM)
  { receiver: 'stalwart', mechanism: 'dkim', pattern: /\bNo passing DKIM signatures? found\b/i, codes: ['550 5.7.20', '451 4.7.20'] },
  // Cisco Secure Email (IronPort): a DMARC verification profile's default reject, "550 #5.7.1 DMARC unauthenticated mail
  // is prohibited." (Cisco AsyncOS for Email Security User Guide, "DMARC Verification", Create a DMARC Verification Profile)
  { receiver: 'cisco', mechanism: 'dmarc', pattern: /\bDMARC unauthenticated mail is prohibited\b/i, codes: ['550 5.7.1'] },
  // and its DKIM verification profile's reject in the same words and "#" form, "550 #5.7.5 DKIM unauthenticated mail is
  // prohibited" (a government receiver's reply quoted in docker-mailserver/docker-mailserver discussion 2599)
  { receiver: 'cisco', mechanism: 'dkim', pattern: /\bDKIM unauthenticated mail is prohibited\b/i, codes: ['550 5.7.5'] },
  // and its defaults when a check could not be made: an SPF/SIDF profile's "Defer code: 451, Defer text: #4.4.3 Temporary
  // error occurred during SPF verification." (RFC 7208 section 8.6: a temperror answered with 451 4.4.3; Cisco AsyncOS
  // CLI Reference, SPF/SIDF settings) and a DMARC profile's "451 #4.7.1 Unable to perform DMARC verification." (AsyncOS
  // User Guide, "DMARC Verification": the temporary failure action's default)
  { receiver: 'cisco', mechanism: 'spf', pattern: /\bTemporary error occurred during SPF verification\b/i, codes: ['451 4.4.3'] },
  { receiver: 'cisco', mechanism: 'dmarc', pattern: /\bUnable to perform DMARC verification\b/i, codes: ['451 4.7.1'] },
  // Sophos Email: its own codes, "XGEMAIL_0001 Message didn't contain a valid DKIM signature.", "XGEMAIL_0002 Message
  // failed a SPF check.", "XGEMAIL_0003 Message failed a DMARC check." (docs.sophos.com Sophos Central Email, "SMTP error
  // codes"); its replies give the code after the status with their own words ("550 5.7.4 XGEMAIL_0006 ...", "550 5.7.1
  // XGEMAIL_0008 Command rejected"), so the code is what tells
  { receiver: 'sophos', mechanism: 'dkim', pattern: /\bXGEMAIL_0001\b/i, codes: ['550'] },
  { receiver: 'sophos', mechanism: 'spf', pattern: /\bXGEMAIL_0002\b/i, codes: ['550'] },
  { receiver: 'sophos', mechanism: 'dmarc', pattern: /\bXGEMAIL_0003\b/i, codes: ['550'] },
  // Cleanmail (a Swiss filtering service): "Forged sender domain from this server", its refusal of mail whose sender
  // domain's SPF record does not list the sending server (cleanmail.ch "Stricter rules for accepting mail with sender
  // bluewin.ch"; no reply code given)
  { receiver: 'cleanmail', mechanism: 'spf', pattern: /\bForged sender domain from this server\b/i },
  // Mimecast: "550 SPF Sender Invalid - envelope rejected", "550 DKIM Sender Invalid - envelope rejected", "550 DMARC
  // Sender Invalid - envelope rejected" (Mimecast community "Mimecast SMTP Error Codes", as listed in sisimai
  // rhost/mimecast.go "authfailure")
  { receiver: 'mimecast', mechanism: 'spf', pattern: /\bSPF Sender Invalid - envelope rejected/i, codes: ['550'] },
  { receiver: 'mimecast', mechanism: 'dkim', pattern: /\bDKIM Sender Invalid - envelope rejected/i, codes: ['550'] },
  { receiver: 'mimecast', mechanism: 'dmarc', pattern: /\bDMARC Sender Invalid - envelope rejected/i, codes: ['550'] },
  // Barracuda Email Security Service: "#550 permanent failure for one of more recipients (<redacted> Please ensure the
  // email service you are sending from either has SPF or DKIM." (zoho/free-email-forwarding#77)
  { receiver: 'barracuda', mechanism: 'auth', pattern: /\bPlease ensure the email service you are sending from either has SPF or DKIM\b/i, codes: ['550'] },
  // OpenDMARC milter: "rejected by DMARC policy for %s" with the From domain (opendmarc/opendmarc.c, DMARC_POLICY_REJECT;
  // dailydotdev/daily#1760 "5.7.1 rejected by DMARC policy for daily.dev")
  { receiver: 'opendmarc', mechanism: 'dmarc', pattern: new RegExp(`rejected by DMARC policy for ${D}`, 'i'), domain: 1, codes: ['5.7.1'] },
  // Haraka SPF plugin: "sender <user@example.org> SPF Fail", "... SPF SoftFail", "... SPF Permanent Error", "... SPF record
  // not found" (next(DENY): 550) and "... SPF Temporary Error" (DENYSOFT: 450) (haraka/haraka-plugin-spf index.js
  // return_results; Haraka connection.js mail_respond writes them after the code, and after "[uuid@host] " when
  // connection.ini uuid.deny_chars is set); with openspf_text the reply is the policyd-spf row's "Why?s=" link
  {
    receiver: 'haraka',
    mechanism: 'spf',
    pattern: /\bsender <([^\s<>]{1,320})> SPF (?:Fail|SoftFail|Permanent Error|Temporary Error|record not found)\b/i,
    identity: 1,
    codes: ['550', '450'],
  },
  // Haraka, a null sender: the HELO identity's result, "sender <> via mail.example.org SPF Fail" (same return_results)
  {
    receiver: 'haraka',
    mechanism: 'spf',
    pattern: new RegExp(`\\bsender <> via ${D} SPF (?:Fail|SoftFail|Permanent Error|Temporary Error|record not found)\\b`, 'i'),
    domain: 1,
    helo: true,
    codes: ['550', '450'],
  },
  // RFC 7372 section 3.1 / 3.2 status texts, as servers send them: "550 5.7.21 No acceptable DKIM signature found",
  // "550 5.7.22 No valid author-matched DKIM signature found", "550 5.7.24 SPF validation error" (vsmtp.rs docs, global::code
  // c550_7_21, c550_7_22, c550_7_24), "5.7.23 SPF validation failed" (RFC 7372 section 3.2; Plesk's milter adds ". :
  // Reason: mechanism", support.plesk.com 33641012828695); the DKIM texts with the receivers' own adjectives ("No valid
  // DKIM signature found", chatmail's relay; "No passing DKIM signatures found", Stalwart's row)
  { receiver: null, mechanism: 'dkim', pattern: /\bNo (?:acceptable|valid(?: author-matched)?) DKIM signatures? found\b/i, codes: ['550 5.7.21', '550 5.7.22', '554 5.7.1'] },
  { receiver: null, mechanism: 'spf', pattern: /\bSPF validation (?:error|failed)\b(?!, status:)/i, codes: ['550 5.7.24', '550 5.7.23'] },
  // maddy check.spf: "550 5.7.23 SPF authentication failed", "... soft-failed", "... failed with a permanent error",
  // "451 4.7.23 SPF authentication failed with a temporary error" (foxcpp/maddy internal/check/spf/spf.go spfResult)
  { receiver: 'maddy', mechanism: 'spf', pattern: /\bSPF authentication (?:failed|soft-failed)\b/i, codes: ['550 5.7.23', '451 4.7.23'] },
  // maddy check.spf none_action and neutral_action: "550 5.7.23 No SPF policy", "550 5.7.23 Neutral SPF result is not
  // permitted" (same spfResult); the short one only after its enhanced code
  { receiver: 'maddy', mechanism: 'spf', pattern: /\b5\.7\.23 No SPF policy\b|\bNeutral SPF result is not permitted\b/i, codes: ['550 5.7.23'] },
  // maddy check.dkim: "550 5.7.20 No DKIM signatures" (no_sig_action), "550 5.7.20 No passing DKIM signatures"
  // (broken_sig_action), "421 4.7.20 Temporary error during DKIM verification" (foxcpp/maddy internal/check/dkim/dkim.go);
  // Stalwart's "No passing DKIM signatures found." is read by its row above
  { receiver: 'maddy', mechanism: 'dkim', pattern: /\bNo (?:passing )?DKIM signatures\b|\bTemporary error during DKIM verification\b/i, codes: ['550 5.7.20', '421 4.7.20'] },
  // mox: "550 5.7.26 rejecting per dmarc policy" (mjl-/mox smtpserver/analyze.go, SePol7MultiAuthFails26); its SPF
  // refusal is "451 4.3.0 error processing", which names nothing
  { receiver: 'mox', mechanism: 'dmarc', pattern: /\brejecting per dmarc policy\b/i, codes: ['550 5.7.26'] },
  // rmilter with SPF checks: "554 5.7.1 SPF policy violation. Host mail.example.org[192.0.2.1] is not allowed to send mail as
  // user@example.org." (vstakhov/rmilter src/rmilter.c mlfi_eom; RCODE_REJECT 554, XCODE_REJECT 5.7.1 in src/rmilter.h); the
  // host is the client's name ("unresolved", "unknown" when it has none), the address the MAIL FROM ({mail_addr})
  {
    receiver: 'rmilter',
    mechanism: 'spf',
    pattern: new RegExp(`\\bSPF policy violation\\. Host [^\\s\\[\\]]{1,255}${BRACKETED_IP} is not allowed to send mail as ${IDENTITY}`, 'i'),
    ip: 1,
    identity: 2,
    codes: ['554 5.7.1'],
  },
  // OpenDKIM with On-BadSignature / On-NoSignature / On-KeyNotFound reject: "550 5.7.0 bad DKIM signature data", "no DKIM
  // signature data", "DKIM key retrieval failed", "DKIM signature syntax error", after "<prefix>: " when the key record
  // names one (trusteddomainproject/OpenDKIM opendkim/opendkim.c dkimf_libstatus: 550 5.7.0 for a reject); its "DKIM
  // signature verification failed" is read by the generic DKIM row
  {
    receiver: 'opendkim',
    mechanism: 'dkim',
    pattern: /\b(?:bad|no) DKIM signature data\b|\bDKIM (?:key retrieval failed|signature syntax error)\b/i,
    codes: ['550 5.7.0'],
  },
  // Exchange Server's Sender ID filter (RFC 4406: the PRA checked against the SPF record), "550 5.7.1 Sender ID (PRA) Not
  // Permitted" (askit.ttu.edu KB0029005; knowledge.broadcom.com 154549; markgossa.blogspot.com 2015-09, Exchange 2010/2013)
  { receiver: null, mechanism: 'spf', pattern: /\bSender ID ?\(PRA\) Not Permitted\b/i, codes: ['550 5.7.1'] },
  // smf-spf (a Sendmail/Postfix SPF milter) logs each verdict, "smf-spf[19861]: SPF fail: ip=192.0.2.151, fqdn=[...],
  // helo=..., from=<a@example.org>" ("SPF %s (cached): ..." from its cache), and refuses a fail when RefuseFail is on,
  // its default (jcbf/smf-spf smf-spf.c log_message and smfi_setreply; smf-spf.conf); Sendmail then logs the milter's
  // refusal as "Milter: from=<...>, reject=550 5.7.1 Command rejected", which names no reason
  {
    receiver: 'smf-spf',
    mechanism: 'spf',
    pattern: new RegExp(`\\bsmf-spf\\[[0-9]{1,10}\\]: SPF fail(?: \\(cached\\))?: ip=${IP}, fqdn=[^,\\n]{0,260}, helo=[^,\\n]{0,260}, from=<?${IDENTITY}>?`, 'i'),
    ip: 1,
    identity: 2,
    codes: ['550 5.7.23', '550 5.7.1'],
  },
  // tumgreyspf (a Postfix policy daemon) logs each SPF verdict as pyspf's explanation and the check's fields, "SPF fail -
  // not authorized: QUEUE_ID=\"...\"; identity=mailfrom; client-ip=192.0.2.1; helo=...; envelope-from=a@example.org;
  // receiver=...;", and answers a fail with "action=550 ... SPF Reports: SPF fail - not authorized" (linsomniac/tumgreyspf
  // tumgreyspf spfcheck, v1.24; pyspf spf.py EXPLANATIONS['fail']). With a null sender it checks the HELO name
  // (identity=helo, RFC 7208 section 2.3)
  {
    receiver: 'tumgreyspf',
    mechanism: 'spf',
    pattern: new RegExp(`\\b${TUMGREYSPF_FAIL} identity=helo; client-ip=${IP}; helo=${D};`, 'i'),
    ip: 1,
    domain: 2,
    helo: true,
    codes: ['550'],
  },
  {
    receiver: 'tumgreyspf',
    mechanism: 'spf',
    pattern: new RegExp(`\\b${TUMGREYSPF_FAIL}(?: identity=mailfrom; client-ip=${IP}; helo=[^;\\n]{0,260}; envelope-from=<?${IDENTITY}>?;)?`, 'i'),
    ip: 1,
    identity: 2,
    codes: ['550'],
  },
  // hMailServer refuses a message its spam tests score too high with their results as the reply, "550 5.7.1 Blocked by
  // SPF." (read by the generic SPF row), and logs "hMailServer SpamProtection rejected RCPT (Sender: a@example.org,
  // IP:192.0.2.1, Reason: Blocked by SPF.)" (hmailserver/hmailserver SMTPConnection.cpp and SpamTestSPF.cpp, "Blocked by
  // SPF. (<explanation>)"; older releases log without the product's name): the log line without a code, when SPF is the
  // reason it names first
  {
    receiver: 'hmailserver',
    mechanism: 'spf',
    pattern: new RegExp(`\\bSpamProtection rejected RCPT \\(Sender: <?${IDENTITY}>?, IP: ?${IP}, Reason: Blocked by SPF\\b`, 'i'),
    identity: 1,
    ip: 3,
    codes: ['550 5.7.1', '554 5.7.1'],
  },
  // Plesk's psa-pc-remote milter runs its handlers on each message and logs the one that refused it: "REJECT during call
  // 'spf' handler", before Postfix's "milter-reject: ... 5.7.1 Command rejected" (support.plesk.com "How psa-pc-remote
  // milter works": a handler "might tell Postfix to reject the message")
  { receiver: 'plesk', mechanism: 'spf', pattern: /\bREJECT during call 'spf' handler\b/i, codes: ['550 5.7.1'] },
  // qpsmtpd sender_permitted_from: DENY "SPF - forgery: <why>" (fail), "SPF - fail: ..." (softfail; DENYSOFT for fail at reject
  // level 2), "SPF - none: ...", "SPF - neutral: ...", "SPF - permerror: ...", DENYSOFT "SPF - temperror: ..."; <why> is
  // Mail::SPF's local explanation (smtpd/qpsmtpd plugins/sender_permitted_from; DENY is 550, DENYSOFT 450)
  { receiver: 'qpsmtpd', mechanism: 'spf', pattern: /\bSPF - (?:forgery|fail|none|neutral|permerror|error|temperror): /i, codes: ['550', '450'] },
  // Courier's pythonfilter spfcheck: "517 SPF returns deny" on an SPF fail (courier-pythonfilter spfcheck.py do_filter)
  { receiver: 'courier', mechanism: 'spf', pattern: /\bSPF returns deny\b/i, codes: ['517'] },
  // qmail-dmarc: "554 Valid DKIM signature required for sender domain <From domain>" for a local From domain, and "554 Failed
  // DMARC test." (read by the generic DMARC row) (fany/App-Qmail-DMARC bin/qmail-dmarc)
  {
    receiver: 'qmail-dmarc',
    mechanism: 'dkim',
    pattern: new RegExp(`\\bValid DKIM signature required for sender domain ${D}`, 'i'),
    domain: 1,
    headerFrom: true,
    codes: ['554'],
  },
  // qmail-spf: "451 SPF lookup failure (#4.3.0)" when the SPF check ends in an error (SPF_ERROR) and spfbehavior is 2 or
  // more (qmail-smtpd.c smtp_mail of the qmail-spf patch, as in sagredo-dev/qmail and indimail); its fail, softfail, neutral
  // and none rejects are "550 <explanation> (#5.7.1)", read by the why.html row above, and sagredo-dev/qmail's explanation
  // "SPF failure. Validate your SPF configuration here https://mxtoolbox.com/SuperTool.aspx?action=spf" (spf.h SPF_DEFEXP)
  { receiver: 'qmail-spf', mechanism: 'spf', pattern: /\bSPF lookup failure\b|\bSPF failure\. Validate your SPF configuration\b/i, codes: ['451 4.3.0', '550 5.7.1'] },
  // sisimai's test MX: "Recipient address rejected: Multiple authentication checks failed" (corpus: lhost-dragonfly-05)
  { receiver: null, mechanism: 'auth', pattern: /\bMultiple authentication checks failed\b/i },
];
