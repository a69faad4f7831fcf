/**
 * Receiver families: who refused. `hosts` are name suffixes of the refusing MX (Remote-MTA,
 * `host NAME[...]`, `while talking to NAME`), `markers` are lowercase strings their replies carry.
 * Adding a receiver is adding a row.
 */
export interface ReceiverRow {
  id: string;
  hosts: string[];
  markers: string[];
  /**
   * The line after which its notice of a refusal quotes its own `Authentication-Results` value (RFC 8601 section 2.2,
   * "authserv-id; method=result ..."): a value whose authserv-id is one of its `hosts` is read as its own header field
   */
  authResultsAfter?: string;
}

export const RECEIVERS: ReceiverRow[] = [
  // replies end in "- gsmtp"; MX google.com / googlemail.com (corpus: lhost-dragonfly-01, rhost-google-06)
  { id: 'gmail', hosts: ['google.com', 'googlemail.com'], markers: ['gsmtp', 'support.google.com/mail'] },
  // Exchange Online / Outlook.com: replies quote "[...PROD.OUTLOOK.COM ...]" (corpus: lhost-qmail-15, rhost-microsoft-06)
  {
    id: 'microsoft',
    hosts: ['outlook.com', 'hotmail.com', 'protection.outlook.com', 'olc.protection.outlook.com'],
    markers: ['prod.outlook.com', 'protection.outlook.com', 'go.microsoft.com/fwlink'],
  },
  // Yahoo / AOL MX are *.yahoodns.net (corpus: lhost-dragonfly-03, lhost-postfix-66); help.yahoo.com SLN7253
  {
    id: 'yahoo',
    hosts: ['yahoodns.net', 'yahoo.com', 'yahoo.co.jp', 'aol.com'],
    markers: ['senders.yahooinc.com', 'postmaster.yahooinc.com', 'postmaster.verizonmedia.com', 'yahoo-help.jp'],
  },
  // GoDaddy inbound relays are *.secureserver.net; codes end in "IBnnn" (godaddy.com/help 3568 as quoted by sisimai Rhost::GoDaddy)
  { id: 'godaddy', hosts: ['secureserver.net'], markers: ['ib508', "per it's spf record"] },
  // MailChannels tags its refusals "[BFD]" (issue justingit/dada-mail#717)
  { id: 'mailchannels', hosts: ['mailchannels.net'], markers: ['[bfd]'] },
  // Mimecast MX *.mimecast.com (corpus: rhost-mimecast-01); suped.com on "Anti-Spoofing policy"
  { id: 'mimecast', hosts: ['mimecast.com'], markers: ['mimecast'] },
  // Proofpoint: *.pphosted.com, Essentials *.ppe-hosted.com (404andmore.com, "OXSUS001_514"); proofpoint.com/postmaster
  { id: 'proofpoint', hosts: ['pphosted.com', 'ppe-hosted.com'], markers: ['proofpoint', 'oxsus001'] },
  // Barracuda Email Security Service MX *.barracudanetworks.com (suped.com on Barracuda 550 blocks)
  { id: 'barracuda', hosts: ['barracudanetworks.com', 'ess.barracudanetworks.com'], markers: ['barracuda'] },
  // Symantec MessageLabs cluster*.messagelabs.com (corpus: bounceparser warning-9)
  { id: 'messagelabs', hosts: ['messagelabs.com'], markers: ['messagelabs'] },
  // SiteGround MX *.siteground.net / *.sgvps.net
  { id: 'siteground', hosts: ['siteground.net', 'sgvps.net'], markers: ['siteground'] },
  // 1&1 Mail & Media: web.de, GMX, mail.com (postmaster.web.de/error-messages; smtp.codes/unitedinternet)
  { id: 'webde-gmx', hosts: ['web.de', 'gmx.net', 'gmx.com', 'mail.com'], markers: ['postmaster.gmx', 'postmaster.web.de'] },
  // Zoho MX smtpin.zoho.com (corpus: lhost-postfix-73)
  { id: 'zoho', hosts: ['zoho.com', 'zoho.eu', 'zohomail.com'], markers: [] },
  // Rackspace Email MX mx1.emailsrvr.com; replies end in a code like "(G15)" (ietf-tools/datatracker#5677; smtp.codes/rackspace)
  { id: 'rackspace', hosts: ['emailsrvr.com'], markers: [] },
  // iCloud MX *.mail.icloud.com
  { id: 'icloud', hosts: ['icloud.com', 'me.com'], markers: ['support.apple.com'] },
  // QQ / Tencent MX *.qq.com (smtp.codes/qq)
  { id: 'qq', hosts: ['qq.com'], markers: ['service.mail.qq.com', 'service.exmail.qq.com'] },
  // Mail.ru MX mxs.mail.ru (pastebin fpJZapwZ: "help.mail.ru/mail-help/postmaster/dmarc")
  { id: 'mailru', hosts: ['mail.ru'], markers: ['help.mail.ru'] },
  // Seznam.cz MX mx*.seznam.cz (pastebin ZsE78BAU: "Sender Policy Framework of `pro-cert.cz' domain denied your IP address")
  { id: 'seznam', hosts: ['seznam.cz'], markers: [] },
  // smf-spf and Plesk's psa-pc-remote: milters, named by their own log lines
  { id: 'smf-spf', hosts: [], markers: ['smf-spf['] },
  { id: 'plesk', hosts: [], markers: ['psa-pc-remote'] },
  // tumgreyspf: a Postfix policy daemon, named by its log lines
  { id: 'tumgreyspf', hosts: [], markers: ['tumgreyspf['] },
  // Wirtualna Polska: MX mx.wp.pl, o2.pl
  { id: 'wp', hosts: ['wp.pl', 'o2.pl'], markers: [] },
  // hMailServer, named by its log line
  { id: 'hmailserver', hosts: [], markers: ['SpamProtection rejected RCPT'] },
  // Tiscali (Italy): MX *.mail.tiscali.it
  { id: 'tiscali', hosts: ['tiscali.it'], markers: [] },
  // Forward Email: MX mx1/mx2.forwardemail.net; its replies name forwardemail.net
  { id: 'forwardemail', hosts: ['forwardemail.net'], markers: ['forwardemail.net'] },
  // addy.io (AnonAddy), an alias service: its notices link to addy.io / anonaddy.com. A refused reply's notice ends in
  // its own results (anonaddy/anonaddy resources/views/mail/disallowed_reply_send_attempt.blade.php and
  // spam_reply_send_attempt.blade.php: "These are the authentication results for the message:", {{ $authenticationResults }})
  {
    id: 'addy',
    hosts: ['addy.io', 'anonaddy.me', 'anonaddy.com'],
    markers: ['addy.io', 'anonaddy'],
    authResultsAfter: 'These are the authentication results for the message:',
  },
  // Aliyun Mail (Alibaba Cloud enterprise mail) MX *.mxhichina.com, *.qiye.aliyun.com; replies carry "ANTISPAM_BAT[...]"
  { id: 'aliyun', hosts: ['mxhichina.com', 'qiye.aliyun.com'], markers: ['antispam_bat['] },
  // NetEase (163.com, 126.com, yeah.net) MX *.mxmail.netease.com; replies carry NetEase's own codes ("MI:SPF", "DT:SPM")
  { id: 'netease', hosts: ['netease.com', '163.com', '126.com', 'yeah.net'], markers: [] },
  // Orange and La Poste MX *.orange.fr, *.laposte.net; replies end in "LPN004_401", "OFR_305" (sisimai lib/Sisimai/Rhost/FrancePTT.pm)
  { id: 'orange', hosts: ['orange.fr', 'wanadoo.fr', 'laposte.net'], markers: [] },
  // Courier with pythonfilter's spfcheck (courier-pythonfilter spfcheck.py); qmail with qmail-dmarc (fany/App-Qmail-DMARC)
  { id: 'courier', hosts: [], markers: [] },
  // qpsmtpd's sender_permitted_from plugin (smtpd/qpsmtpd plugins/sender_permitted_from)
  { id: 'qpsmtpd', hosts: [], markers: [] },
  { id: 'qmail-dmarc', hosts: [], markers: [] },
  // qmail with the qmail-spf patch (qmail-smtpd.c: "451 SPF lookup failure (#4.3.0)"; spf.h's spf.pobox.com explanation)
  { id: 'qmail-spf', hosts: [], markers: ['spf.pobox.com/why.html'] },
  // OpenDMARC milter: "rejected by DMARC policy for %s" (trusteddomainproject/OpenDMARC opendmarc/opendmarc.c)
  { id: 'opendmarc', hosts: [], markers: [] },
  // Haraka's SPF plugin: "sender <user@example.org> SPF Fail" (haraka/haraka-plugin-spf index.js return_results)
  { id: 'haraka', hosts: [], markers: [] },
  // maddy: its checks' replies end in " (msg ID = 3f095e8a)" (foxcpp/maddy internal/endpoint/smtp: wrapErr)
  { id: 'maddy', hosts: [], markers: [] },
  // mox (mjl-/mox smtpserver/analyze.go)
  { id: 'mox', hosts: [], markers: [] },
  // rmilter, rspamd's milter before rspamd's own proxy (vstakhov/rmilter src/rmilter.c)
  { id: 'rmilter', hosts: [], markers: [] },
  // rspamd: its modules' reply texts (rspamd/rspamd src/plugins/lua: dmarc.lua)
  { id: 'rspamd', hosts: [], markers: [] },
  // fuglu, a mail filter (fumail/fuglu fuglu/src/fuglu/plugins/domainauth.py)
  { id: 'fuglu', hosts: [], markers: [] },
  // Apache James (apache/james-project server/protocols/protocols-smtp fastfail/SPFHandler.java)
  { id: 'james', hosts: [], markers: [] },
  // OpenDKIM milter (trusteddomainproject/OpenDKIM opendkim/opendkim.c)
  { id: 'opendkim', hosts: [], markers: [] },
  // Comcast (wordtothewise.com 2014-04 "postmaster.comcast.net/smtp-error-codes.php#DM000001")
  { id: 'comcast', hosts: ['comcast.net'], markers: ['postmaster.comcast.net'] },
  // Stalwart mail server (stalwartlabs/mail-server crates/smtp/src/inbound: mail_from.rs, data.rs)
  { id: 'stalwart', hosts: [], markers: [] },
  // Cisco Secure Email (IronPort, AsyncOS): cloud MX *.iphmx.com; DMARC verification profile defaults (AsyncOS user guide)
  { id: 'cisco', hosts: ['iphmx.com'], markers: [] },
  // Sophos Email: MX *.hydra.sophos.com; replies carry its codes "XGEMAIL_0001" ... (docs.sophos.com, "SMTP error codes")
  { id: 'sophos', hosts: ['hydra.sophos.com'], markers: ['xgemail_'] },
  // Cleanmail, a Swiss filtering service (cleanmail.ch)
  { id: 'cleanmail', hosts: [], markers: [] },
  // Postfix with policyd-spf: "Please see http://www.openspf.net/Why?s=mfrom;id=..." (corpus: lab spf_fail; netdata/netdata-cloud#530)
  { id: 'policyd-spf', hosts: [], markers: ['openspf.net/why?', 'openspf.org/why'] },
  // cPanel / Exim ACL "... is not allowed to send mail from ..." (ventraip.com.au FAQ; Exim spec SPF example)
  { id: 'exim', hosts: [], markers: ['is not allowed to send mail from'] },
];
