/**
 * A record change that lets a new sender pass is a question before it is a record: a bounce is untrusted
 * input, and a forged one can name any IP or any service's range. The words of the question and of the
 * answer "no" live here, once, for the banner, the popup and the CLI (cli-contract.md: fix.authorizes).
 */
import type { ReverseDns } from './reverse-dns';

/** Who a fix lets pass that does not pass today: an IP, or every customer of a sending service. */
export interface Authorization {
  kind: 'ip' | 'service';
  /** the address, or the service's name */
  value: string;
  /** the question the user must answer yes to before publishing */
  question: string;
  /** what the answer "no" means and what to do instead (refusalAdvice), so no front end builds it */
  ifNot: string;
}

/** "Is 203.0.113.77 (mail.example.com, confirmed) your server?": a reverse DNS name only when forward-confirmed. */
export function ipAuthorization(ip: string, rdns: ReverseDns | null, ifNot: string): Authorization {
  const named = rdns !== null && rdns.name !== null && rdns.confirmed ? ` (${rdns.name}, confirmed)` : '';
  return { kind: 'ip', value: ip, question: `Is ${ip}${named} your server?`, ifNot };
}

/** "Do you send mail through SendGrid?" */
export function serviceAuthorization(serviceName: string, ifNot: string): Authorization {
  return { kind: 'service', value: serviceName, question: `Do you send mail through ${serviceName}?`, ifNot };
}

/**
 * What the answer "no" means, and what to do instead. RFC 7489 section 6.3: a DMARC record at
 * _dmarc.<domain> with p=quarantine or p=reject asks receivers to refuse mail that fails SPF and DKIM for
 * the domain, and rua= gets the receivers' aggregate reports of who sends as it.
 */
export function refusalAdvice(domain: string, dmarc: { name: string; policy: string | null } | null): string {
  const what = `Do not publish the record: a server you do not run is sending mail as ${domain}, and this bounce came back to you.`;
  // the DMARC record known for this very domain (a DMARC bounce's is the From domain's, which may differ)
  if (dmarc !== null && dmarc.name === `_dmarc.${domain}` && (dmarc.policy === 'reject' || dmarc.policy === 'quarantine')) {
    return `${what} Your DMARC policy (p=${dmarc.policy} at ${dmarc.name}) already tells receivers to refuse such mail: keep it, and read its reports to see who sends as ${domain}.`;
  }
  return `${what} Protect the domain with DMARC: publish a TXT record at _dmarc.${domain} such as "v=DMARC1; p=quarantine; rua=mailto:postmaster@${domain}". Receivers then quarantine mail that others send as ${domain} and send reports of it to that address. If you are not sure yet that all your own mail passes SPF or DKIM, start with p=none and read the reports first.`;
}

/** How the evidence card's line with the proposed record begins (diagnose.ts writes it). */
export const PROPOSED_RECORD = 'Proposed record';

/**
 * The evidence card as it may be shown before the user has answered fix.authorizes.question: the proposed
 * record's line says that it waits for the answer, so no record that lets a new sender pass is on screen.
 */
export function evidenceBeforeAnswer(evidence: string): string {
  return evidence
    .split('\n')
    .map((line) => (line.startsWith(`${PROPOSED_RECORD} (`) ? `${PROPOSED_RECORD}: shown once the question above is answered yes` : line))
    .join('\n');
}
