import { describe, expect, it } from 'vitest';
import { looksLikeBounce, readBounceText } from '../../src/core/bounce/index';
import type { BounceFacts } from '../../src/core/bounce/index';
import { NOTICE_SHELLS } from './notice-shells';

/**
 * Replies whose names a help page, an issue or a paste hid or cut (wording-row.ts: D, IP, IDENTITY, CUT): the row
 * still says what happened, and a hidden name is read as no name (null), never as a fact. Each text is written here
 * after the row's documented wording, with its own placeholders.
 */
const HIDDEN: { name: string; reply: string; expected: Partial<BounceFacts> }[] = [
  {
    name: 'GoDaddy, masked address and bracketed placeholder',
    reply: "550 5.1.0 xx.xx.xx.xx is not allowed to send from <[REDACTED]> per it's SPF Record. Please inspect your SPF settings, and try again.",
    expected: { mechanism: 'spf', ip: null, domain: null, receiver: 'godaddy' },
  },
  {
    name: 'Gmail DMARC, a word for the domain with a masked top-level domain',
    reply: "550-5.7.26 Unauthenticated email from YOUR_DOMAIN.* is not accepted due to domain's DMARC policy. Please contact the administrator of YOUR_DOMAIN.* domain if this was a legitimate mail.",
    expected: { mechanism: 'dmarc', domain: null, receiver: 'gmail' },
  },
  {
    name: 'Gmail 2024 unauthenticated, the address written as words around "ip"',
    reply: '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [sender.example] with ip: [my-mail-server-ip] = did not pass',
    expected: { ip: null, domain: 'sender.example', receiver: 'gmail' },
  },
  {
    name: "a template's placeholders (Exim's expansion variables) for the address and the domain",
    reply: '550 5.7.1 $sender_host_address is not allowed to send mail from ${sender_address_domain}. Please see http://www.openspf.net/Why',
    expected: { mechanism: 'spf', ip: null, domain: null },
  },
  {
    name: "fuglu's DomainAuthPlugin, its default message with the placeholder unexpanded",
    reply: '554 5.7.1 sender domain ${header_from_domain} must pass DKIM and/or SPF authentication',
    expected: { mechanism: 'auth', domain: null },
  },
  {
    name: 'GoDaddy, empty angle brackets, real address kept',
    reply: "550 5.1.0 192.0.2.44 is not allowed to send from <> per it's SPF Record. Please inspect your SPF settings, and try again.",
    expected: { mechanism: 'spf', ip: '192.0.2.44', domain: null },
  },
  {
    name: 'Gmail SPF check with words for the domain and the address',
    reply: '550-5.7.26 For this message, DKIM checks did not pass and SPF check for [your domain] did not pass with ip: [IP address]. gsmtp',
    expected: { mechanism: 'spf', ip: null, domain: null, receiver: 'gmail' },
  },
  {
    name: 'Gmail SPF check, the address replaced by something that is no address',
    reply: '550-5.7.26 This message does not pass authentication checks (SPF and DKIM both do not pass). SPF check for [someone@sender.example] does not pass with ip: [12.345.678.9101].',
    expected: { mechanism: 'spf', ip: null, domain: 'sender.example', sender: 'someone@sender.example', receiver: 'gmail' },
  },
  {
    name: 'Gmail SPF check, the reply cut before the address',
    reply: '550-5.7.26 For this message, DKIM checks did not pass and SPF check for [sender.example] did not pass',
    expected: { mechanism: 'spf', ip: null, domain: 'sender.example', receiver: 'gmail' },
  },
  {
    name: 'Hotmail domain owner policy, address written as a word',
    reply: '550 5.7.0 Unfortunately, messages from (IP) on behalf of (example.org) could not be delivered due to domain owner policy restrictions.',
    expected: { mechanism: 'dmarc', ip: null, domain: 'example.org', domainRole: 'header-from' },
  },
  {
    name: 'Hotmail domain owner policy, both masked',
    reply: '550 5.7.0 messages from (x.x.x.x) on behalf of (***) could not be delivered due to domain owner policy restrictions',
    expected: { mechanism: 'dmarc', ip: null, domain: null },
  },
  {
    name: 'Exim SPF, the reply cut after "from"',
    reply: '550 SPF: 198.51.100.23 is not allowed to send mail from',
    expected: { mechanism: 'spf', ip: '198.51.100.23', domain: null },
  },
  {
    name: 'Exim SPF, the address hidden by an ellipsis',
    reply: '550 SPF: 198.51.100.23 is not allowed to send mail from \u2026',
    expected: { mechanism: 'spf', ip: '198.51.100.23', domain: null, sender: null },
  },
  {
    name: 'Mail::SPF local explanation with the address and the sender left out',
    reply: '554 5.7.1 <bob@example.net>: Recipient address rejected: Rejected by SPF: is not a designated mailserver for (context mfrom, on mx.example.net)',
    expected: { mechanism: 'spf', ip: null, domain: null },
  },
  {
    name: 'Gmail DMARC with the domain hidden',
    reply: "550-5.7.26 Unauthenticated email from [hidden] is not accepted due to domain's DMARC policy.",
    expected: { mechanism: 'dmarc', domain: null, receiver: 'gmail' },
  },
  {
    name: 'TOAST.net SPF with the first and last numbers masked',
    reply: '550 xxx.51.100.xxx does not pass SPF requirements for the domain',
    expected: { mechanism: 'spf', ip: null },
  },
  {
    name: 'Yandex help page placeholders',
    reply: '550 5.7.1 SPF check failed: IP_host is not authorized to send in the name of domain_name.',
    expected: { mechanism: 'spf', ip: null, domain: null },
  },
  {
    name: 'Rackspace DMARC with the domain snipped',
    reply: '550 5.7.1 Email rejected per DMARC policy for ... (G15)',
    expected: { mechanism: 'dmarc', domain: null },
  },
];

describe('hidden or cut names in a refusal', () => {
  for (const { name, reply, expected } of HIDDEN) {
    it(`${name}: read alone, in each notice, and passed by the pre-filter`, () => {
      expect(readBounceText(reply)).toMatchObject({ authFailure: true, ...expected });
      const { receiver: _receiver, ...facts } = expected;
      for (const wrap of Object.values(NOTICE_SHELLS)) expect(readBounceText(wrap([reply]))).toMatchObject({ authFailure: true, ...facts });
      // without its reply code, as a help page quotes it
      const codeless = reply.replace(/^[45]\d\d[ -](?:[45]\.\d{1,3}\.\d{1,3} )?/, '');
      expect(looksLikeBounce(`Hello,\n${codeless}\nThanks`), codeless).toBe(true);
    });
  }

  it('reads the real names exactly as before', () => {
    expect(readBounceText('550 SPF: 198.51.100.23 is not allowed to send mail from bob@example.org.')).toMatchObject({ ip: '198.51.100.23', domain: 'example.org', sender: 'bob@example.org' });
    expect(readBounceText('550 5.7.0 messages from (192.0.2.9) on behalf of (example.com) could not be delivered due to domain owner policy restrictions')).toMatchObject({
      ip: '192.0.2.9',
      domain: 'example.com',
    });
    expect(readBounceText("550 5.1.0 192.0.2.44 is not allowed to send from <example.net> per it's SPF Record.")).toMatchObject({ ip: '192.0.2.44', domain: 'example.net' });
    // Mail::SPF's "Why?id=%{S}" link names the sender with its "@" (RFC 7208 section 7.3): one that lost the percent
    // signs of "%40" and "%3D" names no identity, and is never read as a domain
    const mangled = readBounceText('550 5.7.23 SPF validation failed. Please see http://www.openspf.org/Why?id=btv13d3d29155398dde3d3dana.lopes40example.com&ip=192.0.2.249&receiver=cp86.example.net : Reason: default');
    expect(mangled).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.249', domain: null, sender: null });
    expect(readBounceText('550 5.7.1 Please see http://www.openspf.org/Why?id=ana.lopes%40example.com&ip=192.0.2.249')).toMatchObject({ domain: 'example.com', sender: 'ana.lopes@example.com' });
    // the apostrophe left out, as an Exchange notice relaying GoDaddy's refusal shows it
    expect(readBounceText('#550 5.1.1 192.0.2.44 is not allowed to send from <example.net> per its SPF Record. Please inspect your SPF settings, and try again. IB508 ##')).toMatchObject({ authFailure: true, mechanism: 'spf', ip: '192.0.2.44', domain: 'example.net', receiver: 'godaddy' });
  });

  it('takes no placeholder where a real name stands next to a word', () => {
    // "domain" and "IP" are words of the placeholder set; a text that names a real domain keeps it
    expect(readBounceText('550 5.7.1 DMARC failure for domain example.org, policy reject')).toMatchObject({ domain: 'example.org' });
    expect(readBounceText('550 5.7.1 DMARC failure for domain redacted, policy reject')).toMatchObject({ authFailure: true, domain: null });
  });
});
