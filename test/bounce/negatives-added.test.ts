import { describe, expect, it } from 'vitest';
import { readBounceText } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';

/**
 * Refusals for another reason than sender authentication, even where they name an IP or mention SPF, DKIM or
 * DMARC: read as no authentication failure, in every notice shell (precision stays 1.00 with the new wordings).
 */
const NEGATIVES: { name: string; source: string; reply: string; ip?: string }[] = [
  {
    name: 'Spamhaus blocklist (Postfix reject_rbl_client)',
    source: 'spamassassin-dqs#53 Postfix log; postfix.org postconf(5) rbl_reply_maps',
    reply: '554 5.7.1 Service unavailable; Client host [104.47.21.166] blocked using sbl.spamhaus.org; Error: open resolver; https://www.spamhaus.org/returnc/pub/172.69.79.93',
    ip: '104.47.21.166',
  },
  {
    name: 'Barracuda Reputation blocklist',
    source: 'Barracuda Reputation Block List refusal as Postfix writes it (barracudacentral.org "rbl")',
    reply: '554 5.7.1 Service unavailable; Client host [192.0.2.61] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.61',
    ip: '192.0.2.61',
  },
  {
    name: 'Proofpoint DNSBL',
    source: 'zone-eu/zone-mta#301; corpus excerpt',
    reply: '554 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.62',
  },
  {
    name: 'Gmail 5.7.25 reverse DNS',
    source: 'corpus rhost-google-06; Gmail SMTP errors and codes',
    reply: '550 5.7.25 [192.0.2.63] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail does not accept messages from IPs with missing PTR records. - gsmtp',
    ip: '192.0.2.63',
  },
  {
    name: 'Gmail 4.7.28 rate limit',
    source: 'Gmail SMTP errors and codes (421 4.7.28, unusual rate of unsolicited mail)',
    reply: '421 4.7.28 [192.0.2.64 15] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp',
    ip: '192.0.2.64',
  },
  {
    name: 'Microsoft IP reputation block list (S3150)',
    source: 'Microsoft Learn "Fix email delivery issues for error code 5.7.1 ... S3150"',
    reply: "550 5.7.1 Unfortunately, messages from [192.0.2.65] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
    ip: '192.0.2.65',
  },
  {
    name: 'blocklist refusal that tells the sender to check SPF',
    source: 'GoDaddy IB104 (sisimai Rhost::GoDaddy) with an SPF hint',
    reply: '554 Connection refused. This IP is listed on the Spamhaus Block List (SBL). Senders should also check their SPF record and SPF failures. IB104',
  },
  {
    name: 'Yahoo reputation deferral naming the IP',
    source: 'Yahoo TSS04 "temporarily deferred due to unexpected volume or user complaints" (senders.yahooinc.com error codes)',
    reply: '421 4.7.0 [TSS04] Messages from 192.0.2.66 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    ip: '192.0.2.66',
  },
  {
    // rspamd's milter answers every reject action so, a DMARC reject included, unless a force_actions message is set
    // (rspamd/rspamd#3174, wontfix): nothing in it says which check refused, so it is no authentication refusal
    name: 'rspamd milter reject, default message',
    source: 'rspamd/rspamd src/libserver/milter.c (RSPAMD_MILTER_RCODE_REJECT 554, XCODE 5.7.1, "Spam message rejected")',
    reply: '554 5.7.1 Spam message rejected',
  },
  {
    // the generic row for a missing DKIM signature yields to another reason named beside it
    name: 'spam refusal that also notes a missing DKIM signature',
    source: 'generic rows (wordings.ts): a reply naming another reason is not taken for an authentication refusal',
    reply: '550 5.7.1 Message rejected as spam (score 12.3); no DKIM signature',
  },
  {
    // a list a DKIM record keeps is DKIM's own (wordings.ts OTHER_REASON), a list named before a DKIM failure is not
    name: 'a blocklist named before a DKIM failure',
    source: 'OTHER_REASON (wordings.ts): "listed in" is a blocklist unless a DKIM record or policy is the list',
    reply: '554 5.7.1 Rejected: 192.0.2.73 is listed in our abuse register, DKIM signature failed',
    ip: '192.0.2.73',
  },
];

describe('new wordings keep precision: other refusals are not authentication failures', () => {
  for (const negative of NEGATIVES) {
    for (const [shell, wrap] of [['alone', (lines: string[]) => lines.join('\n')] as const, ...Object.entries(NOTICE_SHELLS)]) {
      it(`${negative.name} (${negative.source}), ${shell}`, () => {
        const facts = readBounceText(wrap([negative.reply]));
        expect(facts.authFailure).toBe(false);
        expect(facts.mechanism).toBeNull();
        if (negative.ip !== undefined) expect(facts.ip).toBe(negative.ip);
      });
    }
  }
});
