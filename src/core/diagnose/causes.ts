import type { LintId } from '../spf/lint';
import { BODY_CHANGED } from '../dkim/words';

/**
 * The causes a diagnosis can name, most important first, with the words a user reads. One row per cause:
 * adding a cause is adding a row. Ids are a public contract (cli-contract.md): never rename them.
 */
export type CauseId =
  | 'domain-not-found'
  | 'dns-error'
  | 'resolvers-disagree'
  | 'no-record'
  | 'multiple-records'
  | 'syntax-error'
  | 'too-many-lookups'
  | 'void-lookups'
  | 'return-path-domain'
  | 'forwarding'
  | 'provider-not-included'
  | 'ip-not-listed'
  | 'include-without-spf'
  | 'dkim-key-missing'
  | 'dkim-key-revoked'
  | 'dkim-key-invalid'
  | 'dkim-not-aligned'
  | 'dkim-not-signed'
  | 'dkim-body-changed'
  | 'spf-not-aligned'
  | 'no-dmarc-record'
  | 'permissive-all'
  | 'softfail-policy'
  | 'dmarc-policy'
  | 'passes-now';

/** What the words may mention; every field is optional, rows use what they need. */
export interface CauseContext {
  domain: string;
  ip: string | null;
  result: string | null;
  service: string | null;
  serviceInclude: string | null;
  serviceSetting: string | null;
  ptrName: string | null;
  lookups: number | null;
  detail: string | null;
  ttl: number | null;
  /** the header From domain DMARC is evaluated for, when the bounce gives one */
  fromDomain?: string | null;
  /** the DKIM signature a DKIM cause is about (the aligned one first) */
  dkim?: { domain: string; selector: string } | null;
  /** the sending service whose DKIM settings must change, with where they are and what it asks to publish */
  dkimService?: { name: string; where: string; publish: string } | null;
}

export interface CauseWords {
  /** RFC 7208 (or 7489) sections behind the cause, for the expert details */
  rfc: string[];
  title(c: CauseContext): string;
  summary(c: CauseContext): string;
  steps(c: CauseContext): string[];
}

const ipOr = (c: CauseContext, fallback: string): string => c.ip ?? fallback;
const fromOf = (c: CauseContext): string => c.fromDomain ?? c.domain;
const keyAt = (c: CauseContext): string => (c.dkim ? `${c.dkim.selector}._domainkey.${c.dkim.domain}` : 'the selector\'s _domainkey name');
const atService = (c: CauseContext): string => (c.dkimService ? ` (${c.dkimService.name})` : '');
/** The steps at the service that signs, or at whoever runs the signing server. */
const signingSteps = (c: CauseContext, own: string[]): string[] =>
  c.dkimService ? [`Open ${c.dkimService.where}.`, `Publish ${c.dkimService.publish.replace(/<domain>/g, fromOf(c))}, exactly as shown.`, 'Send again once the service shows the domain as verified.'] : own;

/** How long a cached answer may still be served: "about 1 hour". */
export function humanDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours < 36) return `about ${hours} hour${hours === 1 ? '' : 's'}`;
  return `about ${Math.round(seconds / 86400)} days`;
}

/** In order of importance: the first cause present is the main one (what must change to stop the bounce). */
export const CAUSES: Record<CauseId, CauseWords> = {
  'domain-not-found': {
    rfc: ['RFC 7208 section 4.3', 'RFC 7208 section 2.6.1'],
    title: (c) => `${c.domain} does not exist in DNS`,
    summary: (c) =>
      `DNS answers that ${c.domain} does not exist (NXDOMAIN), so it has no SPF policy at all. The domain may have expired, been mistyped, or lost its name servers.`,
    steps: (c) => [
      `Check the registration of ${c.domain} at your registrar: renew it if it expired.`,
      'Check that the name servers listed at the registrar are the ones that hold your zone.',
      'Once the domain resolves again, publish its SPF record.',
    ],
  },
  'dns-error': {
    rfc: ['RFC 7208 section 2.6.6', 'RFC 7208 section 4.4'],
    title: (c) => `DNS for ${c.domain} is failing`,
    summary: (c) =>
      `The SPF check could not finish because DNS lookups failed (${c.detail ?? 'server failure or timeout'}). Receivers then return a temporary error or refuse the message; the record itself may be fine.`,
    steps: () => [
      'The fix is at the name servers, not in the record: check that every name server of the domain answers (e.g. with dig @ns1… for the TXT record).',
      'Look for DNSSEC problems (an expired signature or a DS record at the registrar that no longer matches).',
      'If a sending service\'s name fails, wait and retry, or contact that service.',
    ],
  },
  'resolvers-disagree': {
    rfc: ['RFC 7208 section 4.4'],
    title: (c) => `Resolvers see different SPF records for ${c.domain}`,
    summary: (c) =>
      `Cloudflare and Google answer differently for ${c.domain} (${c.detail ?? 'different records'}). Usually a recent change that has not reached every cache yet${c.ttl === null ? '' : ` (the TTL is ${humanDuration(c.ttl)}, so caches can hold the old answer that long)`}, or name servers that do not all serve the same zone.`,
    steps: (c) => [
      c.ttl === null
        ? 'If you changed the record recently, wait for the old answer to expire and test again.'
        : `If you changed the record recently, wait ${humanDuration(c.ttl)} and test again.`,
      'Otherwise query each of your name servers directly: one of them serves an old or different zone.',
    ],
  },
  'no-record': {
    rfc: ['RFC 7208 section 4.5', 'RFC 7208 section 2.6.1'],
    title: (c) => `${c.domain} has no SPF record`,
    summary: (c) =>
      `${c.domain} publishes no TXT record starting with "v=spf1", so receivers cannot tell which servers may send its mail; many now refuse such mail.`,
    steps: (c) => [`Publish one TXT record at ${c.domain} that lists every server and service that sends as ${c.domain}.`],
  },
  'multiple-records': {
    rfc: ['RFC 7208 section 3.2', 'RFC 7208 section 4.5'],
    title: (c) => `${c.domain} has more than one SPF record`,
    summary: (c) =>
      `${c.domain} publishes several TXT records starting with "v=spf1". The RFC allows exactly one, so every receiver treats the policy as broken (permerror) and SPF fails for everybody.`,
    steps: (c) => [
      `Replace them with one record at ${c.domain} that holds all their terms (below), and delete the others.`,
      'One record can list many servers and services: never publish a second one for a new service.',
    ],
  },
  'syntax-error': {
    rfc: ['RFC 7208 section 4.6', 'RFC 7208 section 12'],
    title: (c) => `The SPF record of ${c.domain} has a syntax error`,
    summary: (c) => `${c.detail ?? 'A term of the record does not parse.'} A record with a syntax error is a permerror: receivers treat it as broken.`,
    steps: () => ['Correct the term shown, then test again.'],
  },
  'too-many-lookups': {
    rfc: ['RFC 7208 section 4.6.4'],
    title: (c) => `The SPF record of ${c.domain} needs too many DNS lookups`,
    summary: (c) =>
      `Evaluating the record takes ${c.lookups ?? 'more than 10'} DNS lookups (include, a, mx, ptr, exists and redirect each count, with everything inside the includes). The limit is 10: past it the result is permerror, which receivers treat as a failure.${c.detail === null ? '' : ` ${c.detail}`}`,
    steps: () => [
      'Remove includes of services you no longer use.',
      "Replace your own a and mx terms by the ip4:/ip6: addresses they stand for (never a sending service's include: services change their addresses).",
    ],
  },
  'void-lookups': {
    rfc: ['RFC 7208 section 4.6.4'],
    title: (c) => `The SPF record of ${c.domain} points at names that do not exist`,
    summary: (c) =>
      `${c.detail ?? 'Terms of the record'} name DNS names that return no answer. More than two such "void lookups" make the result permerror.`,
    steps: () => ['Remove or correct the terms that point at names that do not exist (often a service you left, or a typo).'],
  },
  'return-path-domain': {
    rfc: ['RFC 7208 section 2.4', 'RFC 5321 section 4.4'],
    title: (c) => `SPF was checked for ${c.service ?? 'the sending service'}'s bounce domain, not yours`,
    summary: (c) =>
      `The envelope sender (Return-Path) was at ${c.domain}, a domain of ${c.service ?? 'the sending service'}. SPF is checked for that domain, so your own record plays no part and changing it cannot fix this.`,
    steps: (c) => [
      `Set up a custom return-path (bounce) domain at ${c.service ?? 'the service'}${c.serviceSetting === null ? '' : `: ${c.serviceSetting}`}.`,
      `Or ask ${c.service ?? 'the service'} why its server ${ipOr(c, 'the sending server')} is not covered by its own record.`,
    ],
  },
  forwarding: {
    rfc: ['RFC 7208 appendix D', 'RFC 7208 section 11.1'],
    title: (c) => `The message was probably forwarded${c.service === null ? '' : ` by ${c.service}`}`,
    summary: (c) =>
      `${ipOr(c, 'The server')}${c.ptrName === null ? '' : ` (${c.ptrName})`} belongs to ${c.service ?? 'a forwarder or mailing list'}, which passed the message on after it left your servers. SPF checks the last hop, so a forwarded message fails SPF and no change to your record can fix that for every forwarder.`,
    steps: () => [
      'Sign your mail with DKIM: a DKIM signature survives forwarding, and DMARC passes on it.',
      'Ask the forwarder to use SRS (rewrite the envelope sender) or ARC, or to forward to an address that does not check SPF so strictly.',
      'If this server is actually one you send through, add it as the fix below shows.',
    ],
  },
  'provider-not-included': {
    rfc: ['RFC 7208 section 5.2'],
    title: (c) => `${c.service ?? 'A sending service'} is missing from the SPF record of ${c.domain}`,
    summary: (c) =>
      `${ipOr(c, 'The sending server')} belongs to ${c.service ?? 'a sending service'} (it is covered by include:${c.serviceInclude ?? '…'}), but the SPF record of ${c.domain} does not include it, so mail you send through ${c.service ?? 'the service'} fails SPF.`,
    steps: (c) => [`Add include:${c.serviceInclude ?? '…'} to the SPF record of ${c.domain}, before its "all" (the verified record is below).`],
  },
  'ip-not-listed': {
    rfc: ['RFC 7208 section 5', 'RFC 7208 section 5.6'],
    title: (c) => `${ipOr(c, 'The sending server')} is not in the SPF record of ${c.domain}`,
    summary: (c) =>
      `${ipOr(c, 'The server')}${c.ptrName === null ? '' : ` (${c.ptrName})`} sent the message, but no term of the SPF record of ${c.domain} covers it${c.detail === null ? '' : `: ${c.detail}`}. This is typical after moving to a new server or host.`,
    steps: (c) => [
      `If ${ipOr(c, 'this server')} is yours, add it to the record (the verified record is below).`,
      'If you do not know this server, do not add it: someone may be sending as your domain.',
    ],
  },
  'include-without-spf': {
    rfc: ['RFC 7208 section 5.2'],
    title: (c) => `The SPF record of ${c.domain} includes a name that has no SPF record`,
    summary: (c) => `${c.detail ?? 'An include points at a name without an SPF record'}: an include of a name with no SPF record is a permerror.`,
    steps: () => ['Correct the include to the name the service documents, or remove it if you no longer use that service.'],
  },
  'dkim-key-missing': {
    rfc: ['RFC 6376 section 3.6.2.1', 'RFC 6376 section 6.1.2'],
    title: (c) => `No DKIM key is published at ${keyAt(c)}`,
    summary: (c) =>
      `The message was signed with DKIM${c.dkim ? ` (selector "${c.dkim.selector}", domain ${c.dkim.domain})` : ''}${atService(c)}, but DNS has no key there, so every receiver fails the signature. The key was never published, was published under another name, or was deleted.${c.detail === null ? '' : ` (${c.detail})`}`,
    steps: (c) =>
      signingSteps(c, [
        `Find the system that signs with selector "${c.dkim?.selector ?? '?'}" (your mail server or sending service): it shows the public key to publish.`,
        `Publish it as a TXT record at ${keyAt(c)}.`,
        'Send again once the record is visible.',
      ]),
  },
  'dkim-key-revoked': {
    rfc: ['RFC 6376 section 3.6.1'],
    title: (c) => `The DKIM key at ${keyAt(c)} was revoked`,
    summary: (c) => `The key record has an empty "p=": the key was withdrawn, yet mail is still signed with it${atService(c)}. Every signature with it fails.`,
    steps: (c) =>
      c.dkimService
        ? [`Open ${c.dkimService.where}: turn DKIM off and on again (or rotate the key) so it signs with a published key.`, `Publish ${c.dkimService.publish.replace(/<domain>/g, fromOf(c))}, exactly as shown.`]
        : ['Make the signing system sign with a current key and selector, or publish again the key of the selector it still uses.'],
  },
  'dkim-key-invalid': {
    rfc: ['RFC 6376 section 3.6.1', 'RFC 8301 section 3.2'],
    title: (c) => `The DKIM key at ${keyAt(c)} cannot be used`,
    summary: (c) => `${c.detail ?? 'The key record is malformed'}. Receivers cannot verify any signature with it, so DKIM fails${atService(c)}.`,
    steps: (c) =>
      signingSteps(c, [
        'Copy the key record again from the signing system: a lost or added character breaks it.',
        'Publish it as one TXT record (a long key is split into several strings of one record, never into several records).',
        'Use an RSA key of 2048 bits (at least 1024) or Ed25519.',
      ]),
  },
  'dkim-not-aligned': {
    rfc: ['RFC 9989 section 4.4.1', 'RFC 6376 section 3.5'],
    title: (c) => `DKIM signs with ${c.dkim?.domain ?? 'another domain'}, not with ${fromOf(c)}`,
    summary: (c) =>
      `${c.detail === null ? 'The signing domain does not align with the From domain' : `The message was ${c.detail}`}. DMARC counts a DKIM signature only when its domain is ${fromOf(c)} or shares its organisational domain. A sending service signs with its own domain until your domain is set up in its settings.`,
    steps: (c) =>
      c.dkimService
        ? [`Open ${c.dkimService.where}.`, `Publish ${c.dkimService.publish.replace(/<domain>/g, fromOf(c))}.`, `Once verified, ${c.dkimService.name} signs with d=${fromOf(c)} and DMARC passes through DKIM.`]
        : [`Make the sending system sign with d=${fromOf(c)} (or a subdomain of it), and publish its key under ${fromOf(c)}.`],
  },
  'dkim-not-signed': {
    rfc: ['RFC 6376 section 3.5', 'RFC 9989 section 4.4.1'],
    title: () => 'The message has no DKIM signature',
    summary: (c) =>
      `The returned message carries no DKIM-Signature, so only SPF could pass DMARC for ${fromOf(c)}. A DKIM signature of ${fromOf(c)} also survives forwarding, which SPF does not.`,
    steps: (c) => [`Turn on DKIM signing for ${fromOf(c)} where you send from (your mail server, or your mail service's domain authentication page), and publish the key it gives you.`],
  },
  'dkim-body-changed': {
    rfc: ['RFC 6376 section 6.1.3', 'RFC 9989 section 4.4.1'],
    title: (c) => `Something changed the message after ${c.dkim?.domain ?? fromOf(c)} signed it`,
    summary: (c) =>
      `The DKIM signature${c.dkim ? ` of d=${c.dkim.domain} (selector "${c.dkim.selector}")` : ''} no longer matches the message body${c.detail === null ? '' : ` (${c.detail})`}: ${BODY_CHANGED}. The key is fine; the body that arrived is not the body that was signed, so DKIM failed and DMARC for ${fromOf(c)} had only SPF left.`,
    steps: (c) => [
      'Find what rewrites your mail after it is signed: a mailing list (footer, subject tag), an outbound security gateway (link rewriting, disclaimers), an antivirus notice.',
      `Sign after the last change: have that gateway or list sign with d=${fromOf(c)}, or stop it rewriting your mail.`,
      `Make SPF pass aligned too (a return path under ${fromOf(c)}), so one change on the way does not fail DMARC.`,
    ],
  },
  'spf-not-aligned': {
    rfc: ['RFC 9989 section 4.4.2', 'RFC 7208 section 2.4'],
    title: (c) => `SPF was checked for ${c.domain}, not for ${fromOf(c)}`,
    summary: (c) =>
      `The envelope sender (Return-Path) is at ${c.domain}${c.service === null ? '' : `, ${c.service}'s domain`}. DMARC counts SPF only when that domain is ${fromOf(c)} or shares its organisational domain, so no SPF record of yours can make this message pass DMARC.`,
    steps: (c) =>
      c.serviceSetting !== null && c.service !== null
        ? [`In ${c.service}: ${c.serviceSetting}, so the return path is under ${fromOf(c)}.`, `Or make DKIM pass with d=${fromOf(c)}: one aligned pass is enough.`]
        : [`Send with an envelope sender (Return-Path) under ${fromOf(c)}, or sign with DKIM for ${fromOf(c)}: one aligned pass is enough.`],
  },
  'no-dmarc-record': {
    rfc: ['RFC 9989 section 4.10.1'],
    title: (c) => `${fromOf(c)} has no DMARC record`,
    summary: (c) =>
      `No DMARC policy applies to ${fromOf(c)}: not at _dmarc.${fromOf(c)}, nor above it (DNS tree walk). Gmail, Yahoo and Microsoft require one of bulk senders and refuse or junk their mail without it.`,
    steps: (c) => [
      `Publish a TXT record at _dmarc.${fromOf(c)}: "v=DMARC1; p=none; rua=mailto:dmarc-reports@${fromOf(c)}" (a monitoring policy to start; use a mailbox you read).`,
      `Once SPF or DKIM passes aligned with ${fromOf(c)}, move to p=quarantine, then p=reject.`,
    ],
  },
  'permissive-all': {
    rfc: ['RFC 7208 section 5.1'],
    title: (c) => `The SPF record of ${c.domain} allows any server`,
    summary: (c) => `${c.detail ?? 'The record ends in "+all" or "?all"'}: it lets anyone send as ${c.domain}, so SPF protects nothing and receivers distrust it.`,
    steps: () => ['End the record with "~all" (softfail) or "-all" (fail) once every sender is listed.'],
  },
  'softfail-policy': {
    rfc: ['RFC 7208 section 2.6.5', 'RFC 7208 section 8.5'],
    title: (c) =>
      c.result === 'neutral'
        ? 'The record says nothing about this server (neutral), and the receiver refused it'
        : 'The record ends in "~all", and the receiver refused the softfail',
    summary: (c) =>
      `For ${ipOr(c, 'this server')} the result was ${c.result ?? 'softfail'}: "~all" asks receivers to accept but mark mail from unlisted servers; this receiver (or its DMARC policy) chose to refuse it. The server still has to be listed.`,
    steps: () => ['List the server as the main cause says. Keep "~all" while you find all your senders, then move to "-all".'],
  },
  'dmarc-policy': {
    rfc: ['RFC 9989 section 4.10.1', 'RFC 9989 section 5.3'],
    title: (c) => `${c.domain}'s DMARC policy refused the message`,
    summary: (c) =>
      `The receiver applied the DMARC policy of ${c.domain}${c.detail === null ? '' : ` (${c.detail})`}: the message needs SPF to pass for a domain aligned with the From address, or a valid DKIM signature of that domain.`,
    steps: (c) => [
      `Make SPF pass for the envelope domain and keep it aligned with ${c.domain} (same domain or a subdomain).`,
      'Sign with DKIM for the From domain: it also survives forwarding.',
    ],
  },
  'passes-now': {
    rfc: ['RFC 7208 section 2.6.3'],
    title: (c) => `${ipOr(c, 'The server')} passes SPF for ${c.domain} now`,
    summary: (c) =>
      `Today's record allows ${ipOr(c, 'the server')}. The record was probably fixed after the bounce, or the receiver still had the old answer cached${c.ttl === null ? '' : ` (TTL ${humanDuration(c.ttl)})`}.`,
    steps: (c) => [c.ttl === null ? 'Send the message again.' : `Send the message again; if it bounces, wait ${humanDuration(c.ttl)} for caches to expire.`],
  },
};

export const CAUSE_ORDER = Object.keys(CAUSES) as CauseId[];

/** Lint findings that are causes of their own; the rest stay in the lint report. */
export const LINT_CAUSES: Partial<Record<LintId, CauseId>> = {
  'no-record': 'no-record',
  'multiple-records': 'multiple-records',
  'syntax-error': 'syntax-error',
  'ip4-hostname': 'syntax-error',
  'unknown-mechanism': 'syntax-error',
  'include-typo': 'syntax-error',
  'too-many-lookups': 'too-many-lookups',
  'too-many-void-lookups': 'void-lookups',
  'include-without-spf': 'include-without-spf',
  'include-loop': 'too-many-lookups',
  'pass-all': 'permissive-all',
  'neutral-all': 'permissive-all',
  'dns-error': 'dns-error',
};
