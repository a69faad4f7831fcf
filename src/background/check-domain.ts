/**
 * `check-domain`: the popup's hand-made check. With an IP it is RFC 7208 check_host() through the SPF engine;
 * without one it shows the domain's SPF record(s). DNS goes to the user's DoH resolvers only.
 */
import ipaddr from 'ipaddr.js';
import { CachingResolver, DohResolver, normaliseName } from '../core/dns';
import type { Resolver } from '../core/dns';
import { LOOKUP_LIMIT, VOID_LIMIT, checkHost, domainProblem, isSpfRecord } from '../core/spf';
import type { CheckDomainMessage, DomainCheck, Reply } from '../messages';
import { resolverUrls } from '../options/settings';
import { loadSettings } from '../options/storage';

/** One cache per resolver order, so answers are reused across checks until the user picks other resolvers. */
let shared: { endpoints: string; resolver: Resolver } | undefined;

async function currentResolver(): Promise<Resolver> {
  const endpoints = resolverUrls(await loadSettings());
  const key = endpoints.join(' ');
  if (shared?.endpoints !== key) shared = { endpoints: key, resolver: new CachingResolver(new DohResolver({ endpoints })) };
  return shared.resolver;
}

/** The domain's SPF records as published (RFC 7208 section 4.5: TXT records that begin with "v=spf1"). */
async function spfRecords(resolver: Resolver, domain: string, check: DomainCheck): Promise<void> {
  const txt = await resolver.lookup(domain, 'TXT');
  if (!txt.ok) {
    check.notes.push(txt.message);
    return;
  }
  check.records = txt.records.flatMap((r) => (r.type === 'TXT' && isSpfRecord(r.text) ? [r.text] : []));
  // RFC 7208 section 4.5: more than one SPF record is a permerror
  if (check.records.length > 1) {
    check.notes.push(`${domain} publishes ${check.records.length} SPF records; receivers treat that as a permanent error (permerror).`);
  }
}

export async function checkDomain(message: CheckDomainMessage): Promise<Reply<'check-domain'>> {
  const domain = normaliseName(message.domain);
  const problem = domainProblem(domain);
  if (problem !== null) return { ok: false, error: problem };
  // a zone index (fe80::1%eth0) names a local interface, never a mail client's address
  if (message.ip !== undefined && (!ipaddr.isValid(message.ip) || message.ip.includes('%'))) {
    return { ok: false, error: `"${message.ip}" is not an IPv4 or IPv6 address` };
  }
  const resolver = await currentResolver();
  const check: DomainCheck = { domain, ip: message.ip ?? null, records: [], notes: [] };
  await spfRecords(resolver, domain, check);
  if (message.ip !== undefined) {
    // cli-contract.md: without a sender, macros see postmaster@DOMAIN and the HELO name DOMAIN
    const helo = message.helo ?? domain;
    const evaluation = await checkHost(
      { ip: message.ip, domain, sender: message.sender ?? `postmaster@${domain}`, helo },
      { resolver },
    );
    check.result = evaluation.result;
    check.reason = evaluation.reason;
    check.explanation = evaluation.explanation;
    check.lookups = { ...evaluation.lookups, limit: LOOKUP_LIMIT, voidLimit: VOID_LIMIT };
    check.notes.push(...evaluation.dnsErrors);
  }
  return { ok: true, check };
}
